/**
 * The conformance comparison of one case of `cases.ts`: the request headers it sends, and
 * what a client saw against what it expects — status, every `asserted` header exactly,
 * the body (empty for HEAD), an exact `content-length`, and no secret anywhere.
 */
import { expect } from 'vitest'
import { asserted, defaultHeaders, type Case } from './cases.js'
import { raw, type Seen } from './harness.js'

/** The headers a case's request carries (`Accept`, `X-Request-Id`, any others it names). */
export const requestHeaders = (c: Case): Readonly<Record<string, string>> => {
  const h: Record<string, string> = { ...c.request.headers }
  if (c.request.accept !== undefined) h['accept'] = c.request.accept
  if (c.request.requestId !== undefined) h['x-request-id'] = c.request.requestId
  return h
}

// A JSON body parsed, any other (an HTML page) as its text.
const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

// What the client saw, in the shape of an expectation.
const observed = (s: Seen, head: boolean) => ({
  status: s.status,
  headers: Object.fromEntries(asserted.map((n) => [n, s.headers.get(n)])),
  body: head ? s.text : parsed(s.text),
  contentLength: s.headers.get('content-length'),
})

// content-length is exact: for a body, its UTF-8 byte length; for HEAD, the case's.
const expected = (c: Case, s: Seen) => {
  const head = c.expect.body === undefined
  return {
    status: c.expect.status,
    headers: { ...defaultHeaders, ...c.expect.headers },
    body: head ? '' : c.expect.body,
    contentLength: head ? String(c.expect.contentLength) : String(Buffer.byteLength(s.text)),
  }
}

/** Asserts that what a client saw is what the case expects. */
export const conforms = (c: Case, s: Seen): void => {
  expect(observed(s, c.expect.body === undefined)).toEqual(expected(c, s))
  if (c.secret !== undefined) expect(raw(s)).not.toContain(c.secret)
}
