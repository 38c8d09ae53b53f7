/**
 * errmap/openapi's components and operation responses: a complete OpenAPI 3.1 document
 * built from the default policy and from each seed profile validates with
 * @seriousme/openapi-schema-validator; every schema compiles under strict ajv (draft
 * 2020-12) and every example validates against its schema; the headers each status obliges;
 * masked errors described as masked; `responses` for variants, statuses, errors and
 * `DomainTargets`.
 */
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import {
  conflict,
  defaultPolicy,
  graphql,
  json,
  jsonFormat,
  notFound,
  toResponse,
  policy,
  problem,
  tags,
  type Format,
  type Policy,
} from '../../src/index.js'
import { ndc, openapiRest } from '../../src/profiles/index.js'
import {
  components,
  responses,
  type DomainTargets,
  type Modelled,
  type ResponseObject,
} from '../../src/openapi/index.js'
import { usersDocument } from '../../examples/openapi.js'
import { newAjv, token, withDocument } from './support.js'

const modelled = tags.filter((t): t is Modelled => t !== 'Custom')

// A document with one operation that can fail with every variant.
const documentOf = (p: Policy, title: string) => {
  const c = components(p)
  return {
    openapi: '3.1.0',
    info: { title, version: '1.0.0' },
    paths: {
      '/things/{id}': {
        get: {
          operationId: 'getThing',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The thing.' },
            ...responses(p, modelled),
          },
        },
      },
    },
    components: { schemas: c.schemas, responses: c.responses },
  }
}

const seeds: ReadonlyArray<readonly [string, Policy]> = [
  ['the default policy (seed 001, rest-guide)', defaultPolicy],
  ['ndc (seed 000)', ndc],
  ['openapiRest (seed 003)', openapiRest],
  [
    'problem with a typeBase first',
    policy({ formats: [problem({ typeBase: 'https://errors.example.com/' }), json, graphql] }),
  ],
]

const validate = async (doc: unknown) => {
  const v = new Validator()
  const r = await v.validate(doc as Record<string, unknown>)
  return { valid: r.valid, version: v.version, errors: r.errors }
}

// Every response object of a document: its components' and its operations'.
const responsesIn = (
  doc: ReturnType<typeof documentOf>,
): ReadonlyArray<readonly [string, ResponseObject]> => [
  ...Object.entries(doc.components.responses).map(
    ([k, r]) => [`/components/responses/${token(k)}`, r] as const,
  ),
  ...Object.entries(doc.paths['/things/{id}'].get.responses)
    .filter(([k]) => k !== '200')
    .map(
      ([k, r]) =>
        [`/paths/${token('/things/{id}')}/get/responses/${k}`, r as ResponseObject] as const,
    ),
]

describe('a complete OpenAPI 3.1 document validates', () => {
  for (const [name, p] of seeds)
    it(`${name}: @seriousme/openapi-schema-validator says valid`, async () => {
      const doc = documentOf(p, name)
      expect(await validate(doc)).toEqual({ valid: true, version: '3.1', errors: undefined })
    })

  it("the users API's document (examples/openapi.ts, zod for the request body)", async () => {
    const doc = usersDocument()
    expect(await validate(doc)).toEqual({ valid: true, version: '3.1', errors: undefined })
    const post: Readonly<Record<string, { readonly description: string } | undefined>> =
      doc.paths['/users'].post.responses
    expect(Object.keys(post)).toEqual(['201', '400', '401', '405', '409', '413', '422', '500'])
    expect(post['409']?.description).toContain('`CONFLICT` (EmailTaken)')
    expect(post['401']?.description).toContain('`UNAUTHORIZED` (NotSignedIn)')
  })

  it('the validator refuses a broken document (it checks something)', async () => {
    const doc = documentOf(defaultPolicy, 'broken')
    const { description: _, ...noDescription } = doc.components.responses[
      'Errmap404'
    ] as ResponseObject
    const broken = {
      ...doc,
      components: {
        ...doc.components,
        responses: { ...doc.components.responses, Errmap404: noDescription },
      },
    }
    expect((await validate(broken)).valid).toBe(false)
  })

  for (const [name, p] of seeds)
    it(`${name}: every schema compiles (strict ajv, 2020-12) and every example validates`, () => {
      const doc = documentOf(p, name)
      const compile = withDocument(newAjv(), doc)
      for (const schema of Object.keys(doc.components.schemas))
        expect(() => compile(`/components/schemas/${token(schema)}`)).not.toThrow()
      let examples = 0
      for (const [at, r] of responsesIn(doc))
        for (const [mediaType, m] of Object.entries(r.content)) {
          const v = compile(`${at}/content/${token(mediaType)}/schema`)
          expect(v(m.example), `${at} ${mediaType}: ${JSON.stringify(v.errors)}`).toBe(true)
          examples++
        }
      expect(examples).toBeGreaterThan(40)
    })
})

