/**
 * Schemas and codecs agree: every body `toResponse` writes — for every variant, every
 * format (errmap's three, a problem format per kind of `typeBase`, the profiles' formats,
 * a user's JSON format with its own schema) and the policy settings a schema depends on
 * (remaps, renames, masking, `maxErrors`, `maxMessageLength`) — validates with ajv (draft
 * 2020-12, strict) against the schema `responses(policy, [status])` gives for its status
 * and media type; and any body the client rejects (errmap/client's io-ts codecs, the
 * format's own decoder) the schema rejects too.
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/Either'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import { afterAll, describe, expect, it } from 'vitest'
import {
  graphql,
  json,
  jsonFormat,
  policy,
  problem,
  tags,
  toResponse,
  type ErrorStatus,
  type Format,
  type HttpError,
  type Policy,
  type RequestFacts,
} from '../../src/index.js'
import { GraphQLBody, JsonBody, ProblemBody } from '../../src/client/index.js'
import { ndc, ndcErrorResponse, openapiErrors, openapiRest } from '../../src/profiles/index.js'
import { components, responses, type JsonSchema } from '../../src/openapi/index.js'
import { anyPolicy, httpError } from '../arbitraries.js'
import { samples } from '../samples.js'
import { newAjv } from './support.js'

// A user's own format, with the schema of its bodies given by media type.
const jsonApi: Format = jsonFormat({
  mediaType: 'application/vnd.api+json',
  contentType: 'application/vnd.api+json',
  toJson: (r) => ({
    errors: r.errors.map((v) => ({ status: String(v.status), code: v.code, detail: v.message })),
  }),
  fromJson: (u) => {
    const list = (u as { errors?: unknown }).errors
    return Array.isArray(list) && list.length > 0
      ? list.map((x: { detail?: unknown }) => ({ message: String(x.detail) }))
      : undefined
  },
})
const userSchemas: Readonly<Record<string, JsonSchema>> = {
  'application/vnd.api+json': {
    type: 'object',
    required: ['errors'],
    properties: {
      errors: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['status', 'code', 'detail'],
          properties: {
            status: { type: 'string', pattern: '^[45][0-9][0-9]$' },
            code: { type: 'string' },
            detail: { type: 'string' },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
}

const typeBases = [
  undefined,
  'https://errors.example.com/',
  'https://example.com/errors#',
  '/errors/',
  'urn:example:errors:',
] as const

// Each policy's document: the schemas once, the response of each status on demand.
interface Described {
  readonly p: Policy
  readonly validator: (status: ErrorStatus, mediaType: string) => ValidateFunction
}

const ajv = newAjv()
let ids = 0
const describePolicy = (p: Policy): Described => {
  const schemas = components(p, { schemas: userSchemas }).schemas
  const cache = new Map<string, ValidateFunction>()
  return {
    p,
    validator: (status, mediaType) => {
      const key = `${status} ${mediaType}`
      let v = cache.get(key)
      if (v === undefined) {
        const content = responses(p, [status])[String(status)]?.content[mediaType]
        expect(content, key).toBeDefined()
        v = ajv.compile({
          $id: `https://errmap.test/body/${ids++}`,
          components: { schemas },
          allOf: [content?.schema],
        })
        cache.set(key, v)
      }
      return v
    },
  }
}

// The media types a client can get from a policy (the first format of each).
const mediaTypes = (p: Policy): ReadonlyArray<string> => [
  ...new Set(p.formats.map((f) => f.mediaType)),
]
const formatOf = (p: Policy, mediaType: string): Format =>
  p.formats.find((f) => f.mediaType === mediaType) as Format

let checked = 0
let rejected = 0

const check = (d: Described, errors: HttpError | ReadonlyArray<HttpError>, facts: RequestFacts) => {
  const r = toResponse(errors, facts, d.p)
  const mediaType = (r.headers['content-type'] as string).split(';')[0] as string
  const body = JSON.parse(r.body) as unknown
  const validate = d.validator(r.status, mediaType)
  checked++
  if (!validate(body))
    expect.fail(
      `${r.body}\n(${r.status} ${mediaType}) does not match its schema: ` +
        JSON.stringify(validate.errors),
    )
  return { status: r.status, mediaType, body, validate }
}

afterAll(() => {
  console.log(
    `errmap/openapi: ${checked} bodies validated against their schemas; ` +
      `${rejected} bodies the client rejects, all rejected by the schemas`,
  )
})

describe('every body toResponse writes validates against its schema', () => {
  const fixed: ReadonlyArray<readonly [string, Policy]> = [
    ['the default policy', policy()],
    ['ndc', ndc],
    ['openapiRest', openapiRest],
    ...typeBases.map(
      (typeBase) =>
        [
          `problem first, typeBase ${String(typeBase)}, tight bounds, renames, remaps, all exposed`,
          policy({
            formats: [problem({ typeBase }), json, graphql, jsonApi],
            maxErrors: 2,
            maxMessageLength: 5,
            codes: { NOT_FOUND: 'NO_SUCH_THING', INTERNAL_SERVER_ERROR: 'OOPS' },
            status: { NotImplemented: 412, Internal: 503, Gone: 404 },
            expose: () => true,
          }),
        ] as const,
    ),
    ['every 5xx shown but 501', policy({ expose: (_, s) => s !== 501 })],
  ]

  for (const [name, p] of fixed)
    it(`${name}: every variant, alone and with others, in every media type`, () => {
      const d = describePolicy(p)
      const all = tags.map((t) => samples[t] as HttpError)
      for (const accept of mediaTypes(p)) {
        for (const e of all) {
          check(d, e, { accept })
          check(d, { ...e, expose: true } as HttpError, { accept, requestId: 'r-1' })
          check(d, { ...e, expose: false } as HttpError, {
            accept,
            instance: '/i/1',
            method: 'POST',
          })
        }
        check(d, all, { accept, requestId: 'r-2' })
        check(d, [...all].reverse(), { accept, instance: 'urn:x' })
      }
    })

  const policies = fc
    .tuple(
      anyPolicy(),
      fc.constantFrom(...typeBases),
      fc.shuffledSubarray(['json', 'problem', 'graphql', 'jsonApi', 'ndc', 'openapiErrors'], {
        minLength: 1,
      }),
      fc.integer({ min: 1, max: 2000 }),
    )
    .map(([p, typeBase, names, maxMessageLength]) =>
      policy({
        ...p,
        maxMessageLength,
        formats: names.map((n) =>
          n === 'json'
            ? json
            : n === 'problem'
              ? problem({ typeBase })
              : n === 'graphql'
                ? graphql
                : n === 'jsonApi'
                  ? jsonApi
                  : n === 'ndc'
                    ? ndcErrorResponse
                    : openapiErrors,
        ),
      }),
    )

  const facts = fc.record(
    {
      requestId: fc.string({ maxLength: 20 }),
      instance: fc.string({ maxLength: 20 }),
      method: fc.constantFrom('GET', 'HEAD', 'POST', 'PATCH'),
    },
    { requiredKeys: [] },
  )

  it('for arbitrary errors, lists of them, policies and formats (property)', () => {
    fc.assert(
      fc.property(
        policies,
        fc.array(
          fc.tuple(
            fc.oneof(
              httpError({ message: fc.string({ maxLength: 3000 }) }),
              fc.array(httpError(), { minLength: 0, maxLength: 6 }),
            ),
            facts,
          ),
          { minLength: 1, maxLength: 8 },
        ),
        (p, cases) => {
          const d = describePolicy(p)
          for (const accept of mediaTypes(p))
            for (const [errors, f] of cases) check(d, errors, { ...f, accept })
        },
      ),
      { numRuns: 150 },
    )
  })
})

// -------------------------------------------------------------------------------------
// what the client rejects
// -------------------------------------------------------------------------------------

const codecs: Readonly<Record<string, (u: unknown) => boolean>> = {
  'application/json': (u) => E.isRight(JsonBody.decode(u)),
  'application/problem+json': (u) => E.isRight(ProblemBody.decode(u)),
  'application/graphql-response+json': (u) => E.isRight(GraphQLBody.decode(u)),
}

// Whether errmap/client reads a body: the format's decoder, and for errmap's formats the
// io-ts codec of its body too.
const clientReads = (p: Policy, mediaType: string, status: ErrorStatus, u: unknown): boolean => {
  const f = formatOf(p, mediaType)
  const builtin = f === json || f === graphql || mediaType === 'application/problem+json'
  const codec = builtin ? codecs[mediaType] : undefined
  if (codec !== undefined && !codec(u)) return false
  try {
    const r = f.decode(JSON.stringify(u), status)
    return r !== undefined && r.length > 0
  } catch {
    return false
  }
}

type Path = ReadonlyArray<string | number>
const pathsOf = (u: unknown, at: Path = []): ReadonlyArray<Path> => {
  if (typeof u !== 'object' || u === null) return [at]
  const keys: ReadonlyArray<string | number> = Array.isArray(u)
    ? u.map((_, i) => i)
    : Object.keys(u)
  return [
    at,
    ...keys.flatMap((k) => pathsOf((u as Record<string | number, unknown>)[k], [...at, k])),
  ]
}

const junk = fc.constantFrom<unknown>(null, true, 0, 1.5, -1, 200, 600, '', 'x', [], {}, [{}], {
  a: 1,
})

type Mutation = readonly ['delete' | 'replace' | 'add', number, unknown]
const mutate = (u: unknown, [op, n, value]: Mutation): unknown => {
  const copy = JSON.parse(JSON.stringify(u)) as unknown
  const paths = pathsOf(copy)
  const path = paths[n % paths.length] as Path
  if (path.length === 0) return op === 'replace' ? value : copy
  let parent = copy as Record<string | number, unknown>
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>
  const key = path[path.length - 1] as string | number
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1)
    else Reflect.deleteProperty(parent, key)
  } else if (op === 'replace') parent[key] = value
  else {
    const target = parent[key]
    if (typeof target === 'object' && target !== null && !Array.isArray(target))
      (target as Record<string, unknown>)['unexpected'] = value
    else parent[key] = value
  }
  return copy
}

describe('what the client rejects, the schema rejects', () => {
  const p = policy({ formats: [json, problem({ typeBase: 'https://e.example/' }), graphql] })
  const cases: ReadonlyArray<readonly [string, Policy]> = [
    ['errmap formats', p],
    ['ndc', ndc],
    ['openapiRest', openapiRest],
  ]
  for (const [name, pol] of cases)
    it(`${name}: mutated bodies of every variant (property)`, () => {
      const d = describePolicy(pol)
      const mutation = fc.tuple(
        fc.constantFrom('delete' as const, 'replace' as const, 'add' as const),
        fc.nat(),
        junk,
      )
      fc.assert(
        fc.property(
          fc.constantFrom(...tags),
          fc.constantFrom(...mediaTypes(pol)),
          fc.boolean(),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          (tag, accept, several, mutations) => {
            const errors = several ? tags.map((t) => samples[t] as HttpError) : samples[tag]
            const { status, mediaType, body, validate } = check(d, errors, {
              accept,
              requestId: 'r',
            })
            const bad = mutations.reduce(mutate, body)
            if (clientReads(pol, mediaType, status, bad)) return
            rejected++
            expect(validate(bad), JSON.stringify(bad)).toBe(false)
          },
        ),
        { numRuns: 600 },
      )
    })

  it('the mutations reach bodies the client rejects', () => {
    expect(rejected).toBeGreaterThan(500)
  })
})
