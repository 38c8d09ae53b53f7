/**
 * Size: each entry minified and gzipped (level 9) by esbuild, with fp-ts/io-ts left to the
 * user's bundle and with them bundled in; a tree-shaken entry that only answers a 404;
 * Boom and http-errors bundled the same way.
 */
import { entries as packageEntries } from '../entries.js'
import { exists, sizeOf, src, type Size, type SizeInput } from './bundle.js'

export interface SizeRow {
  readonly name: string
  /** fp-ts and io-ts external (what errmap itself adds); `undefined` for the peers. */
  readonly external: Size | undefined
  /** Everything bundled in. */
  readonly bundled: Size
}

export interface SizeResult {
  readonly rows: ReadonlyArray<SizeRow>
  /** Entries that do not exist (yet). */
  readonly missing: ReadonlyArray<string>
}

export const CORE_ENTRY = 'errmap (src/index.ts)'
export const ONE_404 = 'errmap: toResponse + notFound only'
export const FETCH_APP = 'a typical fetch app: errmap/fetch handler + toResponse + 5 constructors'

// What a Fetch service typically imports: the handler, toResponse and a few constructors.
const fetchApp =
  "export { handler } from './src/adapters/fetch.js'\n" +
  "export { toResponse, notFound, badRequest, unauthorized, conflict, internal } from './src/index.js'\n"

const PEERS = ['fp-ts', 'io-ts', 'koa']

export const runSize = async (): Promise<SizeResult> => {
  // Every entry of package.json#exports, and two tree-shaken imports.
  const platformOf = (path: string): SizeInput['platform'] =>
    path === 'adapters/node' || path === 'adapters/koa' ? 'node' : 'neutral'
  const entries: ReadonlyArray<readonly [string, SizeInput['entry'], SizeInput['platform']]> = [
    ...packageEntries.map(
      (e) =>
        [
          e.path === 'index' ? CORE_ENTRY : `${e.specifier} (${e.source})`,
          { file: src(e.source.slice('src/'.length)) },
          platformOf(e.path),
        ] as const,
    ),
    [ONE_404, { contents: "export { toResponse, notFound } from './src/index.js'\n" }, 'neutral'],
    [FETCH_APP, { contents: fetchApp }, 'neutral'],
  ]
  const rows: Array<SizeRow> = []
  const missing: Array<string> = []
  for (const [name, entry, platform] of entries) {
    if ('file' in entry && !exists(entry.file)) {
      missing.push(name)
      continue
    }
    rows.push({
      name,
      external: await sizeOf({ entry, platform, external: PEERS }),
      bundled: await sizeOf({ entry, platform, external: ['koa'] }),
    })
  }
  const peers: ReadonlyArray<readonly [string, string]> = [
    ['@hapi/boom', "import * as Boom from '@hapi/boom'\nexport default Boom\n"],
    ['http-errors', "import createError from 'http-errors'\nexport default createError\n"],
  ]
  for (const [name, contents] of peers)
    rows.push({
      name,
      external: undefined,
      bundled: await sizeOf({ entry: { contents }, platform: 'node', external: [] }),
    })
  return { rows, missing }
}