describe('response objects', () => {
  const c = components(policy({ challenges: [{ scheme: 'Bearer', params: { realm: 'api' } }] }))
  const headers = (name: string) =>
    Object.fromEntries(
      Object.entries((c.responses[name] as ResponseObject).headers).map(([k, h]) => [
        k,
        [h.required, h.example],
      ]),
    )

  it('a response per status and per variant, in the media types the policy negotiates', () => {
    expect(Object.keys(c.responses).filter((k) => /^Errmap\d+$/.test(k))).toEqual(
      [
        400, 401, 403, 404, 405, 406, 408, 409, 410, 412, 413, 414, 415, 422, 429, 431, 500, 501,
        502, 503, 504,
      ].map((s) => `Errmap${s}`),
    )
    for (const t of tags) if (t !== 'Custom') expect(c.responses[`Errmap${t}`]).toBeDefined()
    expect(Object.keys((c.responses['Errmap404'] as ResponseObject).content)).toEqual([
      'application/json',
      'application/problem+json',
      'application/graphql-response+json',
    ])
    expect(
      (c.responses['Errmap404'] as ResponseObject).content['application/problem+json'],
    ).toEqual({
      schema: {
        allOf: [
          { $ref: '#/components/schemas/ErrmapProblem' },
          { type: 'object', properties: { status: { const: 404 }, title: { const: 'Not Found' } } },
        ],
      },
      example: {
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: 'Not Found',
        code: 'NOT_FOUND',
      },
    })
  })

  it('the headers each status obliges, required or not, with examples', () => {
    const base = { 'X-Content-Type-Options': [true, 'nosniff'], Vary: [true, 'Accept'] }
    expect(headers('Errmap401')).toEqual({
      ...base,
      'WWW-Authenticate': [true, 'Bearer realm="api"'],
    })
    expect(headers('Errmap405')).toEqual({ ...base, Allow: [true, 'GET, HEAD'] })
    expect(headers('Errmap408')).toEqual({ ...base, Connection: [true, 'close'] })
    expect(headers('Errmap413')).toEqual({ ...base, 'Retry-After': [false, '30'] })
    for (const s of [429, 503])
      expect(headers(`Errmap${s}`)).toEqual({
        ...base,
        'Retry-After': [false, '30'],
        RateLimit: [false, '"default";r=0;t=30'],
        'RateLimit-Policy': [false, '"default";q=100;w=60'],
      })
    expect(headers('Errmap415')).toEqual({
      ...base,
      Accept: [false, 'application/json'],
      'Accept-Post': [false, 'application/json'],
      'Accept-Patch': [false, 'application/json'],
    })
    expect(headers('Errmap404')).toEqual(base)
    // One format: nothing is negotiated, no Vary.
    const one = components(policy({ formats: [json] })).responses['Errmap404'] as ResponseObject
    expect(Object.keys(one.headers)).toEqual(['X-Content-Type-Options'])
  })

  it('masked 5xx are described as masked, and their example is the masked body', () => {
    const r = c.responses['Errmap500'] as ResponseObject
    expect(r.description).toBe(
      '500 Internal Server Error.\n\n- `INTERNAL_SERVER_ERROR`: The server failed unexpectedly. ' +
        "Masked: the client sees the status' reason phrase, not the error's message or details " +
        '(unless the error sets `expose: true`).',
    )
    expect(r.content['application/json']?.example).toEqual({
      message: 'Internal Server Error',
      code: 'INTERNAL_SERVER_ERROR',
    })
    expect((c.responses['Errmap404'] as ResponseObject).description).not.toContain('Masked')
    // ndc shows 501 (the caller's fault), masks the other 5xx.
    const n = components(ndc).responses
    expect(n['Errmap501']?.description).not.toContain('Masked')
    expect(n['Errmap502']?.description).toContain('Masked')
  })

  it('a remap with several statuses gives its variant one response per status', () => {
    const r = components(openapiRest).responses
    expect(Object.keys(r).filter((k) => k.startsWith('ErrmapUnprocessableContent'))).toEqual([
      'ErrmapUnprocessableContent.400',
      'ErrmapUnprocessableContent.422',
    ])
    expect(r['Errmap412']?.description).toContain('`PRECONDITION_FAILED`')
    expect(r['Errmap412']?.description).toContain('`NOT_IMPLEMENTED`')
    expect(r['Errmap501']).toBeUndefined()
  })

  it('schemas: errmap formats by what they write, user formats by the schema given', () => {
    const text = jsonFormat({
      mediaType: 'application/vnd.x+json',
      toJson: () => ({}),
      fromJson: () => undefined,
    })
    const p = policy({ formats: [problem({ typeBase: 'urn:e:' }), text] })
    expect(components(p).schemas).toEqual({
      ErrmapIssue: expect.any(Object),
      ErrmapItem: expect.any(Object),
      ErrmapProblem: expect.objectContaining({
        required: ['type', 'title', 'status', 'detail', 'code'],
      }),
      'ErrmapBody.application.vnd.x.json': {
        description: 'A `application/vnd.x+json` body; no schema was given for it.',
      },
    })
    const given = { type: 'object' }
    expect(
      components(p, { schemas: { 'application/vnd.x+json': given } }).schemas[
        'ErrmapBody.application.vnd.x.json'
      ],
    ).toBe(given)
    expect(
      (components(p).schemas['ErrmapProblem']?.['properties'] as Record<string, unknown>)['type'],
    ).toEqual({
      type: 'string',
      format: 'uri-reference',
      pattern: '^urn:e:',
      description: '`urn:e:` followed by the code in kebab case.',
    })
  })

  it("user formats: a text body's example is its text; a format that throws, the json fallback", () => {
    const text: Format = {
      mediaType: 'text/plain',
      contentType: 'text/plain; charset=utf-8',
      encode: (r) => `${r.status} ${r.primary.code}`,
      decode: () => undefined,
    }
    const broken: Format = {
      mediaType: 'application/x-broken',
      contentType: 'application/x-broken',
      encode: () => {
        throw new Error('no')
      },
      decode: () => undefined,
    }
    const r = components(policy({ formats: [text, broken] })).responses['Errmap404']
    expect(r?.content['text/plain']?.example).toBe('404 NOT_FOUND')
    expect(r?.content['application/x-broken']?.example).toEqual({
      message: 'Not Found',
      code: 'NOT_FOUND',
    })
  })

  it('several default challenges: every one in the example', () => {
    const p = policy({
      challenges: [{ scheme: 'Bearer' }, { scheme: 'Basic', params: { realm: 'x' } }],
    })
    expect(components(p).responses['Errmap401']?.headers['WWW-Authenticate']?.example).toBe(
      'Bearer, Basic realm="x"',
    )
  })

  it('renames, your own codes and their descriptions', () => {
    const p = policy({ codes: { NOT_FOUND: 'NO_SUCH_THING' } })
    const r = components(p, {
      codes: {
        NO_SUCH_THING: { description: 'Nothing has this id.' },
        PAYMENT_REQUIRED: { status: 402, description: 'The trial has ended.' },
      },
    }).responses
    expect(r['Errmap404']?.description).toBe(
      '404 Not Found.\n\n- `NO_SUCH_THING`: Nothing has this id.',
    )
    expect(r['Errmap402']?.description).toBe(
      '402 Payment Required.\n\n- `PAYMENT_REQUIRED`: The trial has ended.',
    )
  })
})

