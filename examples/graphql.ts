/**
 * A GraphQL server: graphql-js parses, validates and executes; errmap/graphql makes every
 * response — successes, partial results, request errors, refusals and denials — with the
 * statuses and media types of the GraphQL-over-HTTP spec. One function answers a Fetch
 * `Request` with the core's `HttpResponse`; each adapter writes it:
 *
 * - `fetchHandler(options)`: `Request` → `Response` (errmap/fetch), for any Fetch runtime;
 * - `nodeListener(options)`: a Node `http` listener (errmap/node's `write`);
 * - `koaApp(options)`: a Koa application.
 *
 * The schema: `hello`, `user(id)` (an unknown id throws errmap's `notFound`; the field is
 * non-null, so the result has no data), `users(ids)` (a partial result), `me` (needs a
 * token: throws `unauthorized`), `secret` (throws an `Error` whose message holds a
 * password: masked), and the mutation `rename` (needs an admin: throws `forbidden`).
 * Tokens: `alice` (admin), `bob` (reader); `suspended` is refused with 403, any other
 * token with 401, and `db-down` makes the session store fail (a masked 500).
 *
 * Run `PORT=4000 npx tsx examples/graphql.ts`, then for instance:
 *
 *     curl -i localhost:4000/graphql -H 'content-type: application/json' \
 *       -H 'accept: application/graphql-response+json' -d '{"query":"{ nope }"}'
 */
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type RequestListener } from 'node:http'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import {
  buildSchema,
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
} from 'graphql'
import Koa from 'koa'
import {
  forbidden,
  fromUnknown,
  notFound,
  serviceUnavailable,
  statusUnder,
  unauthorized,
  type HttpError,
  type HttpResponse,
} from 'errmap'
import { facts as requestFacts, write as fetchResponse } from 'errmap/fetch'
import { write as writeKoa } from 'errmap/koa'
import { write } from 'errmap/node'
import {
  check,
  deny,
  fromGraphQLError,
  paramsFromBody,
  paramsFromSearch,
  refuse,
  requestErrors,
  respond,
  settings,
  type ExecutionResult,
  type Facts,
  type GraphQLErrorLike,
  type Options,
  type Params,
  type Refusal,
  type Settings,
} from 'errmap/graphql'

// -------------------------------------------------------------------------------------
// the schema and its data
// -------------------------------------------------------------------------------------

const schema = buildSchema(`
  type User {
    id: ID!
    name: String!
  }
  type Query {
    hello(name: String): String!
    user(id: ID!): User!
    users(ids: [ID!]!): [User]!
    me: User!
    secret: String
  }
  type Mutation {
    rename(id: ID!, name: String!): User!
  }
`)

interface User {
  readonly id: string
  readonly name: string
}

interface Viewer {
  readonly user: User
  readonly admin: boolean
}

interface Context {
  readonly viewer: Viewer | undefined
}

// Resolvers throw errmap errors: they are data, and errmap/graphql finds them again.
const fail = (e: HttpError): never => {
  throw e
}

const root = (users: Map<string, User>) => {
  const find = (id: string): User => users.get(id) ?? fail(notFound(`No user with id ${id}.`))
  return {
    hello: ({ name }: { name?: string }) => `Hello, ${name ?? 'world'}!`,
    user: ({ id }: { id: string }) => find(id),
    // Each item on its own: an unknown id nulls that item only (a partial result).
    users: ({ ids }: { ids: ReadonlyArray<string> }) => ids.map(async (id) => find(id)),
    me: (_: unknown, context: Context) =>
      context.viewer?.user ??
      fail(
        unauthorized('Sign in to see your profile.', {
          challenges: [{ scheme: 'Bearer', params: { realm: 'graphql' } }],
        }),
      ),
    secret: () => {
      throw new Error('connect ECONNREFUSED 10.0.0.3:5432 (user=app password=hunter2)')
    },
    rename: ({ id, name }: { id: string; name: string }, context: Context) => {
      if (context.viewer === undefined) return fail(unauthorized('Sign in to rename users.'))
      if (!context.viewer.admin) return fail(forbidden('Only admins can rename users.'))
      const user = { ...find(id), name }
      users.set(id, user)
      return user
    },
  }
}

