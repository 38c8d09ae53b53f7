/**
 * The client side: io-ts codecs for every body format, and `decodeResponse`, which turns
 * a status and a body back into `HttpError`s. Law: decoding what `toResponse` wrote gives
 * back `exposed(e)`, the part of each error the client may see.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as t from 'io-ts'
import { defaults, type HttpError, type Issue, type Tag } from './HttpError.js'
import { codeUnder, defaultPolicy, exposedUnder, statusUnder, type Policy } from './Policy.js'
import { isErrorStatus, reason, type ErrorStatus } from './Status.js'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const LocationCodec = t.keyof({
  body: null,
  query: null,
  path: null,
  header: null,
  cookie: null,
  security: null,
})

/**
 * An issue of a 400 or 422.
 *
 * @category codecs
 * @since 0.1.0
 */
export const IssueCodec: t.Type<Issue> = t.intersection([
  t.type({ path: t.string, message: t.string }),
  t.partial({ location: LocationCodec, expected: t.string }),
])

/**
 * An HTTP error status, 400–599.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ErrorStatusCodec = new t.Type<ErrorStatus, number, unknown>(
  'ErrorStatus',
  isErrorStatus,
  (u, c) => (isErrorStatus(u) ? t.success(u) : t.failure(u, c)),
  (s) => s,
)

const Item = t.intersection([
  t.type({ message: t.string, code: t.string }),
  t.partial({ status: ErrorStatusCodec, details: t.unknown, issues: t.array(IssueCodec) }),
])

/**
 * The `json` body.
 *
 * @category codecs
 * @since 0.1.0
 */
export const JsonBody = t.intersection([
  Item,
  t.partial({ requestId: t.string, errors: t.array(Item), omitted: t.number }),
])

/**
 * The `problem` body (RFC 9457 plus errmap's extension members).
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProblemBody = t.intersection([
  t.type({
    type: t.string,
    title: t.string,
    status: ErrorStatusCodec,
    detail: t.string,
    code: t.string,
  }),
  t.partial({
    instance: t.string,
    details: t.unknown,
    issues: t.array(IssueCodec),
    requestId: t.string,
    errors: t.array(Item),
    omitted: t.number,
  }),
])

/**
 * The `graphql` body.
 *
 * @category codecs
 * @since 0.1.0
 */
export const GraphQLBody = t.intersection([
  t.type({
    errors: t.array(
      t.type({
        message: t.string,
        extensions: t.intersection([
          t.type({ code: t.string }),
          t.partial({ details: t.unknown, issues: t.array(IssueCodec) }),
        ]),
      }),
    ),
  }),
  t.partial({ extensions: t.partial({ requestId: t.string, omitted: t.number }) }),
])

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

interface Seen {
  readonly status: ErrorStatus
  readonly message: string
  readonly code: string
  readonly details?: unknown
  readonly issues?: ReadonlyArray<Issue> | undefined
}

const tagByStatus = new Map<number, Tag>()
const tagByCode = new Map<string, Tag>()
for (const tag of Object.keys(defaults) as Array<Tag>)
  if (tag !== 'Custom') {
    tagByStatus.set(defaults[tag].status, tag)
    tagByCode.set(defaults[tag].code, tag)
  }

// The error a client can rebuild: the variant of the status, the fields the body carried.
const rebuild = (s: Seen): HttpError => {
  const tag = tagByStatus.get(s.status)
  const base: Record<string, unknown> = { message: s.message, code: s.code }
  if (s.details !== undefined) base['details'] = s.details
  if (tag === undefined) return { _tag: 'Custom', ...base, status: s.status } as HttpError
  if (tag === 'UnprocessableContent') base['issues'] = s.issues ?? []
  else if (tag === 'BadRequest' && s.issues !== undefined) base['issues'] = s.issues
  if (tag === 'MethodNotAllowed') base['allow'] = []
  return { _tag: tag, ...base } as HttpError
}

/**
 * The part of an error a client sees under a policy, as `decodeResponse` rebuilds it:
 * the variant its status names (under the default policy, its own variant), its code,
 * and — when exposed — its message, details and issues; otherwise the status' reason
 * phrase. Headers are not part of it (`allow` is empty).
 *
 * @category utils
 * @since 0.1.0
 */
export const exposed = (e: HttpError, policy: Policy = defaultPolicy): HttpError => {
  const status = statusUnder(policy)(e)
  const show = exposedUnder(policy)(e, status)
  const issues =
    show && (e._tag === 'BadRequest' || e._tag === 'UnprocessableContent') ? e.issues : undefined
  return rebuild({
    status,
    code: codeUnder(policy)(e),
    message: show ? e.message : reason(status),
    details: show ? e.details : undefined,
    issues,
  })
}

const fromItems = (
  status: ErrorStatus,
  top: Seen,
  items:
    | ReadonlyArray<{
        readonly status?: ErrorStatus
        readonly message: string
        readonly code: string
        readonly details?: unknown
        readonly issues?: ReadonlyArray<Issue>
      }>
    | undefined,
): ReadonlyArray<HttpError> =>
  items === undefined
    ? [rebuild(top)]
    : items.map((i) => rebuild({ ...i, status: i.status ?? tagStatus(i.code) ?? status }))

const tagStatus = (code: string): ErrorStatus | undefined => {
  const tag = tagByCode.get(code)
  return tag === undefined ? undefined : defaults[tag].status
}

const parse = (body: unknown): E.Either<t.Errors, unknown> => {
  if (typeof body !== 'string') return E.right(body)
  try {
    return E.right(JSON.parse(body) as unknown)
  } catch {
    return t.failure(body, [{ key: '', type: t.unknown, actual: body }], 'the body is not JSON')
  }
}

/**
 * Turns a status and a body (a string or parsed JSON, in any of the three formats) back
 * into the errors it reports, in order.
 *
 * @example
 * import { decodeResponse, toResponse, notFound } from 'errmap'
 * import * as E from 'fp-ts/Either'
 * const r = toResponse(notFound('no user 42'))
 * assert.deepStrictEqual(decodeResponse(r.status, r.body), E.right([notFound('no user 42')]))
 *
 * @category utils
 * @since 0.1.0
 */
export const decodeResponse = (
  status: number,
  body: unknown,
): E.Either<t.Errors, ReadonlyArray<HttpError>> => {
  const s: ErrorStatus = isErrorStatus(status) ? status : 500
  return pipe(
    parse(body),
    E.chain((u) => {
      const p = ProblemBody.decode(u)
      if (E.isRight(p)) {
        const b = p.right
        return E.right(
          fromItems(
            b.status,
            {
              status: b.status,
              message: b.detail,
              code: b.code,
              details: b.details,
              issues: b.issues,
            },
            b.errors,
          ),
        )
      }
      const g = GraphQLBody.decode(u)
      if (E.isRight(g)) {
        const errs = g.right.errors
        return E.right(
          errs.map((x) =>
            rebuild({
              status: errs.length === 1 ? s : (tagStatus(x.extensions.code) ?? s),
              message: x.message,
              code: x.extensions.code,
              details: x.extensions.details,
              issues: x.extensions.issues,
            }),
          ),
        )
      }
      return pipe(
        JsonBody.decode(u),
        E.map((b) =>
          fromItems(
            s,
            { status: s, message: b.message, code: b.code, details: b.details, issues: b.issues },
            b.errors,
          ),
        ),
      )
    }),
  )
}
