/**
 * The users API every example serves: io-ts codecs for input, business logic returning
 * `Either`/`TaskEither` with a domain error union, and one exhaustive mapping of that
 * union to `HttpError`s. Nothing here knows about a framework; examples/node.ts,
 * examples/fetch.ts and examples/koa.ts only put it on the wire.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import * as t from 'io-ts'
import {
  conflict,
  decodeInput,
  fromUnknown,
  graphql,
  isHttpError,
  json,
  mapDomain,
  methodNotAllowed,
  notFound,
  contentTooLarge,
  html,
  messages,
  policy,
  problem,
  status,
  tooManyRequests,
  unauthorized,
  type HttpError,
  type HttpResponse,
  type Policy,
} from 'errmap'
const byteLength = (s: string): number => new TextEncoder().encode(s).length

// -------------------------------------------------------------------------------------
// input
// -------------------------------------------------------------------------------------

interface NameBrand {
  readonly Name: unique symbol
}
const Name = t.brand(
  t.string,
  (s): s is t.Branded<string, NameBrand> => s.trim().length > 0 && s.length <= 100,
  'Name',
)

interface EmailBrand {
  readonly Email: unique symbol
}
const Email = t.brand(
  t.string,
  (s): s is t.Branded<string, EmailBrand> => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s),
  'Email',
)

/** The body of `POST /users`. */
export const NewUser = t.type({ name: Name, email: Email })
export type NewUser = t.TypeOf<typeof NewUser>

export interface User {
  readonly id: string
  readonly name: string
  readonly email: string
}

// -------------------------------------------------------------------------------------
// domain
// -------------------------------------------------------------------------------------

/** Everything the business logic can refuse, as data. */
export type UserError =
  | { readonly _tag: 'NoSuchUser'; readonly id: string }
  | { readonly _tag: 'EmailTaken'; readonly email: string }
  | { readonly _tag: 'NotSignedIn' }
  | { readonly _tag: 'ExportTooSoon'; readonly retryAfter: number }

/** One HttpError per domain error; leaving a tag out does not compile. */
export const toHttp = mapDomain<UserError>({
  NoSuchUser: (e) => notFound(`There is no user ${e.id}.`),
  EmailTaken: (e) => conflict(`${e.email} is already registered.`),
  NotSignedIn: () =>
    unauthorized('Send a bearer token.', {
      challenges: [{ scheme: 'Bearer', params: { realm: 'users' } }],
    }),
  ExportTooSoon: (e) =>
    tooManyRequests('One export per minute.', {
      retryAfter: e.retryAfter,
      quota: {
        policy: 'export',
        limit: 1,
        remaining: 0,
        reset: Math.ceil(e.retryAfter),
        window: 60,
      },
    }),
})

/** The token the demo accepts. */
export const TOKEN = 'demo-token'

export interface Users {
  readonly find: (id: string) => E.Either<UserError, User>
  readonly list: () => ReadonlyArray<User>
  readonly create: (input: NewUser) => E.Either<UserError, User>
  readonly exportAll: () => E.Either<UserError, ReadonlyArray<User>>
  /** A database check; the driver fails with a message full of secrets. */
  readonly ping: () => Promise<void>
}

/** An in-memory store with one user. `now` is injectable for tests. */
export const createUsers = (now: () => number = Date.now): Users => {
  const byId = new Map<string, User>([
    ['1', { id: '1', name: 'Ada Lovelace', email: 'ada@example.com' }],
  ])
  let lastExport = -Infinity
  return {
    find: (id) => {
      const user = byId.get(id)
      return user === undefined ? E.left({ _tag: 'NoSuchUser', id }) : E.right(user)
    },
    list: () => [...byId.values()],
    create: (input) => {
      for (const u of byId.values())
        if (u.email === input.email) return E.left({ _tag: 'EmailTaken', email: input.email })
      const user = { id: String(byId.size + 1), name: input.name, email: input.email }
      byId.set(user.id, user)
      return E.right(user)
    },
    exportAll: () => {
      const wait = 60 - (now() - lastExport) / 1000
      if (wait > 0) return E.left({ _tag: 'ExportTooSoon', retryAfter: wait })
      lastExport = now()
      return E.right([...byId.values()])
    },
    ping: () =>
      Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 (user=admin password=hunter2)')),
  }
}

// -------------------------------------------------------------------------------------
// HTTP, framework-neutral
// -------------------------------------------------------------------------------------

/** What a route needs to know of a request. */
export interface ApiRequest {
  readonly method: string
  readonly path: string
  readonly authorization: string | undefined
  /** The parsed JSON body; rejects on malformed JSON (a 400) or a body too large (413). */
  readonly body: () => Promise<unknown>
}

