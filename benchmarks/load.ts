/**
 * A small, bounded HTTP/1.1 load generator: `connections` keep-alive sockets to
 * 127.0.0.1, each sending one request, reading the whole response, and sending the next,
 * until a fixed number of requests or a fixed duration. Raw sockets keep the client's own
 * CPU cost low, since it shares the machine with the server it measures.
 */
import { connect, type Socket } from 'node:net'

export interface LoadOptions {
  readonly port: number
  readonly connections: number
  /** Stop sending after this many requests (all connections together)… */
  readonly requests?: number
  /** …or after this long. One of the two is required. */
  readonly durationMs?: number
  readonly path: string
  readonly accept: string
}

/** One response as the client saw it. */
export interface Sample {
  readonly status: number
  readonly head: string
  readonly body: string
}

export interface LoadResult {
  readonly completed: number
  readonly ms: number
  /** Responses per status code. */
  readonly statuses: Readonly<Record<number, number>>
  readonly errors: number
  /** The first response, to show and check what the server answered. */
  readonly sample: Sample | undefined
}

interface Parsed {
  readonly end: number
  readonly status: number
  readonly headEnd: number
  readonly bodyStart: number
  readonly bodyEnd: number
  readonly chunked: boolean
}

const CRLF = Buffer.from('\r\n')
const CRLFCRLF = Buffer.from('\r\n\r\n')

// The end of a chunked body starting at `from`, or -1 while incomplete (no trailers expected).
const chunkedEnd = (buf: Buffer, from: number): number => {
  let i = from
  for (;;) {
    const eol = buf.indexOf(CRLF, i)
    if (eol < 0) return -1
    const size = parseInt(buf.toString('latin1', i, eol), 16)
    if (!Number.isFinite(size)) return -1
    if (size === 0) return buf.length >= eol + 4 ? eol + 4 : -1
    i = eol + 2 + size + 2
    if (i > buf.length) return -1
  }
}

/** One complete response at the start of `buf`, or `undefined` while it is incomplete. */
export const parseResponse = (buf: Buffer): Parsed | undefined => {
  const headEnd = buf.indexOf(CRLFCRLF)
  if (headEnd < 0) return undefined
  const head = buf.toString('latin1', 0, headEnd)
  const status = parseInt(head.slice(9, 12), 10)
  const bodyStart = headEnd + 4
  const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head)
  if (length !== null) {
    const bodyEnd = bodyStart + parseInt(length[1] as string, 10)
    return bodyEnd <= buf.length
      ? { end: bodyEnd, status, headEnd, bodyStart, bodyEnd, chunked: false }
      : undefined
  }
  if (/\r\ntransfer-encoding:[ \t]*chunked/i.test(head)) {
    const end = chunkedEnd(buf, bodyStart)
    return end < 0 ? undefined : { end, status, headEnd, bodyStart, bodyEnd: end, chunked: true }
  }
  return { end: bodyStart, status, headEnd, bodyStart, bodyEnd: bodyStart, chunked: false }
}

const dechunk = (buf: Buffer, from: number): string => {
  let out = ''
  let i = from
  for (;;) {
    const eol = buf.indexOf(CRLF, i)
    const size = parseInt(buf.toString('latin1', i, eol), 16)
    if (!(size > 0)) return out
    out += buf.toString('utf8', eol + 2, eol + 2 + size)
    i = eol + 2 + size + 2
  }
}

/** Runs the load; resolves when every connection has finished its last response. */
export const load = (o: LoadOptions): Promise<LoadResult> =>
  new Promise((resolve) => {
    const request = Buffer.from(
      `GET ${o.path} HTTP/1.1\r\nHost: 127.0.0.1:${o.port}\r\nAccept: ${o.accept}\r\n` +
        'User-Agent: errmap-bench\r\n\r\n',
      'latin1',
    )
    const statuses: Record<number, number> = {}
    let sample: Sample | undefined
    let issued = 0
    let completed = 0
    let errors = 0
    let open = o.connections
    const start = performance.now()
    const deadline = o.durationMs === undefined ? Infinity : start + o.durationMs
    const budget = o.requests ?? Infinity
    const more = (): boolean => issued < budget && performance.now() < deadline
    const finishers: Array<() => void> = []
    // A server that stops answering must not hang the benchmark: cut every socket.
    const stuck = setTimeout(
      () => {
        for (const f of finishers) f()
      },
      (o.durationMs ?? 0) + 30_000,
    )
    const done = (socket: Socket): void => {
      socket.destroy()
      if (--open === 0) {
        clearTimeout(stuck)
        resolve({ completed, ms: performance.now() - start, statuses, errors, sample })
      }
    }
    for (let c = 0; c < o.connections; c++) {
      const socket = connect({ port: o.port, host: '127.0.0.1', noDelay: true })
      let buf: Buffer | undefined
      let finished = false
      const finish = (): void => {
        if (finished) return
        finished = true
        done(socket)
      }
      finishers.push(() => {
        if (!finished) errors++
        finish()
      })
      const send = (): void => {
        if (!more()) return finish()
        issued++
        socket.write(request)
      }
      socket.on('connect', send)
      socket.on('data', (chunk: Buffer) => {
        buf = buf === undefined ? chunk : Buffer.concat([buf, chunk])
        for (;;) {
          const p = parseResponse(buf)
          if (p === undefined) return
          completed++
          statuses[p.status] = (statuses[p.status] ?? 0) + 1
          sample ??= {
            status: p.status,
            head: buf.toString('latin1', 0, p.headEnd),
            body: p.chunked
              ? dechunk(buf, p.bodyStart)
              : buf.toString('utf8', p.bodyStart, p.bodyEnd),
          }
          if (p.end === buf.length) {
            buf = undefined
            return send()
          }
          buf = buf.subarray(p.end)
        }
      })
      socket.on('error', () => {
        errors++
        finish()
      })
      socket.on('close', finish)
    }
  })
