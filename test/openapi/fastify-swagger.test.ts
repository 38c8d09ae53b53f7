/**
 * errmap/openapi in a @fastify/swagger document (examples/fastify-openapi.ts): the document
 * `app.swagger()` builds (OpenAPI 3.1) validates with @seriousme/openapi-schema-validator
 * and holds errmap's error responses and schemas exactly; over a real socket, every error
 * the app sends has a status, media type and required headers the document gives for its
 * operation, and a body that validates (ajv, draft 2020-12) against the document's schema.
 */
import { Validator } from '@seriousme/openapi-schema-validator'
import swagger from '@fastify/swagger'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { components, type JsonSchema, type ResponseObject } from '../../src/openapi/index.js'
import {
  buildApp,
  errorsOf,
  fastifyDocument,
  fastifyResponses,
  sharedSchemas,
} from '../../examples/fastify-openapi.js'
import { apiPolicy, createUsers, TOKEN } from '../../examples/users.js'
import { newAjv, token, withDocument } from './support.js'

// A type, not an interface: `withDocument` takes it as a record.
type Doc = {
  readonly paths: Readonly<
    Record<string, Readonly<Record<string, { readonly responses: Record<string, ResponseObject> }>>>
  >
  readonly components: { readonly schemas: Readonly<Record<string, JsonSchema>> }
}

const operations = [
  ['getUser', '/users/{id}', 'get'],
  ['createUser', '/users', 'post'],
] as const

describe('the document @fastify/swagger builds', () => {
  let doc: Doc
  beforeAll(async () => {
    doc = (await fastifyDocument()) as unknown as Doc
  })

  it('is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator)', async () => {
    const v = new Validator()
    const r = await v.validate(doc as unknown as Record<string, unknown>)
    expect({ valid: r.valid, version: v.version, errors: r.errors }).toEqual({
      valid: true,
      version: '3.1',
      errors: undefined,
    })
  })

  it("holds errmap's schemas under errmap's names, and each operation's error responses", () => {
    expect(doc.components.schemas).toEqual(components(apiPolicy).schemas)
    expect(Object.keys(doc.paths['/users/{id}']?.['get']?.responses ?? {})).toEqual([
      '200',
      '404',
      '405',
      '500',
    ])
    expect(Object.keys(doc.paths['/users']?.['post']?.responses ?? {})).toEqual([
      '201',
      '400',
      '401',
      '405',
      '409',
      '413',
      '415',
      '422',
      '500',
    ])
    for (const [id, path, method] of operations)
      for (const [status, r] of Object.entries(errorsOf[id]))
        expect(doc.paths[path]?.[method]?.responses[status], `${id} ${status}`).toEqual(r)
  })

  it('media types, schemas and headers as errmap states them', () => {
    const post = doc.paths['/users']?.['post']?.responses ?? {}
    for (const s of ['401', '409', '422'])
      expect(Object.keys(post[s]?.content ?? {})).toEqual([
        'application/json',
        'application/problem+json',
        'application/graphql-response+json',
        'text/html',
      ])
    expect(post['409']?.description).toContain('`CONFLICT` (EmailTaken)')
    expect(post['422']?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/ErrmapJson',
    })
    expect(post['422']?.content['application/problem+json']?.schema).toEqual({
      allOf: [
        { $ref: '#/components/schemas/ErrmapProblem' },
        // The examples' policy translates titles: no constant title.
        { type: 'object', properties: { status: { const: 422 } } },
      ],
    })
    expect(post['401']?.headers['WWW-Authenticate']).toMatchObject({
      required: true,
      example: 'Bearer',
    })
    expect(post['405']?.headers['Allow']?.required).toBe(true)
    expect(post['413']?.headers['Retry-After']?.required).toBe(false)
    expect(Object.keys(post['415']?.headers ?? {})).toEqual(
      expect.arrayContaining(['Accept', 'Accept-Post', 'Accept-Patch']),
    )
    expect(doc.paths['/users/{id}']?.['get']?.responses['404']?.headers['Vary']).toMatchObject({
      required: true,
      example: 'Accept, Accept-Language',
    })
  })

  it('without the transformObject step, a header loses `required` and `example`', async () => {
    const app = Fastify()
    await app.register(swagger, {
      openapi: { openapi: '3.1.0', info: { title: 't', version: '1' } },
    })
    for (const schema of sharedSchemas(apiPolicy)) app.addSchema(schema)
    app.get('/x', { schema: { response: fastifyResponses(errorsOf.createUser) } }, () => 'x')
    await app.ready()
    const plain = app.swagger() as unknown as Doc
    await app.close()
    expect(plain.paths['/x']?.['get']?.responses['401']?.headers['WWW-Authenticate']).toEqual({
      description: 'The authentication challenges (RFC 9110 §11.6.1).',
      schema: { type: 'string' },
    })
  })
})

// ----------------------------------------------------------------------------------------
// over a socket
// ----------------------------------------------------------------------------------------

const listen = async (app: FastifyInstance): Promise<string> => {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  return `http://127.0.0.1:${port}`
}