/** A successful answer: a status and a JSON value. */
export interface Reply {
  readonly status: number
  readonly body: unknown
}

const domain = <A>(e: E.Either<UserError, A>): TE.TaskEither<HttpError, A> =>
  TE.fromEither(pipe(e, E.mapLeft(toHttp)))

const signedIn = (req: ApiRequest): E.Either<UserError, void> =>
  req.authorization === `Bearer ${TOKEN}` ? E.right(undefined) : E.left({ _tag: 'NotSignedIn' })

const reply =
  (status: number) =>
  (body: unknown): Reply => ({ status, body })

const isRead = (method: string): boolean => method === 'GET' || method === 'HEAD'

/**
 * The routes: `GET /users`, `POST /users` (bearer token, JSON body), `GET /users/:id`,
 * `GET /users/export` (once a minute), `GET /health/db` (fails: a masked 500).
 */
export const api =
  (users: Users) =>
  (req: ApiRequest): TE.TaskEither<HttpError, Reply> => {
    const [, top, id, extra] = req.path.split('/')
    // This TaskEither rejects when the driver throws, as buggy code does: the adapter still
    // answers, with a masked 500.
    if (top === 'health' && id === 'db' && extra === undefined)
      return () => users.ping().then(() => E.right(reply(200)({ db: 'up' })))
    if (top !== 'users' || extra !== undefined) return TE.left(notFound())
    if (id === undefined || id === '') {
      if (isRead(req.method)) return TE.right(reply(200)(users.list()))
      if (req.method !== 'POST') return TE.left(methodNotAllowed(['GET', 'HEAD', 'POST']))
      return pipe(
        domain(signedIn(req)),
        TE.chain(() => TE.tryCatch(req.body, fromUnknown)),
        TE.chainEitherK(decodeInput(NewUser, 'body')),
        TE.chain((input) => domain(users.create(input))),
        TE.map(reply(201)),
      )
    }
    if (!isRead(req.method)) return TE.left(methodNotAllowed(['GET', 'HEAD']))
    if (id === 'export') return pipe(domain(users.exportAll()), TE.map(reply(200)))
    return pipe(domain(users.find(id)), TE.map(reply(200)))
  }

/** A reply as the `HttpResponse` the node adapter writes. */
export const toHttpResponse = (r: Reply): HttpResponse => {
  const body = JSON.stringify(r.body)
  return {
    status: r.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(byteLength(body)),
    },
    body,
  }
}

/** Request bodies above this size are refused with a 413. */
export const MAX_BODY = 64 * 1024

/** A JSON body: refused past `MAX_BODY` bytes (413); malformed JSON throws a `SyntaxError` (400). */
export const parseBody = (text: string): unknown => {
  if (byteLength(text) > MAX_BODY) throw contentTooLarge(`At most ${MAX_BODY} bytes.`)
  return JSON.parse(text)
}

/** A request body stream as text, refused as soon as it passes `MAX_BODY` bytes. */
export const readText = async (chunks: AsyncIterable<Uint8Array>): Promise<string> => {
  const decoder = new TextDecoder()
  let size = 0
  let text = ''
  for await (const chunk of chunks) {
    size += chunk.byteLength
    if (size > MAX_BODY) throw contentTooLarge(`At most ${MAX_BODY} bytes.`, { limit: MAX_BODY })
    text += decoder.decode(chunk, { stream: true })
  }
  return text + decoder.decode()
}

/**
 * Where the problem `type` URIs of the examples point: `/errors/not-found`, resolved
 * against the API's own URL, where the demo serves the error catalog.
 */
export const problemTypeBase = '/errors/'

/**
 * The body formats of the examples: errmap's three, problem `type`s under
 * `problemTypeBase`, and a page for a browser that opens an API URL.
 */
export const apiFormats = [json, problem({ typeBase: problemTypeBase }), graphql, html]

/**
 * The policy of the examples: problem `type`s that resolve, trace ids from `traceparent`
 * in the bodies, messages in German too, 5xx logged with their cause.
 */
export const apiPolicy: Policy = policy({
  formats: apiFormats,
  trace: true,
  messages: messages({
    de: {
      NOT_FOUND: { title: 'Nicht gefunden' },
      UNAUTHORIZED: {
        message: 'Bitte mit einem Bearer-Token anmelden.',
        title: 'Nicht angemeldet',
      },
      TOO_MANY_REQUESTS: { message: 'Ein Export pro Minute.', title: 'Zu viele Anfragen' },
      INTERNAL_SERVER_ERROR: { message: 'Interner Serverfehler.', title: 'Interner Serverfehler' },
    },
  }),
  onError: (e, cause) => {
    if (isHttpError(e) && status(e) >= 500) console.error('[errmap] %s:', e.code, cause)
  },
})
