/**
 * The adapter conformance table (test/adapters/cases.ts) under every Fetch runtime: the
 * Node running the tests, Node 22 and 24, Bun, Deno and workerd, each installed from its
 * npm package by `npm run runtimes` (scripts/runtimes.ts; `npm test` runs it first).
 *
 * For each runtime one server entry of ./servers is bundled with esbuild against the
 * built package (`errmap` and `errmap/fetch` from dist/, fp-ts, io-ts and the cases'
 * http-errors and Boom inlined), started in that runtime on 127.0.0.1 at a port the
 * runtime chose, and asked every case over loopback with Node's fetch. Every process is
 * killed at the end, on failure too; a runtime that is missing or does not start fails
 * its tests, never skips them.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { build, type Metafile, type Plugin } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entries } from '../../entries.js'
import { runtimes, type Runtime } from '../../scripts/runtimes.js'
import { cases } from '../adapters/cases.js'
import { seen } from '../adapters/harness.js'
import { conforms, requestHeaders } from '../adapters/verdict.js'
import { listening } from './app.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const seconds = 1000
const startLimit = 60 * seconds // to bundle and start, on a busy machine
const listenLimit = 45 * seconds // from the start of a process to its port
const requestLimit = 10 * seconds

// -------------------------------------------------------------------------------------
// bundles
// -------------------------------------------------------------------------------------

type Entry = 'node' | 'bun' | 'deno' | 'workerd'

// `errmap` and `errmap/*` are the built package, as `package.json#exports` maps them.
const fromDist: Plugin = {
  name: 'errmap from dist',
  setup: (b) =>
    b.onResolve({ filter: /^errmap(\/|$)/ }, ({ path }) => {
      const entry = entries.find((e) => e.specifier === path)
      return entry === undefined
        ? { errors: [{ text: `${path} is not an entry of package.json#exports` }] }
        : { path: join(root, 'dist', `${entry.path}.js`) }
    }),
}

// One file that runs alone in its runtime; answers the inputs it was made of.
const bundle = async (entry: Entry, outfile: string): Promise<ReadonlyArray<string>> => {
  const result = await build({
    entryPoints: [join(root, 'test', 'runtimes', 'servers', `${entry}.ts`)],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    // Only Node's entry imports node:http; the others run where Node's built-ins may not
    // exist (workerd without nodejs_compat): http-errors' dependencies take their
    // browser builds there. fp-ts has no `exports` map: its es6 build by `module`.
    platform: entry === 'node' ? 'node' : 'browser',
    mainFields: ['browser', 'module', 'main'],
    plugins: [fromDist],
    metafile: true,
    logLevel: 'silent',
  })
  return Object.keys((result.metafile as Metafile).inputs).map((p) => relative(root, join(root, p)))
}

// -------------------------------------------------------------------------------------
// processes
// -------------------------------------------------------------------------------------

// Every process started here (each runtime's own binary, no launcher in between), killed
// at the end of its runtime's tests, on failure too, and, should the test process end
// first, when it exits.
const started = new Set<ChildProcess>()
const kill = (child: ChildProcess): void => {
  started.delete(child)
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}
process.once('exit', () => started.forEach(kill))

const launch = (
  bin: string,
  args: ReadonlyArray<string>,
  cwd: string,
  fds = 3,
): { readonly child: ChildProcess; readonly output: () => string } => {
  const child = spawn(bin, args, {
    cwd,
    stdio: ['ignore', ...Array.from({ length: fds - 1 }, () => 'pipe' as const)],
    env: {
      ...process.env,
      DENO_DIR: join(cwd, 'deno'),
      DENO_NO_UPDATE_CHECK: '1',
      BUN_INSTALL_CACHE_DIR: join(cwd, 'bun'),
      NO_COLOR: '1',
    },
  })
  started.add(child)
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  return { child, output: () => output }
}

// The first match of `pattern` in what `stream` prints; fails when the process exits or
// the time is up, with everything it printed.
const awaitPort = (
  launched: ReturnType<typeof launch>,
  stream: Readable,
  pattern: RegExp,
  what: string,
): Promise<number> =>
  new Promise((resolve, reject) => {
    const { child, output } = launched
    let text = ''
    const timer = setTimeout(
      () => fail(`printed no port within ${listenLimit / seconds} s`),
      listenLimit,
    )
    const fail = (why: string) => {
      clearTimeout(timer)
      reject(new Error(`${what} ${why}; it printed:\n${output()}`))
    }
    stream.on('data', (d: Buffer) => {
      text += d.toString()
      const found = pattern.exec(text)
      if (found === null) return
      clearTimeout(timer)
      resolve(Number(found[1]))
    })
    child.once('error', (e) =>
      fail(`did not start (${e.message}): is it installed? \`npm run runtimes\` installs it`),
    )
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before it listened`))
  })

// -------------------------------------------------------------------------------------
// runtimes
// -------------------------------------------------------------------------------------

interface Server {
  readonly url: string
  readonly stop: () => void
}

interface Target {
  readonly name: string
  readonly entry: Entry
  /** Starts the bundle at `file` in `dir` (a workerd config binds `nonce` in `env`). */
  readonly serve: (dir: string, file: string, nonce: string) => Promise<Server>
  /** What `/extra` answers: made from the runtime's arguments after the request. */
  readonly extra: (nonce: string) => string
}