// -------------------------------------------------------------------------------------
// the server
// -------------------------------------------------------------------------------------

/** What the example server can be configured with. */
export interface ServerOptions {
  /** errmap/graphql's options: profile, code map, renames, policy. */
  readonly graphql?: Options
  /** Answer every request with 503 and this `Retry-After`, in seconds. */
  readonly maintenance?: number
  /** Refuse a request at the HTTP level (rate limits, blocked clients): any status. */
  readonly guard?: (request: Request) => HttpError | undefined
  /** A gateway hook: request errors (no data) before execution, e.g. a trusted-document check. */
  readonly hook?: (request: Request) => ReadonlyArray<GraphQLErrorLike> | undefined
  /** Told about every error the client sees masked (a 5xx), with its cause, for logging. */
  readonly onError?: (error: unknown) => void
}

const accounts: Readonly<Record<string, Viewer>> = {
  alice: { user: { id: '1', name: 'Alice' }, admin: true },
  bob: { user: { id: '2', name: 'Bob' }, admin: false },
}

// The session store: a lookup that can fail like a database does.
const session = (token: string): Viewer | undefined => {
  if (token === 'db-down') throw new Error('session store: connect ETIMEDOUT 10.0.0.7:6379')
  return accounts[token]
}

const authenticate = (authorization: string | null): E.Either<HttpError, Viewer | undefined> => {
  if (authorization === null) return E.right(undefined)
  const token = authorization.startsWith('Bearer ') ? authorization.slice(7).trim() : ''
  if (token === 'suspended') return E.left(forbidden('This account is suspended.'))
  const viewer = session(token)
  return viewer === undefined
    ? E.left(
        unauthorized('The access token is invalid.', {
          challenges: [{ scheme: 'Bearer', params: { realm: 'graphql', error: 'invalid_token' } }],
        }),
      )
    : E.right(viewer)
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/**
 * The GraphQL service: a Fetch `Request` in, the response as errmap's `HttpResponse` out,
 * for any adapter to write. Never rejects.
 */
export const createService = (options: ServerOptions = {}) => {
  const gql: Settings = settings(options.graphql)
  const users = new Map<string, User>([
    ['1', { id: '1', name: 'Alice' }],
    ['2', { id: '2', name: 'Bob' }],
  ])
  const rootValue = root(users)
  // Automatic persisted queries: hash → document.
  const persisted = new Map<string, string>()

  // The document to run, a refusal, or the request errors of a persisted-query miss.
  const source = (params: Params): E.Either<Refusal | ReadonlyArray<GraphQLErrorLike>, string> => {
    const hash = (params.extensions?.['persistedQuery'] as { sha256Hash?: unknown } | undefined)
      ?.sha256Hash
    if (typeof hash !== 'string') return E.right(params.query ?? '')
    if (params.query === undefined) {
      const known = persisted.get(hash)
      return known === undefined
        ? E.left(requestErrors('persisted-query', [{ message: 'PersistedQueryNotFound' }], gql))
        : E.right(known)
    }
    if (sha256(params.query) !== hash)
      return E.left({
        _tag: 'MalformedRequest',
        issues: [
          { path: '/extensions/persistedQuery/sha256Hash', message: 'does not match the query' },
        ],
      })
    persisted.set(hash, params.query)
    return E.right(params.query)
  }

  const run = async (request: Request, facts: Facts): Promise<HttpResponse> => {
    const refused = check(facts, gql)
    if (refused !== undefined) return refuse(refused, facts, gql)
    if (options.maintenance !== undefined)
      return deny(
        serviceUnavailable('Down for maintenance.', { retryAfter: options.maintenance }),
        facts,
        gql,
      )
    const guarded = options.guard?.(request)
    if (guarded !== undefined) return deny(guarded, facts, gql)

    const params =
      request.method === 'GET'
        ? paramsFromSearch(new URL(request.url).searchParams)
        : paramsFromBody(await request.text())
    if (E.isLeft(params)) return refuse(params.left, facts, gql)

    const viewer = authenticate(request.headers.get('authorization'))
    if (E.isLeft(viewer)) return deny(viewer.left, facts, gql)

    const hooked = options.hook?.(request)
    if (hooked !== undefined) return respond({ errors: hooked }, facts, gql)

    const text = source(params.right)
    if (E.isLeft(text))
      return Array.isArray(text.left)
        ? respond({ errors: text.left }, facts, gql)
        : refuse(text.left as Refusal, facts, gql)

    let document: DocumentNode
    try {
      document = parse(text.right)
    } catch (e) {
      const error = e instanceof GraphQLError ? e : new GraphQLError(String(e))
      return respond({ errors: requestErrors('parse', [error], gql) }, facts, gql)
    }
    const invalid = validate(schema, document)
    if (invalid.length > 0)
      return respond({ errors: requestErrors('validation', invalid, gql) }, facts, gql)

    const name = params.right.operationName
    const operation = getOperationAST(document, name)
    if (operation === null || operation === undefined) {
      const message =
        name === undefined
          ? 'Must provide operation name if query contains multiple operations.'
          : `Unknown operation named "${name}".`
      return respond(
        { errors: requestErrors('operation', [new GraphQLError(message)], gql) },
        facts,
        gql,
      )
    }
    if (facts.method === 'GET' && operation.operation === 'mutation')
      return refuse({ _tag: 'MutationOverGet' }, facts, gql)

    const result: ExecutionResult = await execute({
      schema,
      document,
      rootValue,
      contextValue: { viewer: viewer.right } satisfies Context,
      variableValues: params.right.variables,
      operationName: name,
    })
    for (const e of result.errors ?? [])
      if (statusUnder(gql.policy)(fromGraphQLError(e, gql)) >= 500) options.onError?.(e)
    // Without data, execution never started: the variables could not be coerced.
    return respond(
      result.data === undefined
        ? { errors: requestErrors('variables', result.errors ?? [], gql) }
        : result,
      facts,
      gql,
    )
  }

  return async (request: Request): Promise<HttpResponse> => {
    // The adapters' facts (Accept, method, the policy's request id) plus the Content-Type.
    const facts: Facts = {
      ...requestFacts(request, gql.policy),
      contentType: request.headers.get('content-type') ?? undefined,
    }
    try {
      return await run(request, facts)
    } catch (thrown) {
      options.onError?.(thrown)
      return deny(fromUnknown(thrown), facts, gql)
    }
  }
}

// -------------------------------------------------------------------------------------
// behind each adapter
// -------------------------------------------------------------------------------------

/** The service as a Fetch handler (errmap/fetch writes the `Response`). */
export const fetchHandler = (options: ServerOptions = {}) => {
  const service = createService(options)
  return async (request: Request): Promise<Response> =>
    fetchResponse(await service(request), request.method)
}

/** A Node request as a Fetch `Request`: the service reads only Fetch requests. */
export const toRequest = async (req: IncomingMessage): Promise<Request> => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks)
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    body,
  })
}

/** The service as a Node `http` listener (errmap/node's `write` sends the response). */
export const nodeListener = (options: ServerOptions = {}): RequestListener => {
  const service = createService(options)
  return (req, res) => {
    void toRequest(req)
      .then(service)
      .then((response) => write(res, response, req.method))
  }
}

/** The service as a Koa application (errmap/koa's `write` sends the response). */
export const koaApp = (options: ServerOptions = {}): Koa => {
  const service = createService(options)
  return new Koa().use(async (ctx) => {
    writeKoa(ctx, await service(await toRequest(ctx.req)))
  })
}

// `npx tsx examples/graphql.ts`: serve on 127.0.0.1 (PORT, default 4000), logging errors.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env['PORT'] ?? 4000)
  const listener = nodeListener({ onError: (e) => console.error(e) })
  createServer(listener).listen(port, '127.0.0.1', () =>
    console.log(`GraphQL on http://127.0.0.1:${port}/graphql`),
  )
}
