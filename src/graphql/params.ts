/**
 * Request parameters from a POST body or a GET query string. Part of `errmap/graphql`.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/Either'
import { isRecord } from '../internal/read.js'
import type { Issue, Location } from '../model/HttpError.js'
import type { Params, Refusal } from './model.js'

// -------------------------------------------------------------------------------------
// params
// -------------------------------------------------------------------------------------

const problem = (path: string, message: string, location: Location): Issue => ({
  path,
  message,
  location,
})

const fromValue = (u: unknown, location: Location): E.Either<Refusal, Params> => {
  if (!isRecord(u))
    return E.left({
      _tag: 'MalformedRequest',
      issues: [problem('', 'must be a JSON object', location)],
    })
  const issues: Array<Issue> = []
  const { query, operationName, variables, extensions } = u
  const absent = (v: unknown): boolean => v === undefined || v === null
  const persisted = isRecord(extensions) && isRecord(extensions['persistedQuery'])
  if (typeof query !== 'string' && !(absent(query) && persisted))
    issues.push(problem('/query', 'must be a string', location))
  if (!absent(operationName) && typeof operationName !== 'string')
    issues.push(problem('/operationName', 'must be a string', location))
  if (!absent(variables) && !isRecord(variables))
    issues.push(problem('/variables', 'must be a map', location))
  if (!absent(extensions) && !isRecord(extensions))
    issues.push(problem('/extensions', 'must be a map', location))
  if (issues.length > 0) return E.left({ _tag: 'MalformedRequest', issues })
  return E.right({
    query: typeof query === 'string' ? query : undefined,
    operationName: typeof operationName === 'string' ? operationName : undefined,
    variables: isRecord(variables) ? variables : undefined,
    extensions: isRecord(extensions) ? extensions : undefined,
  })
}

/**
 * The parameters of a POST body: `UnparsableBody` when it is not JSON, `MalformedRequest`
 * (with JSON-Pointer issues) when it is not a map with a string `query` (or a persisted
 * query), an optional string `operationName`, and `variables`/`extensions` maps.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { paramsFromBody } from 'errmap/graphql'
 * assert.deepStrictEqual(paramsFromBody('{"query":"{ hello }"}'), E.right({ query: '{ hello }', operationName: undefined, variables: undefined, extensions: undefined }))
 * assert.deepStrictEqual(paramsFromBody('{"query":'), E.left({ _tag: 'UnparsableBody' }))
 * assert.deepStrictEqual(paramsFromBody('{"qeury":"{ hello }"}'), E.left({ _tag: 'MalformedRequest', issues: [{ path: '/query', message: 'must be a string', location: 'body' }] }))
 *
 * @category params
 * @since 0.1.0
 */
export const paramsFromBody = (body: string): E.Either<Refusal, Params> => {
  let u: unknown
  try {
    u = JSON.parse(body)
  } catch {
    return E.left({ _tag: 'UnparsableBody' })
  }
  return fromValue(u, 'body')
}

/**
 * The parameters of a GET request's query string (a `URLSearchParams`, or anything with
 * its `get`): `variables` and `extensions` are JSON; an empty parameter is an absent one.
 * `MalformedRequest` (with JSON-Pointer issues) when they do not make a well-formed request.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { paramsFromSearch } from 'errmap/graphql'
 * const p = paramsFromSearch(new URLSearchParams('query=query($id: ID!) { user(id: $id) { name } }&variables={"id":"1"}'))
 * assert.deepStrictEqual(p, E.right({ query: 'query($id: ID!) { user(id: $id) { name } }', operationName: undefined, variables: { id: '1' }, extensions: undefined }))
 * assert.strictEqual(E.isLeft(paramsFromSearch(new URLSearchParams('query={ hello }&variables=[7]'))), true)
 *
 * @category params
 * @since 0.1.0
 */
export const paramsFromSearch = (search: {
  get(name: string): string | null
}): E.Either<Refusal, Params> => {
  const issues: Array<Issue> = []
  const text = (name: string): string | undefined => {
    const v = search.get(name)
    return v === null || v === '' ? undefined : v
  }
  const json = (name: string): unknown => {
    const v = text(name)
    if (v === undefined) return undefined
    try {
      return JSON.parse(v) as unknown
    } catch {
      issues.push(problem('/' + name, 'must be JSON', 'query'))
      return undefined
    }
  }
  const value = {
    query: text('query'),
    operationName: text('operationName'),
    variables: json('variables'),
    extensions: json('extensions'),
  }
  return issues.length > 0
    ? E.left({ _tag: 'MalformedRequest', issues })
    : fromValue(value, 'query')
}
