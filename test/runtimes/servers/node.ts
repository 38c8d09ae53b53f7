/**
 * Node 22 and 24 have no Fetch server of their own: node:http, bridged to the Fetch
 * handler, which also gets the Node request as its extra argument.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { handler } from 'errmap/fetch'
import { listening, route } from '../app.js'

const fetchHandler = handler((request: Request, req: IncomingMessage) =>
  route(request, () => `node ${process.version}, client ${req.socket.remoteAddress}`),
)

const server = createServer(async (req, res) => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers))
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, v)
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  })
  const response = await fetchHandler(request, req)
  const out: Record<string, string> = {}
  response.headers.forEach((value, name) => (out[name] = value)) // several are joined by `, `
  res.writeHead(response.status, out)
  res.end(Buffer.from(await response.arrayBuffer()))
})
server.listen(0, '127.0.0.1', () => console.log(listening((server.address() as AddressInfo).port)))
