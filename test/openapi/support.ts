/**
 * What the errmap/openapi tests share: an ajv (draft 2020-12, strict, with formats) that
 * validates a body against a schema of a generated document, `$ref`s resolved in it.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { JsonSchema } from '../../src/openapi/index.js'

// ajv-formats is CommonJS: its default export arrives as the module or as the function.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv2020) => Ajv2020

/** A fresh ajv for draft 2020-12, strict (an unknown keyword or a bad schema fails). */
export const newAjv = (): Ajv2020 => {
  const ajv = new Ajv2020({ strict: true, allErrors: false, validateFormats: true })
  addFormats(ajv)
  // The parts of an OpenAPI document that hold schemas, so refs can point into one.
  for (const keyword of [
    'openapi',
    'info',
    'paths',
    'components',
    'responses',
    'content',
    'headers',
  ])
    ajv.addKeyword({ keyword })
  return ajv
}

let next = 0

/**
 * Adds a document to ajv under a fresh id; `compile(pointer)` then compiles the schema at
 * that JSON Pointer of the document (`/components/schemas/ErrmapJson`).
 */
export const withDocument = (
  ajv: Ajv2020,
  doc: { readonly components: { readonly schemas: Readonly<Record<string, JsonSchema>> } } & Record<
    string,
    unknown
  >,
) => {
  const id = `https://errmap.test/doc/${next++}`
  ajv.addSchema({ $id: id, ...doc })
  const cache = new Map<string, ValidateFunction>()
  return (pointer: string): ValidateFunction => {
    let v = cache.get(pointer)
    if (v === undefined) {
      v = ajv.compile({ $ref: `${id}#${pointer}` })
      cache.set(pointer, v)
    }
    return v
  }
}

/** A JSON Pointer token (RFC 6901). */
export const token = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1')
