/**
 * Either-first integration: domain errors mapped exhaustively, io-ts failures as 422s,
 * and handler results of any shape (`Either`, `TaskEither`, `Promise`, a throw) settled
 * into one `Either<HttpError, A>`.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import type { TaskEither } from 'fp-ts/TaskEither'
import type * as t from 'io-ts'
import { escapeToken } from '../internal/pointer.js'
import type { HttpError, Issue, Location } from '../model/HttpError.js'
import { unprocessableContent } from '../model/errors.js'
import { fromUnknown } from '../unknown/fromUnknown.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One handler per tag of the domain error union `D`: none missing, none extra.
 *
 * @category model
 * @since 0.1.0
 */
export type DomainMap<D extends { readonly _tag: string }> = {
  readonly [K in D['_tag']]: (e: Extract<D, { readonly _tag: K }>) => HttpError
}

/**
 * What a handler may fail with: one error, or several (validation, say) for one response.
 *
 * @category model
 * @since 0.1.0
 */
export type Failure = HttpError | ReadonlyArray<HttpError>

/**
 * What a handler may return: a value, an `Either`, a `TaskEither`, or a `Promise` of a
 * value or of an `Either`; a `Left` holds one error or several.
 *
 * @category model
 * @since 0.1.0
 */
export type Outcome<A> =
  A | E.Either<Failure, A> | TaskEither<Failure, A> | Promise<A | E.Either<Failure, A>>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * An exhaustive mapping from a domain error union to `HttpError`s: it does not compile
 * when a tag of `D` is missing.
 *
 * @example
 * import { mapDomain, notFound, conflict, status } from 'errmap'
 * type UserError = { _tag: 'NoSuchUser'; id: string } | { _tag: 'EmailTaken'; email: string }
 * const toHttp = mapDomain<UserError>({
 *   NoSuchUser: (e) => notFound(`no user ${e.id}`),
 *   EmailTaken: (e) => conflict(`${e.email} is taken`),
 * })
 * assert.strictEqual(status(toHttp({ _tag: 'EmailTaken', email: 'a@b.c' })), 409)
 *
 * @category constructors
 * @since 0.1.0
 */
export const mapDomain =
  <D extends { readonly _tag: string }>(cases: DomainMap<D>) =>
  (e: D): HttpError =>
    (cases[e._tag as D['_tag']] as (e: D) => HttpError)(e)

// io-ts adds a context entry per member of a union or an intersection: not a step in the data.
const isBranch = (type: t.Decoder<unknown, unknown>): boolean => {
  const tag = (type as { readonly _tag?: unknown })._tag
  return tag === 'UnionType' || tag === 'IntersectionType'
}

/**
 * One io-ts failure as an issue: a JSON Pointer built from the context (skipping the
 * steps io-ts adds for union and intersection members), the expected type's name, and
 * the failure's own message or `expected <type>`. The failing value is never echoed.
 *
 * @category constructors
 * @since 0.1.0
 */
export const toIssue = (error: t.ValidationError, location: Location): Issue => {
  let path = ''
  let expected = ''
  const ctx = error.context
  for (let i = 0; i < ctx.length; i++) {
    const entry = ctx[i] as t.ContextEntry
    if (i === 0) {
      expected = entry.type.name
      continue
    }
    if (isBranch((ctx[i - 1] as t.ContextEntry).type)) continue
    path += '/' + escapeToken(entry.key)
    expected = entry.type.name
  }
  return { path, message: error.message ?? `expected ${expected}`, location, expected }
}

/**
 * io-ts validation errors as a 422 whose `issues` point at each failure; duplicates (one
 * per union member) are reported once.
 *
 * @example
 * import { fromValidation } from 'errmap'
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/lib/Either.js'
 * const r = t.type({ age: t.number }).decode({ age: 'x' })
 * const e = fromValidation(E.isLeft(r) ? r.left : [], 'body')
 * assert.deepStrictEqual(e.issues, [{ path: '/age', message: 'expected number', location: 'body', expected: 'number' }])
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromValidation = (errors: t.Errors, location: Location = 'body') => {
  const seen = new Set<string>()
  const issues: Array<Issue> = []
  for (const error of errors) {
    const issue = toIssue(error, location)
    const key = issue.path + '\u0000' + issue.expected
    if (seen.has(key)) continue
    seen.add(key)
    issues.push(issue)
  }
  return unprocessableContent(issues, 'The request is not valid.', { cause: errors })
}

/**
 * Decodes input with an io-ts codec; failures become a 422 naming the location.
 *
 * @example
 * import { decodeInput } from 'errmap'
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/lib/Either.js'
 * const r = decodeInput(t.type({ id: t.string }), 'query')({ id: 1 })
 * assert.strictEqual(E.isLeft(r) && r.left.code, 'UNPROCESSABLE_CONTENT')
 *
 * @category constructors
 * @since 0.1.0
 */
export const decodeInput =
  <A, O, I>(codec: t.Type<A, O, I>, location: Location = 'body') =>
  (input: I): E.Either<HttpError, A> => {
    const r = codec.decode(input)
    return E.isLeft(r) ? E.left(fromValidation(r.left, location)) : r
  }

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// An Either's content, its tag read once: `undefined` for a value that is not an Either.
const eitherOf = (u: unknown): E.Either<unknown, unknown> | undefined => {
  if (typeof u !== 'object' || u === null) return undefined
  const o = u as { readonly _tag?: unknown; readonly left?: unknown; readonly right?: unknown }
  const tag = o._tag
  if (tag === 'Left' && 'left' in o) return E.left(o.left)
  if (tag === 'Right' && 'right' in o) return E.right(o.right)
  return undefined
}

/**
 * Like `settle`, with what failed as it was (a thrown value, a `Left`'s content), for the
 * adapters to read with their policy's recognisers. Never rejects.
 *
 * @internal
 */
export const settleRaw = async <A>(run: () => Outcome<A>): Promise<E.Either<unknown, A>> => {
  try {
    let v: unknown = run()
    // A TaskEither is a thunk of a Promise.
    if (typeof v === 'function') v = (v as () => unknown)()
    const settled: unknown = await v
    return (eitherOf(settled) ?? E.right(settled)) as E.Either<unknown, A>
  } catch (thrown) {
    return E.left(thrown)
  }
}

// What failed, as errors: each of a non-empty list, or the value, through `fromUnknown`.
const failureOf = (left: unknown): Failure => {
  try {
    if (Array.isArray(left) && left.length > 0)
      return (left as ReadonlyArray<unknown>).map((u) => fromUnknown(u))
  } catch {
    // A list whose reading throws (a Proxy) is one hostile value.
  }
  return fromUnknown(left)
}

/**
 * Runs a handler and settles whatever it does — returns a value, an `Either`, a
 * `TaskEither`, a `Promise`, throws or rejects — into `Either<Failure, A>`; a `Left`
 * (or each error of a `Left` list) or a thrown value goes through `fromUnknown`. Never
 * rejects.
 *
 * @example
 * import { settle, notFound } from 'errmap'
 * import * as TE from 'fp-ts/lib/TaskEither.js'
 * settle(() => TE.left(notFound())).then((r) => assert.strictEqual(r._tag, 'Left'))
 *
 * @category utils
 * @since 0.1.0
 */
export const settle = async <A>(run: () => Outcome<A>): Promise<E.Either<Failure, A>> => {
  const r = await settleRaw<A>(run)
  return E.isLeft(r) ? E.left(failureOf(r.left)) : r
}