describe('responses: one operation', () => {
  it('variants, statuses and errors, by status', () => {
    const r = responses(undefined, ['NotFound', 409, notFound('x', { code: 'NO_SUCH_USER' }), 418])
    expect(Object.keys(r)).toEqual(['404', '409', '418'])
    expect(r['404']?.description).toBe(
      '404 Not Found.\n\n- `NOT_FOUND`: The resource does not exist, or is not disclosed.\n' +
        '- `NO_SUCH_USER`: The resource does not exist, or is not disclosed.',
    )
    expect(r['418']?.description).toBe(
      "418 I'm a teapot.\n\n- `IM_A_TEAPOT`: An error whose status has no variant of its own.",
    )
  })

  it('a status lists every code the policy answers with it', () => {
    const r = responses(openapiRest, [400])
    expect(r['400']?.description).toContain('`BAD_REQUEST`')
    expect(r['400']?.description).toContain('`UNPROCESSABLE_CONTENT`')
  })

  it('DomainTargets: each domain error names its target; the names show', () => {
    type E = { _tag: 'Missing' } | { _tag: 'Taken' } | { _tag: 'Busy' }
    const targets: DomainTargets<E> = {
      Missing: 'NotFound',
      Taken: conflict('', { code: 'EMAIL_TAKEN' }),
      Busy: [503, 'TooManyRequests'],
    }
    const r = responses(defaultPolicy, targets)
    expect(Object.keys(r)).toEqual(['404', '409', '429', '503'])
    expect(r['409']?.description).toContain('- `EMAIL_TAKEN` (Taken): ')
    expect(r['503']?.description).toContain('- `SERVICE_UNAVAILABLE` (Busy): ')
    // @ts-expect-error -- a domain error left out does not compile
    const missing: DomainTargets<E> = { Missing: 'NotFound', Taken: 'Conflict' }
    expect(missing).toBeDefined()
  })

  it('statuses a remap function gives that samples cannot show', () => {
    const p = policy({ status: { Conflict: (e) => (e.message === 'later' ? 503 : 409) } })
    expect(Object.keys(responses(p, ['Conflict']))).toEqual(['409'])
    const r = responses(p, ['Conflict'], { statuses: { Conflict: [409, 503] } })
    expect(Object.keys(r)).toEqual(['409', '503'])
    expect(r['503']?.description).toContain('`CONFLICT`')
    expect(r['503']?.headers['Retry-After']?.required).toBe(false)
  })
})

describe('from review', () => {
  it('a typeBase with characters special to a pattern compiles in Unicode mode and matches', () => {
    const typeBase = 'https://my-api.example.com/errors/v1.0/'
    const p = policy({ formats: [problem({ typeBase })] })
    const v = withDocument(newAjv(), { components: components(p) })(
      '/components/schemas/ErrmapProblem',
    )
    const body = JSON.parse(
      toResponse(notFound('x'), { accept: 'application/problem+json' }, p).body,
    )
    expect(v(body)).toBe(true)
    expect(v({ ...body, type: 'https://myXapi.example.com/errors/v1x0/not-found' })).toBe(false)
  })
})
