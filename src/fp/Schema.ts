/**
 * Standard Schema v1 input (zod ≥ 3.24, valibot ≥ 1, arktype ≥ 2, Effect Schema): issues as
 * the same 422 io-ts failures become, and a decode step as a `TaskEither`. A schema and
 * what it answers are values errmap did not build: each is read once, and a validator
 * that throws, rejects or answers outside the specification is a server defect (a masked
 * 500), never a 422 that blames the client.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import { escapeToken } from '../internal/pointer.js'
import { maxIssues, maxItems } from '../internal/read.js'
import type {
  HttpError,
  Internal,
  Issue,
  Location,
  UnprocessableContent,
} from '../model/HttpError.js'
import { internal, unprocessableContent } from '../model/errors.js'
import { cap } from '../policy/View.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One issue of a failed validation: a message and the path to what failed, whose steps
 * are keys or `{ key }` objects.
 *
 * @category model
 * @since 0.2.0
 */
export interface SchemaIssue {
  readonly message: string
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined
}

/**
 * What `validate` answers: the output, or the issues (a falsy `issues` means success).
 *
 * @category model
 * @since 0.2.0
 */
export type SchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<SchemaIssue> }

/**
 * A Standard Schema v1 (https://standardschema.dev), written structurally: any zod ≥ 3.24,
 * valibot ≥ 1, arktype ≥ 2 or Effect Schema value is one, and `Output` is inferred from it.
 *
 * @category model
 * @since 0.2.0
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1
    readonly vendor: string
    readonly validate: (value: unknown) => SchemaResult<Output> | Promise<SchemaResult<Output>>
    readonly types?: { readonly input: Input; readonly output: Output } | undefined
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Standard Schema issues as a 422 whose `issues` point at each failure (a JSON Pointer:
 * `{ key }` steps unwrapped, numbers as indices, a symbol as `Symbol(description)`), with
 * the `location`; duplicates are reported once, at most 10,000 are read, and the failing
 * value is never added (a library's own message may quote it: valibot's do). Issues that
 * are not of the specification (not an array, a message that is not a string, a Proxy
 * that throws) are the validator's defect: a masked 500 with them as `cause`.
 *
 * @example
 * import { fromSchemaIssues } from 'errmap'
 * const e = fromSchemaIssues([{ message: 'Required', path: ['user', { key: 'a/b' }, 0] }], 'query')
 * assert.ok(e._tag === 'UnprocessableContent')
 * assert.deepStrictEqual(e.issues, [{ path: '/user/a~1b/0', message: 'Required', location: 'query' }])
 *
 * @category constructors
 * @since 0.2.0
 */
export const fromSchemaIssues = (
  issues: ReadonlyArray<SchemaIssue>,
  location: Location = 'body',
): UnprocessableContent | Internal => {
  try {
    const read = issuesOf(issues, location)
    return read === undefined
      ? defect(issues)
      : unprocessableContent(read, 'The request is not valid.', { cause: issues })
  } catch (cause) {
    return defect(cause)
  }
}

/**
 * Validates input with a Standard Schema v1 (sync or async): its output (transforms
 * applied), or a 422 naming the location (see `fromSchemaIssues`). The schema is read once,
 * here; a validator that throws, rejects or answers something that is neither `{ value }`
 * nor `{ issues }` gives a masked 500 with what went wrong as `cause`. The task never
 * rejects.
 *
 * @example
 * import { decodeSchema } from 'errmap'
 * import * as z from 'zod'
 * const decode = decodeSchema(z.object({ id: z.coerce.number() }), 'query')
 * decode({ id: '42' })().then((r) => assert.deepStrictEqual(r, { _tag: 'Right', right: { id: 42 } }))
 * decode({})().then((r) => assert.strictEqual(r._tag === 'Left' && r.left.code, 'UNPROCESSABLE_CONTENT'))
 *
 * @category constructors
 * @since 0.2.0
 */
