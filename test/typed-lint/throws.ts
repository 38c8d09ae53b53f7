// Linted by test/lint.test.ts with typed ESLint's `only-throw-error`: what a user of errmap
// writes to throw an errmap error where only Errors may be thrown.
import { conflict, toError } from 'errmap'

export const taken = (): never => {
  throw toError(conflict('email taken'))
}
