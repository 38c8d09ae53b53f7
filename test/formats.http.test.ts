/**
 * User formats are one value each, made outside the package: a JSON:API errors document
 * (its own media type, no charset parameter) and a line of text/plain. Over real sockets
 * behind every adapter, each is negotiated, sent with its own Content-Type, and read back
 * by `decodeResponse` with the same formats.
 */
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'
import {
  conflict,
  json,
  jsonFormat,
  notFound,
  policy,
  reason,
  type Format,
  type HttpError,
  type Reported,
} from 'errmap'
import { decodeResponse } from 'errmap/client'
import { fetchReply, type Running } from './support/http.js'
import { throwing } from './support/throwing.js'

// JSON:API (jsonapi.org/format/#errors): `{ errors: [{ status, code, title, detail }] }`,
// served as `application/vnd.api+json` with no media type parameters.
const jsonApi: Format = jsonFormat({
  mediaType: 'application/vnd.api+json',
  contentType: 'application/vnd.api+json',
  toJson: (r) => ({
    errors: r.errors.map((v) => ({
      status: String(v.status),
      code: v.code,
      title: reason(v.status),
      detail: v.message,
    })),
  }),
  fromJson: (u) => {
    const list = (u as { readonly errors?: unknown }).errors
    if (!Array.isArray(list)) return undefined
    const out: Array<Reported> = []
    for (const x of list as ReadonlyArray<{ status?: unknown; code?: unknown; detail?: unknown }>) {
      const status = Number(x.status)
      if (typeof x.code !== 'string' || typeof x.detail !== 'string') return undefined
      out.push({
        status: status >= 400 && status <= 599 ? (status as Reported['status']) : undefined,
        code: x.code,
        message: x.detail,
      })
    }
    return out
  },
})

// One line: `404 NOT_FOUND: no user 42`.
const text: Format = {
  mediaType: 'text/plain',
  contentType: 'text/plain; charset=utf-8',
  encode: (r) => `${r.status} ${r.primary.code}: ${r.primary.message}`,
  decode: (body) => {
    const space = body.indexOf(' ')
    const colon = body.indexOf(': ')
    return space < 0 || colon < space
      ? undefined
      : [{ code: body.slice(space + 1, colon), message: body.slice(colon + 2) }]
  },
}

const formats = [json, jsonApi, text]
const p = policy({ formats })

const running: Array<Running> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()))
})

const cases: ReadonlyArray<readonly [string, string, () => HttpError | ReadonlyArray<HttpError>]> =
  [
    ['application/vnd.api+json', 'application/vnd.api+json', () => notFound('no user 42')],
    ['text/plain', 'text/plain; charset=utf-8', () => notFound('no user 42')],
    [
      'application/vnd.api+json',
      'application/vnd.api+json',
      () => [conflict('email taken'), notFound('no team 7')],
    ],
  ]

describe('user formats over real sockets, read back by decodeResponse', () => {
  for (const [name, adapter] of Object.entries(throwing))
    for (const [accept, contentType, make] of cases)
      it(`${name}: ${accept}, ${JSON.stringify(make())}`, async () => {
        const server = await adapter(make, p)
        running.push(server)
        const r = await fetchReply(server.url, { headers: { accept } })
        expect([r.headers['content-type'], r.headers['vary']]).toStrictEqual([
          contentType,
          'Accept',
        ])
        const sent = make()
        const expected = Array.isArray(sent) ? sent : [sent]
        expect(decodeResponse(r.status, r.text, { formats, contentType })).toStrictEqual(
          E.right(expected),
        )
      })
})
