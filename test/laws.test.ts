import { randomUUID } from 'node:crypto'
import * as fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { describe, expect, it } from 'vitest'
import {
  conflict,
  decisionOrder,
  defaultPriority,
  firstError,
  fromUnknown,
  highestStatus,
  isErrorStatus,
  isHttpError,
  lastError,
  notFound,
  policy,
  status,
  statusUnder,
  tags,
  toResponse,
  type HttpError,
  type Policy,
  type Priority,
  type Ranked,
  type Tag,
  fromStatus,
} from '../src/index.js'
import { decodeResponse, exposed } from '../src/client/index.js'
import {
  anyPolicy,
  errorStatus,
  hostile,
  httpError,
  jsonDetails,
  serverStatus,
  text,
} from './arbitraries.js'
import { formats, samples } from './samples.js'

const ranked = (p: Policy, e: HttpError): Ranked => ({ error: e, status: statusUnder(p)(e) })

/** A policy and three errors ranked under it. */
const triple = fc
  .tuple(anyPolicy(), httpError(), httpError(), httpError())
  .map(([p, a, b, c]) => [ranked(p, a), ranked(p, b), ranked(p, c)] as const)

const semilattices: ReadonlyArray<readonly [string, Priority]> = [
  ['defaultPriority', defaultPriority],
  ['highestStatus', highestStatus],
]

describe('laws: the priority reducer', () => {
  for (const [name, P] of semilattices) {
    it(`${name} is associative (the very same error wins)`, () => {
      fc.assert(
        fc.property(triple, ([a, b, c]) => {
          expect(P.concat(P.concat(a, b), c)).toBe(P.concat(a, P.concat(b, c)))
        }),
      )
    })

    it(`${name} is commutative on the chosen status`, () => {
      fc.assert(
        fc.property(triple, ([a, b]) => {
          expect(P.concat(a, b).status).toBe(P.concat(b, a).status)
        }),
      )
    })

    it(`${name} is idempotent`, () => {
      fc.assert(
        fc.property(triple, ([a]) => {
          expect(P.concat(a, a)).toBe(a)
        }),
      )
    })
  }

  for (const [name, P] of [
    ['firstError', firstError],
    ['lastError', lastError],
  ] as const)
    it(`${name} is associative`, () => {
      fc.assert(
        fc.property(triple, ([a, b, c]) => {
          expect(P.concat(P.concat(a, b), c)).toBe(P.concat(a, P.concat(b, c)))
        }),
      )
    })

  it('toResponse picks the status that comes first in decisionOrder, whatever the order or repeats', () => {
    fc.assert(
      fc.property(
        anyPolicy(),
        fc.array(httpError(), { minLength: 1, maxLength: 8 }),
        fc.func(fc.integer()),
        (p, errors, key) => {
          const statuses = errors.map((e) => statusUnder(p)(e))
          const best = [...statuses].sort(decisionOrder.compare)[0]
          const permuted = [...errors].sort((x, y) => key(x) - key(y))
          expect(toResponse(errors, {}, p).status).toBe(best)
          expect(toResponse(permuted, {}, p).status).toBe(best)
          expect(toResponse([...errors, ...errors], {}, p).status).toBe(best)
        },
      ),
    )
  })
})

