/**
 * Trace correlation (W3C Trace Context): under `policy({ trace: true })`, every adapter
 * reads `traceparent`, and a valid one's trace id is in every error body; an invalid one
 * is ignored and never echoed.
 */
import * as E from 'fp-ts/Either'
import { badRequest, conflict, internal, notFound, policy } from 'errmap'
import type { Case } from '../cases.js'
import type { Group } from '../groups.js'

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
const traceparent = `00-${traceId}-00f067aa0ba902b7-01`

const withTrace = (value: string, extra: Readonly<Record<string, string>> = {}) => ({
  method: 'GET',
  headers: { traceparent: value, ...extra },
})

const cases: ReadonlyArray<Case> = [
  {
    name: 'a valid traceparent puts its trace id in the json body',
    raise: () => E.left(notFound('No user 42.')),
    request: withTrace(traceparent),
    expect: { status: 404, body: { message: 'No user 42.', code: 'NOT_FOUND', traceId } },
  },
  {
    name: 'a masked 500 carries the trace id, never its message',
    raise: () => {
      throw internal('pool exhausted at postgres://admin:hunter2@db')
    },
    request: withTrace(traceparent),
    secret: 'hunter2',
    expect: {
      status: 500,
      body: { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR', traceId },
    },
  },
  {
    name: 'problem+json carries traceId as an extension member, after requestId',
    raise: () => E.left(conflict('Version 3 is newer.')),
    request: withTrace(traceparent, {
      accept: 'application/problem+json',
      'x-request-id': 'req-7',
    }),
    expect: {
      status: 409,
      headers: { 'content-type': 'application/problem+json; charset=utf-8' },
      body: {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'Version 3 is newer.',
        code: 'CONFLICT',
        requestId: 'req-7',
        traceId,
      },
    },
  },
  {
    name: 'a GraphQL errors body carries traceId in its response extensions',
    raise: () => E.left(notFound()),
    request: withTrace(traceparent, { accept: 'application/graphql-response+json' }),
    expect: {
      status: 404,
      headers: { 'content-type': 'application/graphql-response+json; charset=utf-8' },
      body: {
        errors: [{ message: 'Not Found', extensions: { code: 'NOT_FOUND' } }],
        extensions: { traceId },
      },
    },
  },
  {
    name: 'several errors: the trace id once, for the response',
    send: [badRequest('Bad name.'), conflict('Taken.')],
    request: withTrace(traceparent),
    expect: {
      status: 400,
      body: {
        message: 'Bad name.',
        code: 'BAD_REQUEST',
        traceId,
        errors: [
          { status: 400, message: 'Bad name.', code: 'BAD_REQUEST' },
          { status: 409, message: 'Taken.', code: 'CONFLICT' },
        ],
      },
    },
  },
  {
    name: 'a later version with more fields after a dash is read',
    raise: () => E.left(notFound()),
    request: withTrace(`cc-${traceId}-00f067aa0ba902b7-09-what-comes-next`),
    expect: { status: 404, body: { message: 'Not Found', code: 'NOT_FOUND', traceId } },
  },
  ...(
    [
      ['upper-case hex', `00-${traceId.toUpperCase()}-00f067aa0ba902b7-01`],
      ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
      ['an all-zero parent id', `00-${traceId}-0000000000000000-01`],
      ['version ff', `ff-${traceId}-00f067aa0ba902b7-01`],
      ['version 00 with more after it', `${traceparent}-extra`],
      ['a short trace id', `00-${traceId.slice(1)}-00f067aa0ba902b7-01`],
      [
        'script in place of the id',
        `00-<script>alert(1)</script>aaaaaaaaaaaaaa-00f067aa0ba902b7-01`,
      ],
    ] as const
  ).map(([what, value]): Case => ({
    name: `an invalid traceparent (${what}) is ignored, never echoed`,
    raise: () => E.left(notFound()),
    request: withTrace(value),
    secret: value,
    expect: { status: 404, body: { message: 'Not Found', code: 'NOT_FOUND' } },
  })),
  {
    name: 'HEAD: no body, the length of the one with the trace id',
    raise: () => E.left(notFound()),
    request: { method: 'HEAD', headers: { traceparent } },
    expect: {
      status: 404,
      body: undefined,
      contentLength: JSON.stringify({ message: 'Not Found', code: 'NOT_FOUND', traceId }).length,
    },
  },
]

export const trace: Group = { name: 'trace', policy: policy({ trace: true }), cases }
