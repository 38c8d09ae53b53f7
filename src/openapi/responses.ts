/**
 * OpenAPI 3.1 response objects of a policy's errors: per status, per variant, and the
 * `responses` of one operation, with the media types the policy negotiates, each body's
 * schema, the headers `toResponse` writes, and masked errors described as masked.
 *
 * @since 0.2.0
 */
import type { Format } from '../format/Format.js'
import type { HttpError } from '../model/HttpError.js'
import { reason, type ErrorStatus } from '../model/Status.js'
import { defaultPolicy, resolve, type Policy } from '../policy/Policy.js'
import { toResponse } from '../response/toResponse.js'
import {
  bodySchemas,
  kindOf,
  ref,
  schemaName,
  type Json,
  type JsonObject,
  type JsonSchema,
  type Kind,
} from './schema.js'
import {
  descriptions,
  headersOf,
  maskedNote,
  policyTargets,
  targetsOf,
  targetsOfTag,
  type DescribeOptions,
  type DomainTargets,
  type Produces,
  type Target,
} from './targets.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An OpenAPI 3.1 Header Object.
 *
 * @category model
 * @since 0.2.0
 */
export interface HeaderObject {
  readonly description: string
  readonly required: boolean
  readonly schema: JsonSchema
  readonly example: string
}

/**
 * An OpenAPI 3.1 Media Type Object: a body's schema and an example of it.
 *
 * @category model
 * @since 0.2.0
 */
export interface MediaTypeObject {
  readonly schema: JsonSchema
  readonly example: Json
}

/**
 * An OpenAPI 3.1 Response Object.
 *
 * @category model
 * @since 0.2.0
 */
export interface ResponseObject {
  readonly description: string
  readonly headers: Readonly<Record<string, HeaderObject>>
  readonly content: Readonly<Record<string, MediaTypeObject>>
}

/**
 * The components a policy's error responses need, to merge into a document's
 * `components`: the body schemas, and a response per status (`Errmap404`) and per variant
 * (`ErrmapNotFound`; `ErrmapUnprocessableContent.400` when a remap gives a variant several
 * statuses).
 *
 * @category model
 * @since 0.2.0
 */
export interface Components {
  readonly schemas: Readonly<Record<string, JsonSchema>>
  readonly responses: Readonly<Record<string, ResponseObject>>
}

/**
 * What `components` takes beyond the policy: `DescribeOptions`, and the JSON Schemas of
 * the bodies of your own formats, by media type.
 *
 * @category model
 * @since 0.2.0
 */