describe('laws: fromUnknown is total', () => {
  const check = (u: unknown): void => {
    const e = fromUnknown(u)
    expect(isHttpError(e)).toBe(true)
    expect(isErrorStatus(status(e))).toBe(true)
    const r = toResponse([u] as unknown as ReadonlyArray<HttpError>)
    expect(r.status >= 400 && r.status <= 599).toBe(true)
    expect(() => JSON.parse(r.body) as unknown).not.toThrow()
  }

  for (const [name, u] of hostile())
    it(`never throws and gives a 4xx/5xx: ${name}`, () => {
      expect(() => {
        check(u)
      }).not.toThrow()
    })

  it('never throws and gives a 4xx/5xx for any value', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withBoxedValues: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withObjectString: true,
          withSparseArray: true,
          withTypedArray: true,
          withUnicodeString: true,
        }),
        check,
      ),
    )
  })

  it('never throws for values shaped like http-errors, Boom and Koa errors', () => {
    const shaped = fc.record(
      {
        status: fc.oneof(errorStatus, fc.anything()),
        statusCode: fc.oneof(errorStatus, fc.anything()),
        isBoom: fc.boolean(),
        output: fc.record({
          statusCode: fc.oneof(errorStatus, fc.anything()),
          headers: fc.anything(),
        }),
        message: fc.oneof(text, fc.anything()),
        expose: fc.anything(),
        name: fc.constantFrom('SyntaxError', 'TimeoutError', 'AbortError', 'Error'),
        code: fc.constantFrom('ETIMEDOUT', 'ABORT_ERR', 'UND_ERR_HEADERS_TIMEOUT', 'X'),
        headers: fc.dictionary(
          fc.constantFrom('WWW-Authenticate', 'allow', 'Retry-After', 'accept', 'x'),
          fc.oneof(
            text,
            fc.integer(),
            fc.constantFrom(
              'Bearer realm="a", error="b"',
              'Basic',
              'abc=',
              'Thu, 01 Jan 2037 00:00:00 GMT',
            ),
          ),
        ),
      },
      { requiredKeys: [] },
    )
    fc.assert(fc.property(shaped, check))
  })
})

describe('laws: bodies are safe', () => {
  // A fresh secret per run: it can only be in a body if a 5xx leaked it.
  const SECRET = `SECRET-${randomUUID()}`
  const serverTags: ReadonlyArray<Tag> = [
    'Internal',
    'NotImplemented',
    'BadGateway',
    'ServiceUnavailable',
    'GatewayTimeout',
    'Custom',
  ]
  const secretError = fc
    .tuple(
      httpError({
        only: serverTags,
        customStatus: serverStatus,
        message: fc.constant(SECRET),
        details: fc.constantFrom(SECRET, { secret: SECRET, nested: [SECRET] }, [1, SECRET]),
        expose: fc.constantFrom(undefined, false),
      }),
      fc.constant(null),
    )
    .map(([e]): HttpError => ({ ...e, cause: new Error(SECRET) }))
  // 5xx variants stay 5xx; 4xx ones may become anything (a 4xx remapped to 5xx is masked too).
  const safePolicy = anyPolicy({
    remap: (tag) => (serverTags.includes(tag) ? serverStatus : errorStatus),
    expose: [undefined, () => false, (_, s) => s < 500],
  })
  const others = fc.array(httpError({ details: fc.anything({ withBigInt: true }) }), {
    maxLength: 5,
  })

  it('every body parses, and no body shows a masked 5xx’s message, details, cause or stack', () => {
    fc.assert(
      fc.property(
        safePolicy,
        others,
        fc.array(secretError, { minLength: 1, maxLength: 3 }),
        fc.func(fc.integer()),
        fc.constantFrom(...formats),
        fc.option(text, { nil: undefined }),
        (p, plain, secret, key, f, requestId) => {
          const errors = [...plain, ...secret].sort((x, y) => key(x) - key(y))
          const r = toResponse(errors, { accept: f.accept, requestId }, p)
          expect(() => JSON.parse(r.body) as unknown).not.toThrow()
          expect(r.body).not.toContain(SECRET)
          expect(r.body).not.toContain('Error:')
          for (const e of secret) {
            const frames = String((e.cause as Error).stack)
              .split('\n')
              .slice(1)
            for (const frame of frames) expect(r.body).not.toContain(frame.trim())
          }
          expect(r.headers['content-length']).toBe(String(Buffer.byteLength(r.body, 'utf8')))
        },
      ),
    )
  })
})

