/**
 * The systems errmap was designed from, each reproduced by configuration alone: a value
 * per system, no code of its own. `test/seeds/*.test.ts` runs every row of each system's
 * documented table through the Node adapter, over a socket, against these exact values.
 *
 *   npx tsx examples/seeds.ts   # prints what each system answers for a few errors
 */
import { pathToFileURL } from 'node:url'
import {
  unprocessableContent,
  internal,
  notImplemented,
  policy,
  toResponse,
  unauthorized,
  type HttpError,
  type Policy,
} from 'errmap'
import { ndc, openapiRest } from 'errmap/profiles'
import { grafbaseCodes, respond, settings, type Settings } from 'errmap/graphql'

// 000 — Hasura NDC connector spec: its statuses and `{ message, details }`, ready-made.
// Spread it to log what is masked: `{ ...ndc, onError: (e, cause) => log(e, cause) }`.
export const ndcConnector: Policy = ndc

// 001 — REST status guide: the default policy, with validation failures (io-ts through
// `decodeInput`, which the core reports as 422) answered 400 as the guide asks.
export const restStatusGuide: Policy = policy({ status: { UnprocessableContent: 400 } })

// 002 — Grafbase gateway: its code → status table over Apollo's codes, the 2024 draft
// (200 under application/json, the codes' statuses under graphql-response+json), 406
// for a missing Accept, and the core's default priority (a 4xx wins over a 5xx).
export const grafbaseGateway: Settings = settings({ codes: grafbaseCodes, acceptRequired: true })

// … with its error code mapping: codes renamed by configuration.
export const grafbaseWithCodeMapping: Settings = settings({
  codes: grafbaseCodes,
  acceptRequired: true,
  renames: { OPERATION_VALIDATION_ERROR: 'MY_CUSTOM_CODE' },
})

// 003 — a REST API validating requests against its OpenAPI document: ready-made.
// Validation failures (`decodeInput`) are 400s of type "openapi", `notImplemented` is
// "412 Not Supported", and an anticipated error is
// `unprocessableContent([], message)`.
export const openapiService: Policy = openapiRest

// 004 — GraphQL response status codes: the 2024 draft of GraphQL over HTTP with Apollo's
// codes, errmap/graphql's defaults spelled out.
export const graphqlStatusCodes: Settings = settings({ profile: '2024' })

const show = (name: string, p: Policy, errors: ReadonlyArray<HttpError>): void => {
  for (const e of errors) {
    const r = toResponse(e, { accept: 'application/json' }, p)
    console.log(`${name.padEnd(18)} ${e._tag.padEnd(15)} → ${r.status} ${r.body}`)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sample = [
    unauthorized('token expired'),
    notImplemented('relationships are not supported'),
    unprocessableContent([], 'insufficient stock'),
    internal('db password is hunter2'),
  ]
  show('ndc', ndcConnector, sample)
  show('rest status guide', restStatusGuide, sample)
  show('openapi service', openapiService, sample)
  const planning = {
    errors: [{ message: 'no plan', extensions: { code: 'OPERATION_PLANNING_ERROR' } }],
  }
  for (const accept of ['application/graphql-response+json', 'application/json']) {
    const r = respond(planning, { accept }, grafbaseGateway)
    console.log(`${'grafbase'.padEnd(18)} ${accept.padEnd(36)} → ${r.status} ${r.body}`)
  }
}
