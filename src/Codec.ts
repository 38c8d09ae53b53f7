/**
 * `errmap/client`: io-ts codecs for every body format, and `decodeResponse`, which turns
 * a status and a body back into `HttpError`s. Its own entry, so that a server never
 * loads io-ts at run time.
 *
 * Law: for an error `e`, `decodeResponse` of what `toResponse(e, facts, policy)` wrote is
 * `[exposed(e, policy)]`, in every format. For several errors (none left out by
 * `maxErrors`), it is their `exposed` parts in order in `json` and `problem`, whose items
 * carry their status; a `graphql` body carries no per-error status, so each error's
 * status is the one its code names by default (`NOT_FOUND` → 404), and the law holds for
 * errors that keep their variant's default code and status.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either'
import * as t from 'io-ts'
import { defaults, type HttpError, type Issue, type Tag } from './HttpError.js'
import { defaultPolicy, viewUnder, type Policy } from './Policy.js'
import { codeOf, isErrorStatus, reason, type ErrorStatus } from './Status.js'

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
  t.partial({
    status: ErrorStatusCodec,
    details: t.unknown,
    issues: t.array(IssueCodec),
    omittedIssues: t.number,
  }),
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
 * The `problem` body: an RFC 9457 problem document, whose members are all optional, with
 * errmap's extension members.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ProblemBody = t.partial({
  type: t.string,
  title: t.string,
  status: ErrorStatusCodec,
  detail: t.string,
  instance: t.string,
  code: t.string,
  details: t.unknown,
  issues: t.array(IssueCodec),
  omittedIssues: t.number,
  requestId: t.string,
  errors: t.array(Item),
  omitted: t.number,
})

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
  /** `undefined`: the variant's default code (a status without variant: `codeOf`). */
  readonly code: string | undefined
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
  const code = s.code ?? (tag === undefined ? codeOf(s.status) : defaults[tag].code)
  const base: Record<string, unknown> = { message: s.message, code }
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
 * and — when exposed — its message, details and issues, bounded exactly as the body
 * shows them (`maxMessageLength`, `maxErrors` issues); otherwise the status' reason
 * phrase. Headers are not part of it (`allow` is empty).
 *
 * @example
 * import { internal, notFound, policy } from 'errmap'
 * import { exposed } from 'errmap/client'
 * assert.deepStrictEqual(exposed(internal('db password is hunter2')), internal())
 * assert.deepStrictEqual(exposed(notFound('no user 42'), policy({ maxMessageLength: 7 })), notFound('no user…'))
 *
 * @category utils
 * @since 0.1.0
 */
export const exposed = (e: HttpError, policy: Policy = defaultPolicy): HttpError => {
  const v = viewUnder(policy, e)
  return rebuild({
    status: v.status,
    code: v.code,
    message: v.message,
    details: v.details,
    issues: v.issues,
  })
}

const tagStatus = (code: string): ErrorStatus | undefined => {
  const tag = tagByCode.get(code)
  return tag === undefined ? undefined : defaults[tag].status
}

const fromItems = (
  status: ErrorStatus,
  top: Seen,
  items: ReadonlyArray<t.TypeOf<typeof Item>> | undefined,
): ReadonlyArray<HttpError> =>
  items === undefined
    ? [rebuild(top)]
    : items.map((i) => rebuild({ ...i, status: i.status ?? tagStatus(i.code) ?? status }))

const failure = (actual: unknown, message: string): E.Either<t.Errors, never> =>
  t.failure(actual, [{ key: '', type: t.unknown, actual }], message)

type Bag = Readonly<Record<string, unknown>>

const isObject = (u: unknown): u is Bag => typeof u === 'object' && u !== null && !Array.isArray(u)

// RFC 9457 §3.1: the members a problem document defines.
const standard = ['type', 'title', 'status', 'detail', 'instance']

// RFC 9457 §3.1: a member whose value has the wrong type is ignored, as are unknown ones.
const problemOf = (u: Bag): t.TypeOf<typeof ProblemBody> => {
  const out: Record<string, unknown> = {}
  for (const [key, codec] of Object.entries(ProblemBody.props) as Array<[string, t.Mixed]>) {
    const v = u[key]
    if (v === undefined) continue
    const d = codec.decode(v)
    if (E.isRight(d)) out[key] = d.right
  }
  return out
}

const decodeBody = (s: ErrorStatus, u: unknown): E.Either<t.Errors, ReadonlyArray<HttpError>> => {
  if (!isObject(u)) return failure(u, 'the body is not a JSON object')
  if (!standard.some((k) => u[k] !== undefined)) {
    const j = JsonBody.decode(u)
    if (E.isRight(j)) {
      const b = j.right
      const top = { status: s, message: b.message, code: b.code }
      return E.right(fromItems(s, { ...top, details: b.details, issues: b.issues }, b.errors))
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
  }
  const p = problemOf(u)
  const status = p.status ?? s
  const top: Seen = {
    status,
    message: p.detail ?? p.title ?? reason(status),
    code: p.code,
    details: p.details,
    issues: p.issues,
  }
  return E.right(fromItems(status, top, p.errors))
}

/**
 * Turns a status and a body (a string or parsed JSON) back into the errors it reports,
 * in order. A `json` body (`message` and `code`) and a `graphql` body (`errors` with
 * `extensions.code`) are read as errmap writes them; any other JSON object is read as an
 * RFC 9457 problem document, whose members are all optional and ignored when of the
 * wrong type: the message is `detail`, else `title`, else the status' reason phrase, the
 * code is `code`, else the variant's, and the status is `status`, else the response's
 * (`{}` with a 404 is `notFound()`). A status outside 400–599 is read as 500. Never
 * throws: a body that is not JSON, not an object, or cannot be read (a throwing getter,
 * a revoked Proxy) is a `Left`.
 *
 * @example
 * import { toResponse, notFound } from 'errmap'
 * import { decodeResponse } from 'errmap/client'
 * import * as E from 'fp-ts/Either'
 * const r = toResponse(notFound('no user 42'))
 * assert.deepStrictEqual(decodeResponse(r.status, r.body), E.right([notFound('no user 42')]))
 * const plain = { type: 'about:blank', title: 'Not Found', status: 404 }
 * assert.deepStrictEqual(decodeResponse(404, plain), E.right([notFound('Not Found')]))
 *
 * @category utils
 * @since 0.1.0
 */
export const decodeResponse = (
  status: number,
  body: unknown,
): E.Either<t.Errors, ReadonlyArray<HttpError>> => {
  const s: ErrorStatus = isErrorStatus(status) ? status : 500
  let u: unknown = body
  if (typeof body === 'string')
    try {
      u = JSON.parse(body)
    } catch {
      return failure(body, 'the body is not JSON')
    }
  try {
    return decodeBody(s, u)
  } catch {
    // A getter or a Proxy trap threw: nothing of the value can be trusted or shown.
    return failure(undefined, 'the body could not be read')
  }
}
