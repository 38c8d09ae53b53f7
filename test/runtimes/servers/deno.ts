/** Deno: `Deno.serve`, whose handler gets the connection's info after the request. */
import { handler } from 'errmap/fetch'
import { listening, route } from '../app.js'

// The little of Deno's API this uses (no Deno types in the project).
interface ServeHandlerInfo {
  readonly remoteAddr: { readonly hostname: string }
}
declare const Deno: {
  readonly version: { readonly deno: string }
  readonly serve: (
    options: {
      readonly hostname: string
      readonly port: number
      readonly onListen: (address: { readonly port: number }) => void
    },
    handler: (request: Request, info: ServeHandlerInfo) => Promise<Response>,
  ) => unknown
}

Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(listening(port)) },
  handler((request: Request, info: ServeHandlerInfo) =>
    route(request, () => `deno ${Deno.version.deno}, client ${info.remoteAddr.hostname}`),
  ),
)
