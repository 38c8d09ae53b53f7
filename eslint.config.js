import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      'node_modules/',
      '.tmp/',
      '.notes/',
      'benchmarks/.tmp/',
      '.stryker-tmp/',
      'reports/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The core is pure: no throw, no classes, no Node, no console.
    files: ['src/**/*.ts'],
    ignores: ['src/adapters/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ThrowStatement', message: 'The core never throws.' },
        { selector: 'ClassDeclaration', message: 'The core has no classes.' },
        { selector: 'ClassExpression', message: 'The core has no classes.' },
      ],
      'no-console': 'error',
      'no-restricted-imports': ['error', { patterns: ['node:*'] }],
    },
  },
)
