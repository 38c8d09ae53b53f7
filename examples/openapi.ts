/**
 * The users API's OpenAPI 3.1 document: the request body's schema from zod (what
 * zod-openapi, hono-openapi and @fastify/swagger documents are built from: a JSON Schema
 * 2020-12 per body), the error responses from errmap/openapi — each operation's from the
 * domain errors it can fail with (`DomainTargets` names what `toHttp` maps each to) and the
 * errors its plumbing adds — and errmap's components merged into the document's.
 *
 *   npx tsx examples/openapi.ts > openapi.json
 */
import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import { components, responses, type DomainTargets, type JsonSchema } from 'errmap/openapi'
import { apiPolicy, type UserError } from './users.js'

/** The body of `POST /users`, as zod states it (users.ts decodes it with io-ts). */
export const NewUserSchema = z.object({
  name: z.string().min(1).max(100),
  email: z.email(),
})

/** What `toHttp` maps each domain error to; leaving a tag out does not compile. */
export const domainTargets = {
  NoSuchUser: 'NotFound',
  EmailTaken: 'Conflict',
  NotSignedIn: 'Unauthorized',
  ExportTooSoon: 'TooManyRequests',
} as const satisfies DomainTargets<UserError>

const user: JsonSchema = {
  type: 'object',
  required: ['id', 'name', 'email'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } },
}

const json = (description: string, schema: JsonSchema) => ({
  description,
  content: { 'application/json': { schema } },
})

// Every route may fail unexpectedly (a masked 500), and answers 405 to other methods.
const always = ['Internal', 'MethodNotAllowed'] as const

/** The whole document, plain JSON data. */
export const usersDocument = () => {
  const c = components(apiPolicy)
  return {
    openapi: '3.1.0',
    info: { title: 'Users API (errmap demo)', version: '1.0.0' },
    paths: {
      '/users': {
        get: {
          operationId: 'listUsers',
          responses: {
            '200': json('Every user.', { type: 'array', items: user }),
            ...responses(apiPolicy, [...always]),
          },
        },
        post: {
          operationId: 'createUser',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: z.toJSONSchema(NewUserSchema) as JsonSchema },
            },
          },
          responses: {
            '201': json('The new user.', user),
            ...responses(apiPolicy, {
              NotSignedIn: domainTargets.NotSignedIn,
              EmailTaken: domainTargets.EmailTaken,
              // What the plumbing adds: malformed JSON, a body too large, a body that is not a NewUser.
              body: ['BadRequest', 'ContentTooLarge', 'UnprocessableContent', ...always],
            }),
          },
        },
      },
      '/users/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          operationId: 'getUser',
          responses: {
            '200': json('The user.', user),
            ...responses(apiPolicy, { NoSuchUser: domainTargets.NoSuchUser, route: [...always] }),
          },
        },
      },
      '/users/export': {
        get: {
          operationId: 'exportUsers',
          responses: {
            '200': json('Every user, once a minute.', { type: 'array', items: user }),
            ...responses(apiPolicy, {
              ExportTooSoon: domainTargets.ExportTooSoon,
              route: [...always],
            }),
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: c.schemas,
      responses: c.responses,
    },
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(JSON.stringify(usersDocument(), null, 2))
