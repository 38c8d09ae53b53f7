/** Bun: `Bun.serve`, whose fetch handler gets the server after the request. */
import { handler } from 'errmap/fetch'
import { listening, route } from '../app.js'

// The little of Bun's API this uses (no @types/bun in the project).
interface Server {
  readonly port: number
  readonly requestIP: (request: Request) => { readonly address: string } | null
}
declare const Bun: {
  readonly version: string
  readonly serve: (options: {
    readonly hostname: string
    readonly port: number
    readonly fetch: (request: Request, server: Server) => Promise<Response>
  }) => Server
}

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  fetch: handler((request: Request, server: Server) =>
    route(request, () => `bun ${Bun.version}, client ${server.requestIP(request)?.address}`),
  ),
})
console.log(listening(server.port))
