/**
 * workerd: a module worker, `fetch(request, env, ctx)`. The config the test writes binds
 * `NOT_FOUND_MESSAGE` (a text binding) in `env`.
 */
import { handler } from 'errmap/fetch'
import { route } from '../app.js'

interface Env {
  readonly NOT_FOUND_MESSAGE: string
}
// The little of Workers' ExecutionContext this uses.
interface ExecutionContext {
  readonly waitUntil: (promise: Promise<unknown>) => void
}

export default {
  fetch: handler((request: Request, env: Env, ctx: ExecutionContext) =>
    route(request, () => `${env.NOT_FOUND_MESSAGE}; ctx.waitUntil is a ${typeof ctx.waitUntil}`),
  ),
}
