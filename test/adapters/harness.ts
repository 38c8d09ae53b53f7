/**
 * Test plumbing for the adapter tests: a server on 127.0.0.1 port 0, a Fetch handler
 * served through Node's http (both from test/support/http.ts), and a response read whole.
 */
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
