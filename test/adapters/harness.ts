/**
 * Test plumbing for the adapter tests: a server on 127.0.0.1 port 0, a Fetch handler
 * served through Node's http (both from test/support/http.ts), and a response read whole.
 */
import { connect } from 'node:net'
import { entries } from '../support/http.js'

export { bridge, entries, listen, serve, type Running } from '../support/http.js'

/** What a client saw: status, headers and the body as text. */
export interface Seen {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

export const seen = async (response: Response): Promise<Seen> => ({
  status: response.status,
  headers: response.headers,
  text: await response.text(),
})

/** Everything in a response, to look for a string that must not leak. */
export const raw = (s: Seen): string =>
  [
    String(s.status),
    ...Object.entries(entries(s.headers)).map(([k, v]) => `${k}: ${v}`),
    s.text,
  ].join('\n')

/** The headers of a response without the ones Node adds to every response. */
export const own = (h: Headers): Record<string, string> => {
  const { date: _d, connection: _c, 'keep-alive': _k, ...rest } = entries(h)
  return rest
}

/**
 * A GET written by hand on a socket, with these header lines as they are (a header sent
 * twice, say, which fetch would join); answers the response body.
 */
export const rawGet = (url: string, lines: ReadonlyArray<string>): Promise<string> =>
  new Promise((resolve, reject) => {
    const { port } = new URL(url)
    let data = ''
    const request = ['GET / HTTP/1.1', 'Host: x', ...lines, 'Connection: close', '', ''].join(
      '\r\n',
    )
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request))
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')))
    socket.on('end', () => resolve(data.slice(data.indexOf('\r\n\r\n') + 4)))
    socket.on('error', reject)
  })
