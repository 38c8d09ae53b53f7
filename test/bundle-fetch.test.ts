/**
 * `errmap/fetch` must run unchanged on any Fetch runtime (Deno, Bun, Workers): bundled for
 * a neutral platform with everything inlined (fp-ts and io-ts included), it must reference
 * no Node built-in and no Node global, and it must still work.
 */
import { builtinModules } from 'node:module'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

const bundle = () =>
  build({
    entryPoints: ['src/adapters/fetch.ts'],
    bundle: true,
    platform: 'neutral',
    // fp-ts and io-ts have no `exports` map: resolve them through their module fields.
    mainFields: ['module', 'main'],
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })

describe('errmap/fetch bundled for a neutral platform', () => {
  it('builds with every import resolved and no Node built-in among them', async () => {
    const result = await bundle()
    const imports = Object.values(result.metafile.inputs).flatMap((i) =>
      i.imports.map((x) => x.path),
    )
    const inputs = Object.keys(result.metafile.inputs)
    expect({
      errors: result.errors,
      builtins: [...imports, ...inputs].filter((p) => builtins.has(p) || p.startsWith('node:')),
      external: Object.values(result.metafile.inputs).flatMap((i) =>
        i.imports.filter((x) => x.external === true).map((x) => x.path),
      ),
      bundlesFpTs: inputs.some((p) => p.includes('node_modules/fp-ts/')),
    }).toEqual({ errors: [], builtins: [], external: [], bundlesFpTs: true })
  })

  it('uses neither Buffer nor process nor require', async () => {
    const text = (await bundle()).outputFiles[0]?.text ?? ''
    expect(text.match(/\b(Buffer|process|require|__dirname|global)\b/g) ?? []).toEqual([])
  })

  it('fails to build when the entry imports a Node built-in (the check can fail)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'errmap-bundle-'))
    try {
      const entry = join(dir, 'entry.ts')
      await writeFile(entry, "import { Buffer } from 'node:buffer'\nexport const b = Buffer\n")
      await expect(
        build({
          entryPoints: [entry],
          bundle: true,
          platform: 'neutral',
          write: false,
          logLevel: 'silent',
        }),
      ).rejects.toThrow(/node:buffer/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('runs: the bundle maps an error to a Response', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'errmap-bundle-'))
    try {
      const file = join(dir, 'fetch.mjs')
      await writeFile(file, (await bundle()).outputFiles[0]?.text ?? '')
      const mod = (await import(pathToFileURL(file).href)) as typeof import('errmap/fetch')
      const r = await mod.handler(() => {
        throw new Error('secret')
      })(new Request('http://localhost/', { headers: { accept: 'application/problem+json' } }))
      expect([r.status, r.headers.get('content-type'), await r.json()]).toEqual([
        500,
        'application/problem+json; charset=utf-8',
        {
          type: 'about:blank',
          title: 'Internal Server Error',
          status: 500,
          detail: 'Internal Server Error',
          code: 'INTERNAL_SERVER_ERROR',
        },
      ])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
