import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { codeOf, isErrorStatus, reason, type ErrorStatus } from '../src/index.js'

// The IANA HTTP Status Code Registry (RFC 9110 §15 and later RFCs), 4xx and 5xx, plus 418.
const registered: ReadonlyArray<readonly [ErrorStatus, string, string]> = [
  [400, 'Bad Request', 'BAD_REQUEST'],
  [401, 'Unauthorized', 'UNAUTHORIZED'],
  [402, 'Payment Required', 'PAYMENT_REQUIRED'],
  [403, 'Forbidden', 'FORBIDDEN'],
  [404, 'Not Found', 'NOT_FOUND'],
  [405, 'Method Not Allowed', 'METHOD_NOT_ALLOWED'],
  [406, 'Not Acceptable', 'NOT_ACCEPTABLE'],
  [407, 'Proxy Authentication Required', 'PROXY_AUTHENTICATION_REQUIRED'],
  [408, 'Request Timeout', 'REQUEST_TIMEOUT'],
  [409, 'Conflict', 'CONFLICT'],
  [410, 'Gone', 'GONE'],
  [411, 'Length Required', 'LENGTH_REQUIRED'],
  [412, 'Precondition Failed', 'PRECONDITION_FAILED'],
  [413, 'Content Too Large', 'CONTENT_TOO_LARGE'],
  [414, 'URI Too Long', 'URI_TOO_LONG'],
  [415, 'Unsupported Media Type', 'UNSUPPORTED_MEDIA_TYPE'],
  [416, 'Range Not Satisfiable', 'RANGE_NOT_SATISFIABLE'],
  [417, 'Expectation Failed', 'EXPECTATION_FAILED'],
  [418, "I'm a teapot", 'IM_A_TEAPOT'],
  [421, 'Misdirected Request', 'MISDIRECTED_REQUEST'],
  [422, 'Unprocessable Content', 'UNPROCESSABLE_CONTENT'],
  [423, 'Locked', 'LOCKED'],
  [424, 'Failed Dependency', 'FAILED_DEPENDENCY'],
  [425, 'Too Early', 'TOO_EARLY'],
  [426, 'Upgrade Required', 'UPGRADE_REQUIRED'],
  [428, 'Precondition Required', 'PRECONDITION_REQUIRED'],
  [429, 'Too Many Requests', 'TOO_MANY_REQUESTS'],
  [431, 'Request Header Fields Too Large', 'REQUEST_HEADER_FIELDS_TOO_LARGE'],
  [451, 'Unavailable For Legal Reasons', 'UNAVAILABLE_FOR_LEGAL_REASONS'],
  [500, 'Internal Server Error', 'INTERNAL_SERVER_ERROR'],
  [501, 'Not Implemented', 'NOT_IMPLEMENTED'],
  [502, 'Bad Gateway', 'BAD_GATEWAY'],
  [503, 'Service Unavailable', 'SERVICE_UNAVAILABLE'],
  [504, 'Gateway Timeout', 'GATEWAY_TIMEOUT'],
  [505, 'HTTP Version Not Supported', 'HTTP_VERSION_NOT_SUPPORTED'],
  [506, 'Variant Also Negotiates', 'VARIANT_ALSO_NEGOTIATES'],
  [507, 'Insufficient Storage', 'INSUFFICIENT_STORAGE'],
  [508, 'Loop Detected', 'LOOP_DETECTED'],
  [510, 'Not Extended', 'NOT_EXTENDED'],
  [511, 'Network Authentication Required', 'NETWORK_AUTHENTICATION_REQUIRED'],
]

describe('isErrorStatus', () => {
  it('is true exactly for the integers 400–599', () => {
    for (let s = 300; s < 700; s++) expect(isErrorStatus(s)).toBe(s >= 400 && s <= 599)
    for (const u of [404.5, '404', Number.NaN, null, undefined, 404n, [404]])
      expect(isErrorStatus(u)).toBe(false)
  })
})

describe('reason and codeOf', () => {
  for (const [s, phrase, code] of registered)
    it(`${s} is "${phrase}", code ${code}`, () => {
      expect([reason(s), codeOf(s)]).toStrictEqual([phrase, code])
    })

  it('unregistered statuses read as their class', () => {
    const known = new Set<number>(registered.map(([s]) => s))
    for (let s = 400; s <= 599; s++) {
      if (known.has(s)) continue
      const text = s < 500 ? 'Client Error' : 'Server Error'
      expect([reason(s as ErrorStatus), codeOf(s as ErrorStatus)]).toStrictEqual([
        text,
        s < 500 ? 'CLIENT_ERROR' : 'SERVER_ERROR',
      ])
    }
  })

  it('a phrase holds letters, single spaces and at most one apostrophe (what codeOf reads)', () => {
    for (let s = 400; s <= 599; s++)
      expect(reason(s as ErrorStatus)).toMatch(/^[A-Za-z]+'?[A-Za-z]*( [A-Za-z]+)*$/)
  })

  it('every code is UPPER_SNAKE_CASE', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), (s) => {
        expect(codeOf(s as ErrorStatus)).toMatch(/^[A-Z0-9]+(_[A-Z0-9]+)*$/)
      }),
    )
  })
})
