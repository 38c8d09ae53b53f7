/**
 * Size: each entry minified and gzipped (level 9) by esbuild, with fp-ts/io-ts left to the
 * user's bundle and with them bundled in; a tree-shaken entry that only answers a 404;
 * Boom and http-errors bundled the same way.
 */
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

const PEERS = ['fp-ts', 'io-ts', 'koa']

export const runSize = async (): Promise<SizeResult> => {
  const entries: ReadonlyArray<readonly [string, SizeInput['entry'], SizeInput['platform']]> = [
    [CORE_ENTRY, { file: src('index.ts') }, 'neutral'],
    [ONE_404, { contents: "export { toResponse, notFound } from './src/index.js'\n" }, 'neutral'],
    ['errmap/node (src/adapters/node.ts)', { file: src('adapters/node.ts') }, 'node'],
    ['errmap/fetch (src/adapters/fetch.ts)', { file: src('adapters/fetch.ts') }, 'neutral'],
    ['errmap/koa (src/adapters/koa.ts)', { file: src('adapters/koa.ts') }, 'node'],
    ['errmap/graphql (src/graphql.ts)', { file: src('graphql.ts') }, 'neutral'],
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
