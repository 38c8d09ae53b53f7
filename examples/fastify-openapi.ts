/**
 * The users API on Fastify 5, documented by @fastify/swagger (OpenAPI 3.1): errmap/fastify
 * answers every error, and each route's `schema.response` carries the error responses
 * errmap/openapi gives for what that route can fail with, so `app.swagger()` describes
 * them next to the 2xx.
 *
 * What it takes, since Fastify compiles every response schema (fast-json-stringify) and
 * cannot follow errmap's `#/components/schemas/…` refs:
 * - errmap's component schemas are shared schemas (`app.addSchema`, `$id` = the component's
 *   name) and the refs point at them (`ErrmapJson#`); the `refResolver` names each shared
 *   schema by its `$id`, so the document's refs are `#/components/schemas/ErrmapJson` again.
 * - a route schema's response header is a JSON Schema, which @fastify/swagger wraps as
 *   `{ schema, description }`: a header's `required` and `example` do not survive, so
 *   `transformObject` puts errmap's header objects back (found by `operationId`).
 *
 *   npx tsx examples/fastify-openapi.ts > openapi.json
 */
import { pathToFileURL } from 'node:url'
import swagger from '@fastify/swagger'
import Fastify, { type FastifyInstance } from 'fastify'
import * as E from 'fp-ts/lib/Either.js'
import type { Policy } from 'errmap'
import { errmap, frameworkErrors } from 'errmap/fastify'
import { components, responses, type ResponseObject } from 'errmap/openapi'
import { domainTargets } from './openapi.js'
import {
  apiPolicy,
  createUsers,
  MAX_BODY,
  toHttp,
  TOKEN,
  type NewUser,
  type Users,
} from './users.js'

type Responses = Readonly<Record<string, ResponseObject>>

// errmap's `#/components/schemas/X` refs as refs to the shared schema `X`, everywhere.
const shared = (u: unknown): unknown => {
  if (Array.isArray(u)) return u.map(shared)
  if (typeof u !== 'object' || u === null) return u
  return Object.fromEntries(
    Object.entries(u).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
        ? `${v.slice('#/components/schemas/'.length)}#`
        : shared(v),
    ]),
  )
}

/** errmap's component schemas as Fastify shared schemas (`app.addSchema`), `$id` = name. */
export const sharedSchemas = (policy: Policy) =>
  Object.entries(components(policy).schemas).map(([name, schema]) => ({
    $id: name,
    ...(shared(schema) as object),
  }))

/** errmap's error responses as a Fastify route's `schema.response` entries. */
export const fastifyResponses = (errors: Responses) =>
  Object.fromEntries(
    Object.entries(errors).map(([status, r]) => [
      status,
      {
        description: r.description,
        headers: Object.fromEntries(
          Object.entries(r.headers).map(([name, h]) => [
            name,
            { description: h.description, ...h.schema },
          ]),
        ),
        content: shared(r.content),
      },
    ]),
  )

const user = {
  type: 'object',
  required: ['id', 'name', 'email'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } },
} as const

const newUser = {
  type: 'object',
  required: ['name', 'email'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    email: { type: 'string', format: 'email' },
  },
  additionalProperties: false,
} as const

// Every route may fail unexpectedly (a masked 500), and answers 405 to other methods.
const always = ['Internal', 'MethodNotAllowed'] as const

/** The error responses of each operation, by `operationId`. */
export const errorsOf = {
  getUser: responses(apiPolicy, { NoSuchUser: domainTargets.NoSuchUser, route: [...always] }),
  createUser: responses(apiPolicy, {
    NotSignedIn: domainTargets.NotSignedIn,
    EmailTaken: domainTargets.EmailTaken,
    // What Fastify and errmap/fastify add: malformed JSON, not JSON, too large, not a NewUser.
    body: [
      'BadRequest',
      'UnsupportedMediaType',
      'ContentTooLarge',
      'UnprocessableContent',
      ...always,
    ],
  }),
} satisfies Readonly<Record<string, Responses>>

interface Operation {
  readonly operationId?: string
  readonly responses?: Record<string, { headers?: unknown }>
}

// @fastify/swagger's `transformObject`: errmap's header objects, `required` and `example`
// included, in place of what @fastify/swagger made of the route schema's headers.
const withErrmapHeaders = <D extends { readonly paths?: unknown }>(doc: D): D => {
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Record<string, unknown>>))
    for (const op of Object.values(item) as ReadonlyArray<Operation>) {
      const errors: Responses | undefined =
        op.operationId !== undefined && Object.hasOwn(errorsOf, op.operationId)
          ? errorsOf[op.operationId as keyof typeof errorsOf]
          : undefined
      for (const [status, r] of Object.entries(errors ?? {})) {
        const at = op.responses?.[status]
        if (at !== undefined) at.headers = r.headers
      }
    }
  return doc
}

/** The app: errmap/fastify, @fastify/swagger, and the users API's routes. */
export const buildApp = async (users: Users = createUsers()): Promise<FastifyInstance> => {
  const app = Fastify({ bodyLimit: MAX_BODY, frameworkErrors: frameworkErrors(apiPolicy) })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Users API (errmap on Fastify)', version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    // OpenAPI 3.1 has `const`: errmap's schemas keep it.
    convertConstToEnum: false,
    // A shared schema is `#/components/schemas/<its $id>`, errmap's names.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? i) },
    transformObject: (d) =>
      'openapiObject' in d ? withErrmapHeaders(d.openapiObject) : d.swaggerObject,
  })
  await app.register(errmap, { policy: apiPolicy })
  for (const schema of sharedSchemas(apiPolicy)) app.addSchema(schema)

  app.get<{ Params: { id: string } }>(
    '/users/:id',
    {
      schema: {
        operationId: 'getUser',
        params: { type: 'object', properties: { id: { type: 'string' } } },
        response: {
          200: { description: 'The user.', ...user },
          ...fastifyResponses(errorsOf.getUser),
        },
      },
    },
    async (request) => {
      const found = users.find(request.params.id)
      if (E.isLeft(found)) throw toHttp(found.left)
      return found.right
    },
  )

  app.post<{ Body: NewUser }>(
    '/users',
    {
      // Before the body is read: a request without the token is a 401, whatever its body.
      onRequest: async (request) => {
        if (request.headers.authorization !== `Bearer ${TOKEN}`)
          throw toHttp({ _tag: 'NotSignedIn' })
      },
      schema: {
        operationId: 'createUser',
        security: [{ bearer: [] }],
        body: newUser,
        response: {
          201: { description: 'The new user.', ...user },
          ...fastifyResponses(errorsOf.createUser),
        },
      },
    },
    async (request, reply) => {
      // Fastify has validated the body against `newUser`.
      const created = users.create(request.body)
      if (E.isLeft(created)) throw toHttp(created.left)
      return reply.code(201).send(created.right)
    },
  )
  return app
}

/** The OpenAPI 3.1 document @fastify/swagger builds for the app. */
export const fastifyDocument = async () => {
  const app = await buildApp()
  await app.ready()
  const doc = app.swagger()
  await app.close()
  return doc
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(JSON.stringify(await fastifyDocument(), null, 2))