// The law of src/Codec.ts, exactly as stated there: one error in every format; several
// errors (none left out) in json and problem; several in graphql when each keeps its
// variant's default code and status. Messages run past maxMessageLength, surrogate pairs
// included, so capping is part of what is compared.
describe('laws: decodeResponse(toResponse(e)) is the exposed part of e', () => {
  const roundTrip = (p: Policy, errors: ReadonlyArray<HttpError>, accept: string) => {
    const r = toResponse(errors, { accept }, p)
    expect(decodeResponse(r.status, r.body)).toStrictEqual(
      E.right(errors.map((e) => exposed(e, p))),
    )
  }
  // Short and long text, with astral characters where a cut may fall.
  const message = fc.oneof(
    text,
    fc.string({ unit: 'binary', minLength: 20, maxLength: 80 }),
    fc
      .array(fc.constantFrom('a', 'é', '😀', '𝄞'), { minLength: 20, maxLength: 80 })
      .map((cs) => cs.join('')),
  )
  const errorArb = httpError({ details: jsonDetails, message })
  // Any policy, with a message cap often shorter than the messages.
  const capped = (o?: Parameters<typeof anyPolicy>[0]) =>
    fc
      .tuple(anyPolicy(o), fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }))
      .map(([p, max]) => (max === undefined ? p : { ...p, maxMessageLength: max }))

  it('the arbitraries do produce messages longer than the cap', () => {
    const long = fc.sample(
      fc.tuple(capped(), errorArb).filter(([p, e]) => e.message.length > p.maxMessageLength),
      5,
    )
    expect(long.length).toBe(5)
  })

  for (const f of formats)
    it(`one error, ${f.name}, any policy`, () => {
      fc.assert(
        fc.property(capped(), errorArb, (p, e) => {
          roundTrip(p, [e], f.accept)
        }),
      )
    })

  for (const f of formats.filter((x) => x.name !== 'graphql'))
    it(`several errors, ${f.name}, any policy`, () => {
      fc.assert(
        fc.property(capped(), fc.array(errorArb, { minLength: 2, maxLength: 6 }), (p, es) => {
          const q = { ...p, maxErrors: Math.max(p.maxErrors, es.length) }
          roundTrip(q, es, f.accept)
        }),
      )
    })

  // A graphql error carries no status, only its code: with several errors, decodeResponse
  // finds each one's status from its code, so the law holds for the variants' own codes
  // under a policy that neither remaps statuses nor renames codes.
  it('several errors, graphql, default codes and statuses', () => {
    const ownCode = httpError({
      details: jsonDetails,
      message,
      code: fc.constant(undefined),
      only: tags.filter((t) => t !== 'Custom'),
    })
    fc.assert(
      fc.property(
        capped({ renames: false }).map((p) => ({ ...p, status: {} })),
        fc.array(ownCode, { minLength: 2, maxLength: 6 }),
        (p, es) => {
          roundTrip({ ...p, maxErrors: 100 }, es, 'application/graphql-response+json')
        },
      ),
    )
  })

  it('several errors, graphql: a renamed code loses its status (the stated limit)', () => {
    const p = policy({ codes: { CONFLICT: 'TAKEN' } })
    const r = toResponse(
      [conflict('a'), notFound('b')],
      { accept: 'application/graphql-response+json' },
      p,
    )
    expect(decodeResponse(r.status, r.body)).toStrictEqual(
      E.right([notFound('a', { code: 'TAKEN' }), notFound('b')]),
    )
  })
})

describe('laws: server and client agree on every variant', () => {
  for (const tag of tags)
    it(`${tag}: fromStatus(status(e)) and decodeResponse(toResponse(e)), in every format, give its tag`, () => {
      const e = samples[tag]
      expect(fromStatus(status(e))._tag).toBe(tag)
      for (const f of formats) {
        const r = toResponse(e, { accept: f.accept })
        const decoded = decodeResponse(r.status, r.body, {
          contentType: r.headers['content-type'] as string,
        })
        expect(E.isRight(decoded) && decoded.right.map((x) => x._tag)).toStrictEqual([tag])
      }
    })
})
