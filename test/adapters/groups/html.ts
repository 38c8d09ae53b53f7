/**
 * Browser pages: under `policy({ formats: [json, problem, graphql, html] })`, a browser's
 * `Accept` gets the `text/html` page, escaped, with `Content-Security-Policy: default-src
 * 'none'`; curl's and `fetch()`'s `*\/*` still get JSON, with no CSP. The pages are written
 * out by hand.
 */
import * as E from 'fp-ts/Either'
import {
  badRequest,
  conflict,
  graphql,
  html as htmlFormat,
  internal,
  json,
  notFound,
  policy,
  problem,
  unauthorized,
  unprocessableContent,
} from 'errmap'
import type { Case } from '../cases.js'
import type { Group } from '../groups.js'

const chrome =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7'
const firefox = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'",
}

// The page around `<main>`'s lines, and its `<title>`.
const page = (title: string, main: ReadonlyArray<string>): string =>
  [
    '<!doctype html>',
    '<html>',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="errmap">',
    `<title>${title}</title>`,
    '</head>',
    '<body>',
    '<main>',
    ...main,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n')

const notFoundPage = page('404 Not Found', [
  '<h1>404 Not Found</h1>',
  '<p>No user 42.</p>',
  '<dl>',
  '<dt>Code</dt><dd><code>NOT_FOUND</code></dd>',
  '</dl>',
])

const cases: ReadonlyArray<Case> = [
  {
    name: 'Chrome gets the page, with its CSP',
    raise: () => E.left(notFound('No user 42.')),
    request: { method: 'GET', accept: chrome },
    expect: { status: 404, headers: pageHeaders, body: notFoundPage },
  },
  {
    name: 'Firefox: a masked 500 page, with its request id, never its message',
    raise: () => {
      throw internal('pool exhausted at postgres://admin:hunter2@db')
    },
    request: { method: 'GET', accept: firefox, requestId: 'req-7' },
    secret: 'hunter2',
    expect: {
      status: 500,
      headers: pageHeaders,
      body: page('500 Internal Server Error', [
        '<h1>500 Internal Server Error</h1>',
        '<dl>',
        '<dt>Code</dt><dd><code>INTERNAL_SERVER_ERROR</code></dd>',
        '<dt>Request id</dt><dd><code>req-7</code></dd>',
        '</dl>',
      ]),
    },
  },
  {
    name: 'curl (*/*) still gets JSON, with no CSP',
    raise: () => E.left(notFound('No user 42.')),
    request: { method: 'GET', accept: '*/*' },
    expect: { status: 404, body: { message: 'No user 42.', code: 'NOT_FOUND' } },
  },
  {
    name: 'no Accept gets JSON',
    raise: () => E.left(notFound('No user 42.')),
    request: { method: 'GET' },
    expect: { status: 404, body: { message: 'No user 42.', code: 'NOT_FOUND' } },
  },
  {
    name: 'text in the page is escaped: a script stays text',
    raise: () => E.left(badRequest(`<script>alert("x")</script> & 'more'`)),
    request: { method: 'GET', accept: chrome, requestId: '"><img src=x onerror=alert(1)>' },
    secret: '<script>',
    expect: {
      status: 400,
      headers: pageHeaders,
      body: page('400 Bad Request', [
        '<h1>400 Bad Request</h1>',
        '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;</p>',
        '<dl>',
        '<dt>Code</dt><dd><code>BAD_REQUEST</code></dd>',
        '<dt>Request id</dt><dd><code>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</code></dd>',
        '</dl>',
      ]),
    },
  },
  {
    name: 'a 401 page keeps its challenge',
    raise: () => E.left(unauthorized('Sign in first.')),
    request: { method: 'GET', accept: chrome },
    expect: {
      status: 401,
      headers: { ...pageHeaders, 'www-authenticate': 'Bearer' },
      body: page('401 Unauthorized', [
        '<h1>401 Unauthorized</h1>',
        '<p>Sign in first.</p>',
        '<dl>',
        '<dt>Code</dt><dd><code>UNAUTHORIZED</code></dd>',
        '</dl>',
      ]),
    },
  },
  {
    name: 'a 422 page lists its issues',
    raise: () =>
      E.left(
        unprocessableContent(
          [{ path: '/name', message: 'Required', location: 'body', expected: 'string' }],
          'The body is invalid.',
        ),
      ),
    request: { method: 'POST', accept: chrome },
    expect: {
      status: 422,
      headers: pageHeaders,
      body: page('422 Unprocessable Content', [
        '<h1>422 Unprocessable Content</h1>',
        '<p>The body is invalid.</p>',
        '<dl>',
        '<dt>Code</dt><dd><code>UNPROCESSABLE_CONTENT</code></dd>',
        '</dl>',
        '<h2>Issues</h2>',
        '<table>',
        '<thead><tr><th>Path</th><th>Location</th><th>Message</th><th>Expected</th></tr></thead>',
        '<tbody>',
        '<tr><td><code>/name</code></td><td>body</td><td>Required</td><td><code>string</code></td></tr>',
        '</tbody>',
        '</table>',
      ]),
    },
  },
  {
    name: 'several errors: one page listing each',
    send: [badRequest('Bad name.'), conflict('Taken.')],
    request: { method: 'POST', accept: chrome, requestId: 'req-9' },
    expect: {
      status: 400,
      headers: pageHeaders,
      body: page('400 Bad Request', [
        '<h1>400 Bad Request</h1>',
        '<dl>',
        '<dt>Request id</dt><dd><code>req-9</code></dd>',
        '</dl>',
        '<ol>',
        '<li>',
        '<h2>400 Bad Request</h2>',
        '<p>Bad name.</p>',
        '<dl>',
        '<dt>Code</dt><dd><code>BAD_REQUEST</code></dd>',
        '</dl>',
        '</li>',
        '<li>',
        '<h2>409 Conflict</h2>',
        '<p>Taken.</p>',
        '<dl>',
        '<dt>Code</dt><dd><code>CONFLICT</code></dd>',
        '</dl>',
        '</li>',
        '</ol>',
      ]),
    },
  },
  {
    name: 'HEAD: no body, the page’s length, its headers',
    raise: () => E.left(notFound('No user 42.')),
    request: { method: 'HEAD', accept: chrome },
    expect: {
      status: 404,
      headers: pageHeaders,
      body: undefined,
      contentLength: Buffer.byteLength(notFoundPage),
    },
  },
]

export const html: Group = {
  name: 'html',
  policy: policy({ formats: [json, problem, graphql, htmlFormat] }),
  cases,
}