export interface OpenApiOptions extends DescribeOptions {
  readonly schemas?: Readonly<Record<string, JsonSchema>>
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// The formats a client can get, each media type once (negotiation picks the first).
const formatsOf = (p: Policy): ReadonlyArray<readonly [Format, Kind]> => {
  const seen = new Set<string>()
  const out: Array<readonly [Format, Kind]> = []
  for (const f of p.formats) {
    if (seen.has(f.mediaType)) continue
    seen.add(f.mediaType)
    out.push([f, kindOf(f)])
  }
  return out
}

const headerNames: Readonly<Record<string, readonly [string, string]>> = {
  'www-authenticate': ['WWW-Authenticate', 'The authentication challenges (RFC 9110 §11.6.1).'],
  allow: ['Allow', 'The methods the resource supports (RFC 9110 §10.2.1); may be empty.'],
  'retry-after': [
    'Retry-After',
    'When to try again: seconds, or an HTTP-date (RFC 9110 §10.2.3). Sent for 413, 429 and 503 only.',
  ],
  ratelimit: [
    'RateLimit',
    'The quota left under each policy the error names (IETF draft RateLimit header fields for HTTP: `"name";r=…;t=…`). Sent for 429 and 503 only.',
  ],
  'ratelimit-policy': [
    'RateLimit-Policy',
    'The quota policies the error names (same draft: `"name";q=…;w=…`). Sent for 429 and 503 only.',
  ],
  accept: ['Accept', 'The media types the resource accepts, when the error names them.'],
  'accept-post': ['Accept-Post', 'The media types a POST accepts (answers a POST).'],
  'accept-patch': ['Accept-Patch', 'The media types a PATCH accepts (answers a PATCH).'],
  vary: ['Vary', 'The body format was negotiated from `Accept`.'],
  'content-language': [
    'Content-Language',
    "The language of the messages and titles, when `Accept-Language` chose one of the policy's translations.",
  ],
  'x-content-type-options': ['X-Content-Type-Options', 'Always `nosniff`.'],
  'content-security-policy': [
    'Content-Security-Policy',
    "Sent with the bodies of a format that asks for it: `text/html` pages, `default-src 'none'`.",
  ],
  connection: ['Connection', 'A 408 closes the connection (RFC 9110 §15.5.9).'],
}

const constant: ReadonlySet<string> = new Set(['x-content-type-options', 'connection'])

// What `Vary` says: the format negotiated from `Accept`, the language from `Accept-Language`.
const varyOf = (example: string): string => {
  const language = example.includes('Accept-Language')
  const format = example.split(',').some((v) => v.trim() === 'Accept')
  return language
    ? format
      ? 'The body format was negotiated from `Accept`, its language from `Accept-Language`.'
      : 'The language of the body was negotiated from `Accept-Language`.'
    : 'The body format was negotiated from `Accept`.'
}

const headerObjects = (
  p: Policy,
  targets: ReadonlyArray<Target>,
): Readonly<Record<string, HeaderObject>> => {
  const out: Record<string, HeaderObject> = {}
  for (const [name, fact] of headersOf(p, targets)) {
    const [display, described] = headerNames[name] ?? [name, 'Set by the error.']
    const description = name === 'vary' ? varyOf(fact.example) : described
    out[display] = {
      description,
      required: fact.required,
      schema: constant.has(name) ? { const: fact.example } : { type: 'string' },
      example: fact.example,
    }
  }
  return out
}

const parsed = (body: string): Json => {
  try {
    return JSON.parse(body) as Json
  } catch {
    return body
  }
}

const list = (ts: ReadonlyArray<Target>, key: (t: Target) => string): ReadonlyArray<string> => [
  ...new Set(ts.map(key)),
]

const describe = (s: ErrorStatus, targets: ReadonlyArray<Target>, o: DescribeOptions): string => {
  const codes = o.codes ?? {}
  const lines = list(targets, (t) => t.code).map((code) => {
    const at = targets.filter((t) => t.code === code)
    const first = at[0] as Target
    const names = list(at, (t) => t.names.join(', ')).filter((n) => n.length > 0)
    const doc = Object.prototype.hasOwnProperty.call(codes, code) ? codes[code] : undefined
    const text = doc?.description ?? descriptions[first.tag]
    const masked = at.some((t) => t.masked) ? ` ${maskedNote}` : ''
    return `- \`${code}\`${names.length > 0 ? ` (${names.join('; ')})` : ''}: ${text}${masked}`
  })
  return `${s} ${reason(s)}.\n\n${lines.join('\n')}`
}

/**
 * The response object of the targets of one status.
 *
 * @internal
 */
export const responseOf = (
  p: Policy,
  s: ErrorStatus,
  targets: ReadonlyArray<Target>,
  o: DescribeOptions,
): ResponseObject => {
  const content: Record<string, MediaTypeObject> = {}
  const sample = (targets[0] as Target).sample
  for (const [f, k] of formatsOf(p)) {
    const name = schemaName(f, k)
    const body = toResponse(sample, { accept: f.mediaType }, p).body
    content[f.mediaType] = {
      schema:
        k.kind === 'problem'
          ? {
              allOf: [
                ref(name),
                {
                  type: 'object',
                  // A policy that translates may answer with the title in another language.
                  properties:
                    p.messages === undefined
                      ? { status: { const: s }, title: { const: reason(s) } }
                      : { status: { const: s } },
                },
              ],
            }
          : ref(name),
      example: parsed(body),
    }
  }
  return { description: describe(s, targets, o), headers: headerObjects(p, targets), content }
}

const byStatus = (
  targets: ReadonlyArray<Target>,
): ReadonlyArray<readonly [ErrorStatus, Array<Target>]> => {
  const m = new Map<ErrorStatus, Array<Target>>()
  for (const t of targets) {
    const at = m.get(t.status)
    if (at === undefined) m.set(t.status, [t])
    else at.push(t)
  }
  return [...m].sort(([a], [b]) => a - b)
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The components of a policy's error responses (default: the default policy): the JSON
 * Schema of each body format as the policy writes it (with its bounds, a problem format's
 * `typeBase`, errmap's extension members), and a response object per status it can
 * answer and per variant, each with its media types, its headers (`WWW-Authenticate` on
 * 401, `Allow` on 405, `Retry-After` on 413/429/503, `Accept`/`Accept-Post`/`Accept-Patch`
 * on 415, `Vary`, …) and an example body per format. Masked errors are described as
 * masked. Plain JSON data: merge it into your document's `components`.
 *
 * @example
 * import { policy, problem, json } from 'errmap'
 * import { components } from 'errmap/openapi'
 * const c = components(policy({ formats: [json, problem({ typeBase: 'https://errors.example.com/' })] }))
 * const unauthorized = c.responses['Errmap401']
 * assert.deepStrictEqual(Object.keys(unauthorized?.content ?? {}), ['application/json', 'application/problem+json'])
 * assert.strictEqual(unauthorized?.headers['WWW-Authenticate']?.required, true)
 * assert.deepStrictEqual(c.schemas['ErrmapProblem']?.['required'], ['type', 'title', 'status', 'detail', 'code'])
 * assert.match(c.responses['Errmap500']?.description ?? '', /Masked/)
 *
 * @category constructors
 * @since 0.2.0
 */
export const components = (
  policy: Policy = defaultPolicy,
  options: OpenApiOptions = {},
): Components => {
  const p = resolve(policy)
  const responses: Record<string, ResponseObject> = {}
  for (const [s, at] of byStatus(policyTargets(p, options)))
    responses[`Errmap${s}`] = responseOf(p, s, at, options)
  for (const [tag] of Object.entries(descriptions)) {
    if (tag === 'Custom') continue
    const own = byStatus(targetsOfTag(p, tag as Exclude<HttpError['_tag'], 'Custom'>, options))
    for (const [s, at] of own)
      responses[own.length === 1 ? `Errmap${tag}` : `Errmap${tag}.${s}`] = responseOf(
        p,
        s,
        at,
        options,
      )
  }
  return { schemas: bodySchemas(p, formatsOf(p), options.schemas ?? {}), responses }
}

/**
 * The `responses` of one operation, by status, for the errors it can produce: a list of
 * variants (each at every status the policy gives it), statuses (every code the policy
 * answers with it) and errors (their status and code under the policy), or a
 * `DomainTargets` record naming what each domain error of a `mapDomain` mapping becomes
 * (its keys appear in the descriptions). The body schemas are `$ref`s into
 * `components(policy).schemas`. Merge the result into the operation's `responses`.
 *
 * @example
 * import { conflict } from 'errmap'
 * import { responses, type DomainTargets } from 'errmap/openapi'
 * type UserError = { _tag: 'NoSuchUser' } | { _tag: 'EmailTaken' }
 * const targets: DomainTargets<UserError> = {
 *   NoSuchUser: 'NotFound',
 *   EmailTaken: conflict('', { code: 'EMAIL_TAKEN' }),
 * }
 * const r = responses(undefined, targets)
 * assert.deepStrictEqual(Object.keys(r), ['404', '409'])
 * assert.match(r['409']?.description ?? '', /`EMAIL_TAKEN` \(EmailTaken\)/)
 * assert.deepStrictEqual(r['404']?.content['application/json']?.schema, {
 *   $ref: '#/components/schemas/ErrmapJson',
 * })
 *
 * @category constructors
 * @since 0.2.0
 */
export const responses = (
  policy: Policy | undefined,
  errors: ReadonlyArray<Produces> | DomainTargets<{ readonly _tag: string }>,
  options: DescribeOptions = {},
): Readonly<Record<string, ResponseObject>> => {
  const p = resolve(policy ?? defaultPolicy)
  const all = policyTargets(p, options)
  const targets: Array<Target> = []
  const add = (x: Produces | ReadonlyArray<Produces>, names: ReadonlyArray<string>): void => {
    for (const one of Array.isArray(x) ? (x as ReadonlyArray<Produces>) : [x as Produces])
      targets.push(...targetsOf(p, one, options, all, names))
  }
  if (Array.isArray(errors)) add(errors as ReadonlyArray<Produces>, [])
  else
    for (const [name, x] of Object.entries(errors as Readonly<Record<string, Produces>>))
      add(x, [name])
  const out: Record<string, ResponseObject> = {}
  for (const [s, at] of byStatus(targets)) out[String(s)] = responseOf(p, s, at, options)
  return out
}

export type { Json, JsonObject, JsonSchema }