const printedPort = new RegExp(`^${listening(0).replace(/0$/, '(\\d+)')}$`, 'm')

// A server that prints its port on stdout (Node, Bun, Deno).
const printing =
  (bin: string, args: (file: string) => ReadonlyArray<string>, what: string) =>
  async (dir: string, file: string): Promise<Server> => {
    const launched = launch(bin, args(file), dir)
    try {
      const port = await awaitPort(launched, launched.child.stdout as Readable, printedPort, what)
      return { url: `http://127.0.0.1:${port}`, stop: () => kill(launched.child) }
    } catch (e) {
      kill(launched.child)
      throw e
    }
  }

const installed = (name: Runtime['name']): Runtime => {
  const r = runtimes.find((x) => x.name === name)
  if (r === undefined) throw new Error(`scripts/runtimes.ts has no ${name}`)
  return r
}

// workerd: a config with the module worker, its `env` binding and a socket on
// 127.0.0.1 port 0; workerd reports the port it bound on the control descriptor (fd 3).
// nodejs_compat is for Boom, which some cases throw: its @hapi/hoek reads `Buffer` as it
// loads (errmap/fetch itself needs no Node API: test/bundle-fetch.test.ts).
const binding = (nonce: string): string => `No such route (env binding ${nonce})`
const capnp = (nonce: string): string => `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-01-01",
  compatibilityFlags = ["nodejs_compat"],
  bindings = [(name = "NOT_FOUND_MESSAGE", text = ${JSON.stringify(binding(nonce))})],
);
`

const workerd = (bin: string) => async (dir: string, _file: string, nonce: string) => {
  await writeFile(join(dir, 'config.capnp'), capnp(nonce))
  const launched = launch(bin, ['serve', '--control-fd=3', 'config.capnp'], dir, 4)
  try {
    const control = launched.child.stdio[3] as Readable
    const port = await awaitPort(launched, control, /"port":(\d+)/, 'workerd')
    return { url: `http://127.0.0.1:${port}`, stop: () => kill(launched.child) }
  } catch (e) {
    kill(launched.child)
    throw e
  }
}

const node = (name: string, bin: string, version: string): Target => ({
  name,
  entry: 'node',
  serve: printing(bin, (file) => [file], name),
  extra: () => `node v${version}, client 127.0.0.1`,
})

const targets: ReadonlyArray<Target> = [
  node(
    `node ${process.versions.node} (running the tests)`,
    process.execPath,
    process.versions.node,
  ),
  ...(['node 22', 'node 24'] as const).map((n) => {
    const r = installed(n)
    return node(`${n} (${r.version})`, r.bin, r.version)
  }),
  {
    name: `bun ${installed('bun').version}`,
    entry: 'bun',
    serve: printing(installed('bun').bin, (file) => ['run', '--no-install', file], 'bun'),
    extra: () => `bun ${installed('bun').version}, client 127.0.0.1`,
  },
  {
    name: `deno ${installed('deno').version}`,
    entry: 'deno',
    serve: printing(
      installed('deno').bin,
      (file) => ['run', '--quiet', '--no-prompt', '--allow-net=127.0.0.1', file],
      'deno',
    ),
    extra: () => `deno ${installed('deno').version}, client 127.0.0.1`,
  },
  {
    name: `workerd ${installed('workerd').version}`,
    entry: 'workerd',
    serve: workerd(installed('workerd').bin),
    extra: (nonce) => `${binding(nonce)}; ctx.waitUntil is a function`,
  },
]

// -------------------------------------------------------------------------------------
// the table
// -------------------------------------------------------------------------------------

describe.each(targets)('$name', (target) => {
  let dir = ''
  let inputs: ReadonlyArray<string> = []
  let server: Server | undefined
  // Made up per run: only a server that read it from its arguments can answer it.
  const nonce = Math.random().toString(36).slice(2)

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `errmap-${target.entry}-`))
    const file = join(dir, target.entry === 'workerd' ? 'worker.js' : 'server.mjs')
    inputs = await bundle(target.entry, file)
    server = await target.serve(dir, file, nonce)
  }, startLimit)

  afterAll(async () => {
    server?.stop()
    if (dir !== '') await rm(dir, { recursive: true, force: true })
  })

  const get = (path: string, init: RequestInit = {}) => {
    if (server === undefined) throw new Error(`${target.name} did not start`)
    return fetch(`${server.url}${path}`, { ...init, signal: AbortSignal.timeout(requestLimit) })
  }

  it('serves errmap/fetch from dist/, the built package', () => {
    expect({
      fetch: inputs.includes('dist/adapters/fetch.js'),
      index: inputs.includes('dist/index.js'),
      sources: inputs.filter((p) => p.startsWith('src/')),
    }).toEqual({ fetch: true, index: true, sources: [] })
  })

  it('passes the runtime’s arguments after the request to the handler', async () => {
    const r = await get('/extra')
    expect({ status: r.status, body: await r.json() }).toEqual({
      status: 404,
      body: { message: target.extra(nonce), code: 'NOT_FOUND' },
    })
  })

  it.each(cases.map((c, i) => ({ ...c, i })))('$name', async (c) => {
    conforms(
      c,
      await seen(
        await get(`/case/${c.i}`, { method: c.request.method, headers: requestHeaders(c) }),
      ),
    )
  })
})
