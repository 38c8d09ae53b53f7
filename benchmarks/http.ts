/**
 * HTTP: every candidate server in its own child process, loaded in turn by `load.ts` over
 * loopback, in rotating order, for several rounds. Throughput is requests per second;
 * cost is requests per second of the server process's own CPU time (it reports
 * `process.cpuUsage()`), since the load generator shares the machine's cores.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { median, rotate } from './harness.js'
import { load, type LoadResult, type Sample } from './load.js'
import type { Cpu, Ready } from './server-child.js'
import { SERVERS } from './servers.js'

export interface HttpOptions {
  readonly rounds: number
  readonly connections: number
  /** Per candidate and round: a duration, or a number of requests. */
  readonly durationMs?: number
  readonly requests?: number
  /** Unmeasured load on each server before the first round. */
  readonly warmup: { readonly durationMs?: number; readonly requests?: number }
  readonly accept: string
  /** Only these candidates (by name); all of them when absent. */
  readonly only?: ReadonlyArray<string>
}

export interface HttpRow {
  readonly name: string
  readonly note: string
  readonly pid: number
  /** Per round, in round order. */
  readonly reqPerSec: ReadonlyArray<number>
  readonly reqPerCpuSec: ReadonlyArray<number>
  /** Server CPU time divided by wall time (1 = one core busy). */
  readonly cpuShare: ReadonlyArray<number>
  readonly requests: number
  readonly statuses: Readonly<Record<number, number>>
  readonly errors: number
  readonly sample: Sample | undefined
}

export interface HttpResult {
  readonly rows: ReadonlyArray<HttpRow>
}

interface Child {
  readonly name: string
  readonly pid: number
  readonly port: number
  readonly cpu: () => Promise<number>
  readonly stop: () => Promise<void>
}

const isType = (m: unknown, type: string): boolean =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === type

const exited = (child: ChildProcess, ms: number): Promise<boolean> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(true)
    : new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), ms)
        child.once('exit', () => {
          clearTimeout(timer)
          resolve(true)
        })
      })

const start = (script: string, name: string): Promise<Child> =>
  new Promise((resolve, reject) => {
    // A server that logs every request would flood the output: its stderr goes to /dev/null.
    const logs = SERVERS.find((s) => s.name === name)?.logs === true
    const child = fork(script, [name], {
      execArgv: [],
      stdio: ['ignore', 'inherit', logs ? 'ignore' : 'inherit', 'ipc'],
    })
    const pid = child.pid
    if (pid === undefined) return reject(new Error(`${name}: could not start`))
    const stop = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null) return
      process.kill(pid, 'SIGTERM')
      if (!(await exited(child, 3000))) process.kill(pid, 'SIGKILL')
      await exited(child, 3000)
    }
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`${name}: not ready after 15 s`))
    }, 15_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${name}: exited with ${String(code)} before it was ready`))
    })
    child.once('message', (m: unknown) => {
      clearTimeout(timer)
      if (!isType(m, 'ready')) return reject(new Error(`${name}: unexpected message`))
      // NaN when the server is gone or does not answer: its row then shows n/a.
      const cpu = (): Promise<number> =>
        new Promise((answer) => {
          if (!child.connected) return answer(NaN)
          const timer = setTimeout(() => answer(NaN), 5000)
          child.once('message', (c: unknown) => {
            clearTimeout(timer)
            answer(isType(c, 'cpu') ? (c as Cpu).micros : NaN)
          })
          child.send({ type: 'cpu' })
        })
      resolve({ name, pid, port: (m as Ready).port, cpu, stop })
    })
  })

/** Starts every server, loads each in rotating order for every round, and stops them all. */
export const runHttp = async (script: string, o: HttpOptions): Promise<HttpResult> => {
  const servers = o.only === undefined ? SERVERS : SERVERS.filter((s) => o.only?.includes(s.name))
  const children: Array<Child> = []
  try {
    for (const s of servers) children.push(await start(script, s.name))
    for (const c of children)
      await load({
        port: c.port,
        connections: o.connections,
        path: '/users/42',
        accept: o.accept,
        ...o.warmup,
      })
    const perRound = new Map<string, Array<{ r: LoadResult; cpuMicros: number }>>(
      children.map((c) => [c.name, []]),
    )
    for (let round = 0; round < o.rounds; round++)
      for (const c of rotate(children, round)) {
        const before = await c.cpu()
        const r = await load({
          port: c.port,
          connections: o.connections,
          path: '/users/42',
          accept: o.accept,
          ...(o.durationMs === undefined ? {} : { durationMs: o.durationMs }),
          ...(o.requests === undefined ? {} : { requests: o.requests }),
        })
        const after = await c.cpu()
        perRound.get(c.name)?.push({ r, cpuMicros: after - before })
      }
    return {
      rows: servers.map((s, i) => {
        const runs = perRound.get(s.name) ?? []
        const statuses: Record<number, number> = {}
        for (const { r } of runs)
          for (const [k, v] of Object.entries(r.statuses))
            statuses[Number(k)] = (statuses[Number(k)] ?? 0) + v
        return {
          name: s.name,
          note: s.note,
          pid: children[i]?.pid ?? 0,
          reqPerSec: runs.map(({ r }) => (r.completed * 1000) / r.ms),
          reqPerCpuSec: runs.map(({ r, cpuMicros }) => (r.completed * 1e6) / cpuMicros),
          cpuShare: runs.map(({ r, cpuMicros }) => cpuMicros / 1000 / r.ms),
          requests: runs.reduce((n, { r }) => n + r.completed, 0),
          statuses,
          errors: runs.reduce((n, { r }) => n + r.errors, 0),
          sample: runs[0]?.r.sample,
        }
      }),
    }
  } finally {
    for (const c of children) await c.stop()
  }
}

/** The median over rounds of `a[i] / b[i]`. */
export const ratioOf = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number =>
  median(a.map((x, i) => x / (b[i] as number)))
