/**
 * esbuild helpers. The benchmarks run errmap as users run it — one bundled ES module, not
 * TypeScript through a loader — and the servers as plain `node` processes.
 */
import { build } from 'esbuild'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

/** The repository's root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export const src = (path: string): string => join(root, 'src', path)

/** Bundles `entry` with everything it imports into one ES module at `outfile`. */
export const bundleModule = async (entry: string, outfile: string): Promise<string> => {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  })
  return outfile
}

/** Bundles a server script, frameworks included, into one CommonJS file for plain `node`. */
export const bundleScript = async (entry: string, outfile: string): Promise<string> => {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  })
  return outfile
}

export interface Size {
  readonly minified: number
  readonly gzipped: number
  /** Minified bytes each input file contributes, largest first. */
  readonly inputs: ReadonlyArray<readonly [string, number]>
}

export interface SizeInput {
  /** A file to bundle, or the contents of an entry (resolved from the root). */
  readonly entry: { readonly file: string } | { readonly contents: string }
  readonly platform: 'neutral' | 'node'
  readonly external: ReadonlyArray<string>
}

/** Minified and gzipped (level 9) bytes of one bundle. */
export const sizeOf = async (input: SizeInput): Promise<Size> => {
  const entry =
    'file' in input.entry
      ? { entryPoints: [input.entry.file] }
      : {
          stdin: {
            contents: input.entry.contents,
            resolveDir: root,
            loader: 'ts' as const,
            sourcefile: 'entry.ts',
          },
        }
  const out = await build({
    ...entry,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: input.platform,
    // `neutral` reads no `main` field by default; CommonJS dependencies still need one.
    mainFields: ['module', 'main'],
    external: [...input.external],
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const code = out.outputFiles[0]?.contents ?? new Uint8Array()
  const inputs = Object.values(out.metafile.outputs).flatMap((o) =>
    Object.entries(o.inputs).map(([file, i]) => [file, i.bytesInOutput] as const),
  )
  return {
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    inputs: inputs.sort((a, b) => b[1] - a[1]),
  }
}

export const exists = (path: string): boolean => existsSync(path)