export const decodeSchema = <A>(
  schema: StandardSchemaV1<unknown, A>,
  location: Location = 'body',
): ((input: unknown) => TaskEither<HttpError, A>) => {
  const validator = validatorOf(schema)
  return (input) => async () => {
    if (E.isLeft(validator)) return validator
    try {
      return resultOf<A>(await validator.right(input), location)
    } catch (cause) {
      return E.left(defect(cause))
    }
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// A pointer longer than this is cut (with `…`): a key is the client's, and may be huge.
const maxPointerLength = 1024

type Bag = Readonly<Record<PropertyKey, unknown>>

const isObject = (u: unknown): u is Bag => typeof u === 'object' && u !== null

// A schema may be a function (arktype's are).
const hasFields = (u: unknown): u is Bag => isObject(u) || typeof u === 'function'

// One step of a path as a token, or `undefined` when it is not a key nor a `{ key }`.
// A symbol is written as `String` writes it (`Symbol(description)`).
const tokenOf = (step: unknown): string | undefined => {
  const key = isObject(step) ? step['key'] : step
  // Cut early only so that a huge key is never escaped whole: `pointerOf` cuts the pointer
  // to the same length after, so no answer changes with these (equivalent mutants).
  if (typeof key === 'string')
    // Stryker disable next-line EqualityOperator,MethodExpression: equivalent, see above
    return key.length > maxPointerLength ? key.slice(0, maxPointerLength) : key
  if (typeof key === 'number') return String(key)
  if (typeof key !== 'symbol') return undefined
  const d = key.description ?? ''
  // Stryker disable next-line ConditionalExpression,EqualityOperator,MethodExpression: equivalent, see above
  return `Symbol(${d.length > maxPointerLength ? d.slice(0, maxPointerLength) : d})`
}

// A path as a JSON Pointer: at most `maxItems` steps (deeper, it names an ancestor) and
// `maxPointerLength` characters; `undefined` when the path or a step is not of the spec.
const pointerOf = (path: unknown): string | undefined => {
  if (path === undefined) return ''
  if (!Array.isArray(path)) return undefined
  const steps: ReadonlyArray<unknown> = path
  const n = Math.min(steps.length, maxItems)
  let p = ''
  for (let i = 0; i < n; i++) {
    const token = tokenOf(steps[i])
    if (token === undefined) return undefined
    p += '/' + escapeToken(token)
    // `cap` keeps a pointer of exactly `maxPointerLength` as it is: `>=` is equivalent.
    // Stryker disable next-line EqualityOperator: equivalent, see above
    if (p.length > maxPointerLength) return cap(p, maxPointerLength)
  }
  return p
}

// The issues, each field read once, at most `maxIssues`, duplicates (the same pointer and
// message) once; `undefined` when the list or an issue read is not of the spec. May throw.
const issuesOf = (u: unknown, location: Location): ReadonlyArray<Issue> | undefined => {
  if (!Array.isArray(u)) return undefined
  const list: ReadonlyArray<unknown> = u
  const n = Math.min(list.length, maxIssues)
  // Pointer → messages: no key is built by concatenating a (possibly huge) message.
  const seen = new Map<string, Set<string>>()
  const out: Array<Issue> = []
  for (let i = 0; i < n; i++) {
    const item = list[i]
    if (!isObject(item)) return undefined
    const message = item['message']
    if (typeof message !== 'string') return undefined
    const path = pointerOf(item['path'])
    if (path === undefined) return undefined
    const messages = seen.get(path)
    if (messages === undefined) seen.set(path, new Set([message]))
    else if (messages.has(message)) continue
    else messages.add(message)
    out.push({ path, message, location })
  }
  return out
}

// A validator that failed as a validator: the server's defect, masked.
const defect = (cause: unknown): Internal => internal(undefined, { cause })

// The schema's `validate`, bound to its `~standard` object, each read once; a masked 500
// when it is not a version 1 schema.
const validatorOf = (schema: unknown): E.Either<HttpError, (input: unknown) => unknown> => {
  try {
    const props = hasFields(schema) ? schema['~standard'] : undefined
    if (!hasFields(props)) return E.left(defect(schema))
    const version = props['version']
    const validate = props['validate']
    return version === 1 && typeof validate === 'function'
      ? E.right((input) => Reflect.apply(validate, props, [input]) as unknown)
      : E.left(defect(schema))
  } catch (cause) {
    return E.left(defect(cause))
  }
}

// A result read once: its output, the 422 of its issues (a falsy `issues` is a success),
// or a masked 500 when it is neither `{ value }` nor `{ issues }`. May throw.
const resultOf = <A>(result: unknown, location: Location): E.Either<HttpError, A> => {
  if (!isObject(result)) return E.left(defect(result))
  const issues = result['issues']
  if (issues) return E.left(fromSchemaIssues(issues as ReadonlyArray<SchemaIssue>, location))
  // `value` is read once; `in` tells an absent one from an `undefined` one only then.
  const value = result['value']
  return value !== undefined || 'value' in result ? E.right(value as A) : E.left(defect(result))
}
