/**
 * What every runtime serves (bundled into each server entry of ./servers with the built
 * package): `/case/<i>` is case `i` of the adapter conformance table (test/adapters/cases.ts),
 * `/extra` a 404 whose message the server entry makes from the runtime's own arguments
 * after the request (Workers' `env` and `ctx`, Deno's `info`, Bun's `server`).
 */
import * as E from 'fp-ts/Either'
import { notFound, type Outcome } from 'errmap'
import { send } from 'errmap/fetch'
import { cases } from '../adapters/cases.js'

export const route = (request: Request, extra: () => string): Outcome<Response> => {
  const { pathname } = new URL(request.url)
  const at = /^\/case\/(\d+)$/.exec(pathname)
  const c = at === null ? undefined : cases[Number(at[1])]
  if (c !== undefined) return 'send' in c ? send(c.send, request) : c.raise()
  return E.left(notFound(pathname === '/extra' ? extra() : `No route ${pathname}.`))
}

/** The first line a server prints on stdout once it listens. */
export const listening = (port: number): string => `listening on 127.0.0.1:${port}`
