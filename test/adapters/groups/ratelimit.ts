/**
 * Rate-limit quotas (IETF draft "RateLimit header fields for HTTP", -11): a 429's or a
 * 503's `quota` is written as `RateLimit` and `RateLimit-Policy` (RFC 9651 Lists, names
 * quoted and escaped) by every adapter; several errors of the status merge their
 * policies, the first to name one winning; a remap to another status, and any other
 * status, send none. The group's policy remaps a 429 whose code is `HIDDEN` to a 404.
 */
import * as E from 'fp-ts/Either'
import { forbidden, notFound, policy, serviceUnavailable, tooManyRequests } from 'errmap'
import type { Case } from '../cases.js'
import type { Group } from '../groups.js'

const GET = { method: 'GET' } as const
const json = (message: string, code: string, extra: Record<string, unknown> = {}) => ({
  message,
  code,
  ...extra,
})

const hourly = { policy: 'hourly', limit: 100, remaining: 0, reset: 60, window: 3600 }

const cases: ReadonlyArray<Case> = [
  {
    name: '429 with a quota: RateLimit and RateLimit-Policy beside Retry-After',
    raise: () => E.left(tooManyRequests('Slow down.', { retryAfter: 60, quota: hourly })),
    request: GET,
    expect: {
      status: 429,
      headers: {
        'retry-after': '60',
        ratelimit: '"hourly";r=0;t=60',
        'ratelimit-policy': '"hourly";q=100;w=3600',
      },
      body: json('Slow down.', 'TOO_MANY_REQUESTS'),
    },
  },
  {
    name: 'a thrown 429 with several quotas, a unit and a partition key',
    raise: () => {
      throw tooManyRequests('Upload quota used up.', {
        quota: [
          {
            policy: 'bytes',
            limit: 65535,
            remaining: 12,
            unit: 'content-bytes',
            partitionKey: 'App-999',
          },
          { policy: 'burst', remaining: 0, reset: 2 },
        ],
      })
    },
    request: GET,
    expect: {
      status: 429,
      headers: {
        ratelimit: '"bytes";r=12;pk=:QXBwLTk5OQ==:, "burst";r=0;t=2',
        'ratelimit-policy': '"bytes";q=65535;qu="content-bytes";pk=:QXBwLTk5OQ==:',
      },
      body: json('Upload quota used up.', 'TOO_MANY_REQUESTS'),
    },
  },
  {
    name: '503 with a temporarily reduced policy: RateLimit-Policy only, the body masked',
    raise: () =>
      E.left(
        serviceUnavailable('db pool exhausted', {
          quota: { policy: 'reduced', limit: 10, window: 60 },
        }),
      ),
    request: GET,
    secret: 'db pool exhausted',
    expect: {
      status: 503,
      headers: { 'ratelimit-policy': '"reduced";q=10;w=60' },
      body: json('Service Unavailable', 'SERVICE_UNAVAILABLE'),
    },
  },
  {
    name: 'a policy name is a quoted String: " and \\ escaped',
    raise: () => E.left(tooManyRequests('Slow.', { quota: { policy: 'a "b" \\c', remaining: 1 } })),
    request: GET,
    expect: {
      status: 429,
      headers: { ratelimit: '"a \\"b\\" \\\\c";r=1' },
      body: json('Slow.', 'TOO_MANY_REQUESTS'),
    },
  },
  {
    name: 'a quota that cannot be written (CR LF in the name, a negative count) sends nothing',
    raise: () =>
      E.left(
        tooManyRequests('Slow.', {
          quota: [
            { policy: 'x\r\nSet-Cookie: a=b', remaining: 1 },
            { policy: 'ok', remaining: -1 },
          ],
        }),
      ),
    request: GET,
    secret: 'Set-Cookie',
    expect: { status: 429, body: json('Slow.', 'TOO_MANY_REQUESTS') },
  },
  {
    name: 'several 429s: their policies merge, the first to name one (any case) winning',
    send: [
      tooManyRequests('Per minute.', {
        quota: { policy: 'minute', limit: 10, remaining: 0, reset: 20 },
      }),
      tooManyRequests('Per day.', {
        quota: [
          { policy: 'MINUTE', limit: 99, remaining: 99 },
          { policy: 'day', limit: 1000, remaining: 3 },
        ],
      }),
    ],
    request: GET,
    expect: {
      status: 429,
      headers: {
        ratelimit: '"minute";r=0;t=20, "day";r=3',
        'ratelimit-policy': '"minute";q=10, "day";q=1000',
      },
      body: json('Per minute.', 'TOO_MANY_REQUESTS', {
        errors: [
          { status: 429, message: 'Per minute.', code: 'TOO_MANY_REQUESTS' },
          { status: 429, message: 'Per day.', code: 'TOO_MANY_REQUESTS' },
        ],
      }),
    },
  },
  {
    name: 'several errors: the quota of an error whose status lost is not sent',
    send: [
      tooManyRequests('Slow.', { quota: { policy: 'minute', remaining: 0 } }),
      serviceUnavailable(undefined, { quota: { policy: 'reduced', limit: 1 } }),
    ],
    request: GET,
    expect: {
      status: 429,
      headers: { ratelimit: '"minute";r=0' },
      body: json('Slow.', 'TOO_MANY_REQUESTS', {
        errors: [
          { status: 429, message: 'Slow.', code: 'TOO_MANY_REQUESTS' },
          { status: 503, message: 'Service Unavailable', code: 'SERVICE_UNAVAILABLE' },
        ],
      }),
    },
  },
  {
    name: 'a 429 remapped to 404 sends neither its quota nor Retry-After',
    raise: () =>
      E.left(tooManyRequests('Hidden.', { code: 'HIDDEN', retryAfter: 9, quota: hourly })),
    request: GET,
    expect: { status: 404, body: json('Hidden.', 'HIDDEN') },
  },
  {
    name: 'a quota wins over extra RateLimit headers; another status keeps its own',
    send: [
      tooManyRequests('Slow.', {
        quota: { policy: 'mine', remaining: 2 },
        headers: { RateLimit: '"theirs";r=9', 'RateLimit-Policy': '"theirs";q=9' },
      }),
    ],
    request: GET,
    expect: {
      status: 429,
      headers: { ratelimit: '"mine";r=2' },
      body: json('Slow.', 'TOO_MANY_REQUESTS'),
    },
  },
  {
    name: 'an error without a quota keeps the RateLimit it sets itself',
    raise: () => E.left(forbidden('Not yours.', { headers: { RateLimit: '"api";r=41' } })),
    request: GET,
    expect: {
      status: 403,
      headers: { ratelimit: '"api";r=41' },
      body: json('Not yours.', 'FORBIDDEN'),
    },
  },
  {
    name: 'problem+json: the same fields',
    raise: () => E.left(tooManyRequests('Slow down.', { quota: hourly })),
    request: { method: 'GET', accept: 'application/problem+json' },
    expect: {
      status: 429,
      headers: {
        'content-type': 'application/problem+json; charset=utf-8',
        ratelimit: '"hourly";r=0;t=60',
        'ratelimit-policy': '"hourly";q=100;w=3600',
      },
      body: {
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        detail: 'Slow down.',
        code: 'TOO_MANY_REQUESTS',
      },
    },
  },
  {
    name: 'HEAD: the fields, no body',
    raise: () => E.left(tooManyRequests('Slow down.', { quota: hourly })),
    request: { method: 'HEAD' },
    expect: {
      status: 429,
      headers: { ratelimit: '"hourly";r=0;t=60', 'ratelimit-policy': '"hourly";q=100;w=3600' },
      body: undefined,
      contentLength: JSON.stringify(json('Slow down.', 'TOO_MANY_REQUESTS')).length,
    },
  },
  {
    name: 'a 404 with a quota-shaped field sends no RateLimit',
    raise: () => E.left({ ...notFound('No user 42.'), quota: hourly }),
    request: GET,
    expect: { status: 404, body: json('No user 42.', 'NOT_FOUND') },
  },
]

export const ratelimit: Group = {
  name: 'ratelimit',
  policy: policy({
    status: { TooManyRequests: (e) => (e.code === 'HIDDEN' ? 404 : 429) },
  }),
  cases,
}
