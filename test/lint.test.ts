/**
 * Typed ESLint's `only-throw-error`, as users who enable it run it: an errmap error made
 * with `toError` may be thrown; the plain value is flagged (why `toError` exists).
 */
import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

const lint = async (file: string): Promise<ReadonlyArray<string>> => {
  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: { projectService: true, tsconfigRootDir: process.cwd() },
        },
        plugins: { '@typescript-eslint': tseslint.plugin },
        rules: { '@typescript-eslint/only-throw-error': 'error' },
      },
    ],
  })
  const [result] = await eslint.lintFiles([file])
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`)
}

describe('only-throw-error', () => {
  it('accepts throw toError(e)', async () => {
    expect(await lint('test/typed-lint/throws.ts')).toEqual([])
  }, 60_000)

  it('flags a thrown plain errmap error', async () => {
    const messages = await lint('test/typed-lint/plain.ts')
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(/^@typescript-eslint\/only-throw-error: /)
  }, 60_000)
})
