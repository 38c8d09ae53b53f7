/**
 * A reference server written by hand on a raw socket (no errmap, no framework), so that a
 * response can break any rule — a header with a CR LF, a Content-Length that lies, a body
 * to HEAD. Correct, it keeps every duty the audit checks on `errmapRoutes`; given an
 * audit's id, it breaks that one duty and nothing else.
 */
import { createServer, type Socket } from 'node:net'
import type { AuditId } from 'errmap/audit'
import type { Running } from '../support/http.js'
import { ORIGIN } from './servers.js'

interface Answer {
  readonly status: number
  readonly headers: ReadonlyArray<readonly [string, string]>
  readonly body: string
  /** Bytes added to the Content-Length (a lie), 0 by default. */
  readonly lie?: number
}

const reasons: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

interface Request {
  readonly method: string
  readonly target: string
  readonly headers: ReadonlyMap<string, string>
  readonly body: string
}

const answer = (req: Request, broken: AuditId | undefined): Answer | 'hang' => {
  const accept = req.headers.get('accept') ?? '*/*'
  if (broken === 'hostile-accept' && accept.length > 16384) return 'hang'
  const path = req.target.split('?')[0] as string
  const problem = accept.includes('application/problem+json') && broken !== 'problem-offered'
  const matches = /json|\*\/\*|text\//.test(accept)
  const body = (status: number, message: string, extra: Record<string, unknown> = {}) =>
    problem
      ? JSON.stringify({
          type: 'about:blank',
          title: reasons[status],
          status: broken === 'problem-details' ? String(status) : status,
          detail: message,
          ...extra,
        })
      : JSON.stringify({ message, ...extra })
  const error = (
    status: number,
    message: string,
    headers: ReadonlyArray<readonly [string, string]> = [],
    extra: Record<string, unknown> = {},
  ): Answer => ({
    status,
    headers: [
      ['content-type', problem ? 'application/problem+json' : 'application/json; charset=utf-8'],
      ...(broken === 'vary-accept' || (broken === 'head-headers' && req.method === 'HEAD')
        ? []
        : ([['vary', 'Accept']] as const)),
      ...(broken === 'nosniff' ? [] : ([['x-content-type-options', 'nosniff']] as const)),
      ...headers,
    ],
    body: body(status, message, extra),
  })

  if (broken === 'unmatched-accept' && !matches)
    return { status: 406, headers: [['content-type', 'text/plain']], body: 'Not Acceptable' }
  if (path === '/items') {
    if (req.method !== 'POST')
      return error(
        405,
        'Method Not Allowed',
        broken === 'allow' ? [] : [['allow', 'GET, HEAD, POST']],
      )
    if (!(req.headers.get('content-type') ?? '').startsWith('application/json'))
      return error(
        415,
        'Send JSON.',
        broken === 'accept-415'
          ? []
          : [
              ['accept', 'application/json'],
              ['accept-post', 'application/json'],
            ],
      )
    const bad = error(400, 'The body is not valid JSON.')
    if (broken === 'error-body')
      return { ...bad, headers: bad.headers.filter(([n]) => n !== 'content-type') }
    return broken === 'content-length' ? { ...bad, lie: 5 } : bad
  }
  if (path === '/private')
    return error(
      401,
      'Sign in.',
      broken === 'www-authenticate' ? [] : [['www-authenticate', 'Bearer realm="api"']],
    )
  if (path === '/boom') {
    const id = req.headers.get('x-request-id')
    return error(500, 'Internal Server Error', [], {
      ...(id === undefined || broken === 'request-id' ? {} : { requestId: id }),
      ...(broken === 'no-leak-5xx'
        ? { stack: 'Error: connect ECONNREFUSED\n    at Socket.connect (/srv/app/db.js:41:13)' }
        : {}),
    })
  }
  if (path === '/busy')
    return error(429, 'Slow down.', [['retry-after', broken === 'retry-after' ? 'soon' : '30']])
  if (path === '/down')
    return error(503, 'Down.', [['retry-after', 'Tue, 01 Jan 2030 00:00:00 GMT']])
  if (path === '/cors')
    return error(
      403,
      'Not from there.',
      broken === 'cors' ? [] : [['access-control-allow-origin', ORIGIN]],
    )
  // The not-found page names the path it did not find, in a header too: decoded, with its
  // CR and LF removed — unless broken.
  const decoded = decodeURIComponent(path)
  const named = broken === 'no-crlf' ? decoded : decoded.replace(/[\r\n\0]/g, '')
  if (broken === 'head' && req.method === 'HEAD') return { ...error(404, ''), status: 200 }
  return error(404, 'Not Found', [['x-not-found', named]])
}

const write = (socket: Socket, req: Request, a: Answer): void => {
  const length = Buffer.byteLength(a.body) + (a.lie ?? 0)
  const head = [
    `HTTP/1.1 ${a.status} ${reasons[a.status] ?? 'Unknown'}`,
    ...a.headers.map(([n, v]) => `${n}: ${v}`),
    `content-length: ${length}`,
    'connection: close',
    '',
    '',
  ].join('\r\n')
  socket.end(req.method === 'HEAD' ? head : head + a.body)
}

// Reads one request (its head, then Content-Length bytes of body) and answers it.
const handle = (socket: Socket, broken: AuditId | undefined): void => {
  let data = Buffer.alloc(0)
  socket.on('error', () => undefined)
  socket.on('data', (chunk: Buffer) => {
    data = Buffer.concat([data, chunk])
    const end = data.indexOf('\r\n\r\n')
    if (end < 0) return
    const [line = '', ...fields] = data.subarray(0, end).toString('latin1').split('\r\n')
    const headers = new Map<string, string>()
    for (const f of fields) {
      const colon = f.indexOf(':')
      headers.set(f.slice(0, colon).trim().toLowerCase(), f.slice(colon + 1).trim())
    }
    const length = Number(headers.get('content-length') ?? 0)
    if (data.length < end + 4 + length) return
    socket.removeAllListeners('data')
    const [method = 'GET', target = '/'] = line.split(' ')
    const req = { method, target, headers, body: data.subarray(end + 4).toString('utf8') }
    const a = answer(req, broken)
    if (a !== 'hang') write(socket, req, a)
  })
}

/** The reference server, correct or with `broken`'s duty broken, on 127.0.0.1 port 0. */
export const reference = (broken?: AuditId): Promise<Running> =>
  new Promise((resolve, reject) => {
    const sockets = new Set<Socket>()
    const server = createServer((socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      handle(socket, broken)
    })
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          }),
      })
    })
  })
