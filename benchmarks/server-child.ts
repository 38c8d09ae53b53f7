/**
 * A child process serving one candidate on 127.0.0.1, port 0. Over IPC it reports
 * `{ type: 'ready', port }`, and answers `{ type: 'cpu' }` with its own CPU time. It
 * exits when its parent goes away.
 */
import type { AddressInfo } from 'node:net'
import { SERVERS } from './servers.js'

export interface Ready {
  readonly type: 'ready'
  readonly port: number
}

export interface Cpu {
  readonly type: 'cpu'
  /** User plus system CPU time of this process, in microseconds. */
  readonly micros: number
}

const name = process.argv[2]
const candidate = SERVERS.find((s) => s.name === name)
if (candidate === undefined || process.send === undefined) {
  process.stderr.write(`server-child: unknown candidate ${String(name)} or no IPC channel\n`)
  process.exit(2)
}
void Promise.resolve(candidate.create()).then(
  (server) => {
    server.keepAliveTimeout = 60_000
    server.listen(0, '127.0.0.1', () => {
      const ready: Ready = { type: 'ready', port: (server.address() as AddressInfo).port }
      process.send?.(ready)
    })
  },
  (e: unknown) => {
    process.stderr.write(`server-child: ${name} could not start: ${String(e)}\n`)
    process.exit(1)
  },
)
process.on('message', (m: unknown) => {
  if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'cpu') {
    const u = process.cpuUsage()
    const cpu: Cpu = { type: 'cpu', micros: u.user + u.system }
    process.send?.(cpu)
  }
})
process.on('disconnect', () => process.exit(0))
