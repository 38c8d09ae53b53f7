// The plain value, thrown: `only-throw-error` must flag it (the check can fail).
import { conflict } from 'errmap'

export const taken = (): never => {
  throw conflict('email taken')
}