const auth = { authorization: `Bearer ${TOKEN}` }
const jsonBody = { ...auth, 'content-type': 'application/json' }
const problem = { accept: 'application/problem+json' }

// [what, operation, path, init, the status expected]
const cases: ReadonlyArray<
  readonly [string, (typeof operations)[number][0], string, RequestInit, number]
> = [
  ['no such user', 'getUser', '/users/42', {}, 404],
  ['no such user, problem+json', 'getUser', '/users/42', { headers: problem }, 404],
  ['a method the path does not have', 'getUser', '/users/1', { method: 'DELETE' }, 405],
  ['no token', 'createUser', '/users', { method: 'POST', body: '{}' }, 401],
  [
    'no token, problem+json',
    'createUser',
    '/users',
    { method: 'POST', headers: problem, body: '{}' },
    401,
  ],
  ['malformed JSON', 'createUser', '/users', { method: 'POST', headers: jsonBody, body: '{' }, 400],
  [
    'not JSON',
    'createUser',
    '/users',
    { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: 'a,b' },
    415,
  ],
  [
    'too large',
    'createUser',
    '/users',
    { method: 'POST', headers: jsonBody, body: JSON.stringify({ name: 'x'.repeat(70_000) }) },
    413,
  ],
  [
    'not a NewUser (Fastify schema validation)',
    'createUser',
    '/users',
    { method: 'POST', headers: jsonBody, body: '{"name":"","email":"nope","x":1}' },
    422,
  ],
  [
    'not a NewUser, problem+json',
    'createUser',
    '/users',
    { method: 'POST', headers: { ...jsonBody, ...problem }, body: '{"name":"Bob"}' },
    422,
  ],
  [
    'email taken, problem+json',
    'createUser',
    '/users',
    {
      method: 'POST',
      headers: { ...jsonBody, ...problem },
      body: '{"name":"Ada","email":"ada@example.com"}',
    },
    409,
  ],
  [
    'email taken, graphql',
    'createUser',
    '/users',
    {
      method: 'POST',
      headers: { ...jsonBody, accept: 'application/graphql-response+json' },
      body: '{"name":"Ada","email":"ada@example.com"}',
    },
    409,
  ],
]

describe('over a socket: what the app sends is what the document says', () => {
  let doc: Doc
  let compile: ReturnType<typeof withDocument>
  let app: FastifyInstance
  let broken: FastifyInstance
  let base = ''
  let brokenBase = ''
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined)

  beforeAll(async () => {
    app = await buildApp()
    base = await listen(app)
    doc = app.swagger() as unknown as Doc
    compile = withDocument(newAjv(), doc)
    // A store whose driver throws: a masked 500.
    broken = await buildApp({
      ...createUsers(),
      find: () => {
        throw new Error('connect ECONNREFUSED 10.0.0.5:5432 (password=hunter2)')
      },
    })
    brokenBase = await listen(broken)
  })
  afterAll(async () => {
    await Promise.all([app.close(), broken.close()])
    quiet.mockRestore()
  })

  const check = async (
    operation: (typeof operations)[number][0],
    r: Response,
    expected: number,
  ): Promise<unknown> => {
    const [, path, method] = operations.find(
      ([id]) => id === operation,
    ) as (typeof operations)[number]
    expect(r.status).toBe(expected)
    const described = doc.paths[path]?.[method]?.responses[String(r.status)]
    expect(described, `${method} ${path} documents ${r.status}`).toBeDefined()
    const mediaType = (r.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? ''
    expect(Object.keys(described?.content ?? {})).toContain(mediaType)
    for (const [name, h] of Object.entries(described?.headers ?? {}))
      if (h.required) expect(r.headers.get(name), `${r.status} header ${name}`).not.toBeNull()
    const body: unknown = await r.json()
    const v = compile(
      `/paths/${token(path)}/${method}/responses/${r.status}/content/${token(mediaType)}/schema`,
    )
    expect(v(body), `${r.status} ${mediaType}: ${JSON.stringify(v.errors)}`).toBe(true)
    return body
  }

  for (const [what, operation, path, init, status] of cases)
    it(`${what}: ${status}`, async () => {
      await check(operation, await fetch(`${base}${path}`, init), status)
    })

  it('an unexpected failure: the masked 500 the document describes', async () => {
    const body = await check('getUser', await fetch(`${brokenBase}/users/1`), 500)
    expect(JSON.stringify(body)).not.toContain('hunter2')
    expect(doc.paths['/users/{id}']?.['get']?.responses['500']?.description).toContain('Masked')
  })

  it('the schema is not a formality: a body errmap would not write fails it', async () => {
    const v = compile(
      `/paths/${token('/users/{id}')}/get/responses/404/content/${token('application/problem+json')}/schema`,
    )
    const r = await fetch(`${base}/users/42`, { headers: problem })
    const body = (await r.json()) as Record<string, unknown>
    expect(v(body)).toBe(true)
    expect(v({ ...body, status: 409 })).toBe(false)
    const { code: _, ...noCode } = body
    expect(v(noCode)).toBe(false)
  })
})
