/**
 * What a user does not import is not in their bundle: the opt-in features (translations,
 * the html format, stream frames, reading quotas back) leave no code in an app that uses
 * none of them, and each brings only its own modules. Bundled with esbuild as
 * `benchmarks/size.ts` measures (minified, fp-ts and io-ts external).
 */
import { describe, expect, it } from 'vitest'
import { sizeOf } from '../benchmarks/bundle.js'

// The modules of each opt-in feature, by path under src/.
const optIn = {
  messages: ['src/policy/messages.ts', 'src/internal/language.ts'],
  html: ['src/format/html.ts'],
  stream: ['src/response/stream.ts'],
  quotasOf: ['src/client/quotas.ts'],
} as const

const inputsOf = async (contents: string): Promise<ReadonlyArray<string>> => {
  const s = await sizeOf({
    entry: { contents },
    platform: 'neutral',
    external: ['fp-ts', 'io-ts'],
  })
  return s.inputs.filter(([, bytes]) => bytes > 0).map(([file]) => file)
}

const everyOptIn = Object.values(optIn).flat()

describe('tree shaking', () => {
  it('an app that uses none of the opt-in features has none of their code', async () => {
    const inputs = await inputsOf(
      "export { toResponse, notFound, badRequest, policy } from './src/index.js'\n" +
        "export { handler } from './src/adapters/node.js'\n",
    )
    expect(inputs).toContain('src/response/toResponse.ts')
    expect(inputs.filter((f) => (everyOptIn as ReadonlyArray<string>).includes(f))).toEqual([])
  })

  it.each([
    ['messages', "export { messages } from './src/index.js'\n", optIn.messages],
    ['html', "export { html } from './src/index.js'\n", optIn.html],
    ['sseError', "export { sseError } from './src/index.js'\n", optIn.stream],
    ['quotasOf', "export { quotasOf } from './src/client/index.js'\n", optIn.quotasOf],
  ] as const)(
    'importing %s brings its own modules and no other opt-in one',
    async (_, contents, own) => {
      const inputs = await inputsOf(contents)
      const opted = inputs.filter((f) => (everyOptIn as ReadonlyArray<string>).includes(f))
      expect([...opted].sort()).toEqual([...own].sort())
    },
  )
})
