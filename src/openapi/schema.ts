/**
 * JSON Schemas (draft 2020-12) of the bodies a policy writes. A policy's formats are
 * recognised by what they write, not by what they are called: a format whose output on a
 * set of probe reports is byte for byte that of errmap's `json`, `problem` (with the
 * `typeBase` it shows), `graphql`, `html` (a string), or a profile's format, is described
 * by that format's schema, with the policy's bounds (`maxErrors`, `maxMessageLength`). A
 * user's own format is described by the schema given for its media type, or by `{}` (any
 * body).
 *
 * @since 0.2.0
 */
import type { Format, Report, View } from '../format/Format.js'
import { graphql } from '../format/graphql.js'
import { html } from '../format/html.js'
import { json } from '../format/json.js'
import { problem } from '../format/problem.js'
import { reason, type ErrorStatus } from '../model/Status.js'
import type { Policy } from '../policy/Policy.js'
import { ndcErrorResponse, openapiErrors, openapiSteps } from '../profiles/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A JSON value: what every output of `errmap/openapi` is made of.
 *
 * @category model
 * @since 0.2.0
 */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | JsonObject

/**
 * A JSON object.
 *
 * @category model
 * @since 0.2.0
 */
export interface JsonObject {
  readonly [key: string]: Json
}

/**
 * A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as plain data.
 *
 * @category model
 * @since 0.2.0
 */
export type JsonSchema = JsonObject

/**
 * What a format writes, as far as its body's schema is concerned: one of errmap's formats
 * (a `problem` with the `typeBase` it shows, `undefined` for `about:blank`), a profile's,
 * or a user's own.
 *
 * @internal
 */
export type Kind =
  | { readonly kind: 'json' }
  | { readonly kind: 'problem'; readonly typeBase: string | undefined }
  | { readonly kind: 'graphql' }
  | { readonly kind: 'html' }
  | { readonly kind: 'ndc' }
  | { readonly kind: 'openapiErrors' }
  | { readonly kind: 'user' }

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** The code probe reports carry: its kebab case shows a problem format's `typeBase`. @internal */
export const probeCode = 'ERRMAP_PROBE'
const probeSlug = 'errmap-probe'

/** A probe's view: a shown 404 with the probe code, and whatever `fields` change. @internal */
export const view = (fields: Partial<View>): View => ({
  tag: 'NotFound',
  status: 404,
  code: probeCode,
  message: 'probe',
  title: 'Not Found',
  details: undefined,
  issues: undefined,
  omittedIssues: 0,
  exposed: true,
  ...fields,
})

/** The report of one view, and whatever `fields` change. @internal */
export const report = (primary: View, fields: Partial<Report> = {}): Report => ({
  status: primary.status,
  primary,
  errors: [primary],
  omitted: 0,
  requestId: undefined,
  instance: undefined,
  traceId: undefined,
  language: undefined,
  ...fields,
})

// Reports that exercise every member a built-in format may write.
const rich = view({
  details: { a: [1, 'two'] },
  issues: [{ path: '/a', message: 'bad', location: 'body', expected: 'string' }],
  omittedIssues: 2,
})
const other = view({ tag: 'Conflict', status: 409, code: 'CONFLICT', message: 'taken' })
const probes: ReadonlyArray<Report> = [
  report(view({})),
  report(rich, { requestId: 'r-1', instance: '/i/1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' }),
  report(view({ status: 422, tag: 'UnprocessableContent', issues: [] })),
  report(rich, {
    errors: [rich, other],
    omitted: 3,
    requestId: 'r-2',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  }),
  report(view({ status: 501, tag: 'NotImplemented', message: 'Not Implemented', exposed: false })),
]

/** A format's body for a report, or `undefined` when it throws or answers no string. @internal */
export const encodeWith = (f: Format, r: Report): string | undefined => {
  try {
    const body: unknown = f.encode(r)
    return typeof body === 'string' ? body : undefined
  } catch {
    return undefined
  }
}

const parse = (body: string | undefined): unknown => {
  try {
    return body === undefined ? undefined : (JSON.parse(body) as unknown)
  } catch {
    return undefined
  }
}

const same = (f: Format, model: Format): boolean =>
  probes.every((r) => {
    const body = encodeWith(f, r)
    return body !== undefined && body === encodeWith(model, r)
  })

/** The `type` member of a JSON body, when it has a string one. @internal */
export const typeIn = (body: string | undefined): string | undefined => {
  const o = parse(body)
  const type =
    typeof o === 'object' && o !== null ? (o as Record<string, unknown>)['type'] : undefined
  return typeof type === 'string' ? type : undefined
}

// The `typeBase` a problem-shaped body shows: what precedes the probe code's kebab case.
const typeBaseOf = (f: Format): string | undefined => {
  const type = typeIn(encodeWith(f, report(view({}))))
  return type !== undefined && type.endsWith(probeSlug)
    ? type.slice(0, -probeSlug.length)
    : undefined
}

/**
 * What a format writes: the built-in or profile format whose output it reproduces on
 * every probe report, else a user's own.
 *
 * @internal
 */
export const kindOf = (f: Format): Kind => {
  if (same(f, json)) return { kind: 'json' }
  if (same(f, graphql)) return { kind: 'graphql' }
  if (same(f, html)) return { kind: 'html' }
  if (same(f, problem)) return { kind: 'problem', typeBase: undefined }
  const base = typeBaseOf(f)
  if (base !== undefined && same(f, problem({ typeBase: base })))
    return { kind: 'problem', typeBase: base }
  if (same(f, ndcErrorResponse)) return { kind: 'ndc' }
  if (same(f, openapiErrors)) return { kind: 'openapiErrors' }
  return { kind: 'user' }
}

// -------------------------------------------------------------------------------------
// schemas
// -------------------------------------------------------------------------------------

/** A `$ref` to a schema of the components. @internal */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` })

/** The names of the component schemas errmap writes. @internal */
export const names = {
  issue: 'ErrmapIssue',
  item: 'ErrmapItem',
  json: 'ErrmapJson',
  problem: 'ErrmapProblem',
  graphql: 'ErrmapGraphQL',
  html: 'ErrmapHtml',
  ndc: 'ErrmapNdc',
  openapiErrors: 'ErrmapOpenapiErrors',
} as const

const status: JsonSchema = { type: 'integer', minimum: 400, maximum: 599 }
const count: JsonSchema = { type: 'integer', minimum: 1 }
const anything: JsonSchema = { description: 'Any JSON value.' }

// The longest reason phrase: what a masked error shows, whatever `maxMessageLength` says.
let longestReason = 0
for (let s = 400; s <= 599; s++)
  longestReason = Math.max(longestReason, reason(s as ErrorStatus).length)

// Capped text: at most `maxMessageLength` UTF-16 code units and an ellipsis (so at most
// that many code points plus one), or a reason phrase.
const text = (p: Policy): JsonSchema => ({
  type: 'string',
  maxLength: Math.max(p.maxMessageLength + 1, longestReason),
})

const issue = (p: Policy): JsonSchema => ({
  type: 'object',
  description: 'A validation issue: `path` is a JSON Pointer (RFC 6901) into `location`.',
  required: ['path', 'message'],
  properties: {
    path: { type: 'string' },
    message: text(p),
    location: { enum: ['body', 'query', 'path', 'header', 'cookie', 'security'] },
    expected: text(p),
  },
  additionalProperties: false,
})

const issues = (p: Policy): JsonSchema => ({
  type: 'array',
  maxItems: p.maxErrors,
  items: ref(names.issue),
})

const item = (p: Policy): JsonSchema => ({
  type: 'object',
  description: 'One error of a response that reports several.',
  required: ['status', 'message', 'code'],
  properties: {
    status,
    message: text(p),
    code: { type: 'string' },
    details: anything,
    issues: issues(p),
    omittedIssues: count,
  },
  additionalProperties: false,
})

// The members json and problem bodies share after their own.
// A list of errors, one or more, at most as many as the policy writes.
const errorList = (p: Policy) => ({ type: 'array', minItems: 1, maxItems: p.maxErrors }) as const

// W3C Trace Context's trace id, when the request had one.
const traceId = {
  type: 'string',
  pattern: '^[0-9a-f]{32}$',
  description: 'The W3C Trace Context trace id of the request.',
} as const

const shared = (p: Policy): JsonObject => ({
  code: { type: 'string', description: 'Machine-readable, after the policy renamed it.' },
  details: anything,
  issues: issues(p),
  omittedIssues: { ...count, description: 'How many issues `maxErrors` left out.' },
  requestId: { type: 'string' },
  traceId,
  errors: {
    ...errorList(p),
    description: 'Every error, when there are several.',
    items: ref(names.item),
  },
  omitted: { ...count, description: 'How many errors `maxErrors` left out.' },
})

const jsonBody = (p: Policy): JsonSchema => ({
  type: 'object',
  description: "errmap's `application/json` error body.",
  required: ['message', 'code'],
  properties: { message: text(p), ...shared(p) },
  additionalProperties: false,
})

// Only what is special outside a character class: a pattern is compiled in Unicode mode
// (Ajv's `u` flag), where an escaped `-` or `/` is a syntax error.
const escape = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|]/g, (c) => `\\${c}`)

const problemBody = (p: Policy, typeBase: string | undefined): JsonSchema => ({
  type: 'object',
  description: 'An RFC 9457 problem document with errmap\u2019s extension members.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type:
      typeBase === undefined
        ? { const: 'about:blank' }
        : {
            type: 'string',
            format: 'uri-reference',
            pattern: `^${escape(typeBase)}`,
            description: `\`${typeBase}\` followed by the code in kebab case.`,
          },
    title: {
      type: 'string',
      description:
        p.messages === undefined
          ? "The status' reason phrase."
          : "The status' reason phrase, or its translation in the language `Accept-Language` chose.",
    },
    status,
    detail: text(p),
    instance: { type: 'string' },
    ...shared(p),
  },
  additionalProperties: false,
})

const graphqlBody = (p: Policy): JsonSchema => ({
  type: 'object',
  description: 'A GraphQL response with errors and no data.',
  required: ['errors'],
  properties: {
    errors: {
      ...errorList(p),
      items: {
        type: 'object',
        required: ['message', 'extensions'],
        properties: {
          message: text(p),
          extensions: {
            type: 'object',
            required: ['code'],
            properties: {
              code: { type: 'string' },
              details: anything,
              issues: issues(p),
              omittedIssues: count,
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
    },
    extensions: {
      type: 'object',
      minProperties: 1,
      properties: { requestId: { type: 'string' }, traceId, omitted: count },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
})

// A page is text: its schema says only that, and what it shows.
const htmlBody: JsonSchema = {
  type: 'string',
  description:
    "errmap's HTML page for a browser: the status and its title, the message (masked on 5xx), " +
    'the code, the issues and details when exposed, every error when there are several, the ' +
    'request id and trace id. Every text is escaped; no script, style or link.',
}

const ndcBody = (p: Policy): JsonSchema => ({
  type: 'object',
  description: 'The Hasura NDC `ErrorResponse`.',
  required: ['message', 'details'],
  properties: { message: text(p), details: anything },
  additionalProperties: false,
})

const openapiErrorsBody = (p: Policy): JsonSchema => ({
  type: 'object',
  description: 'The errors of an API that validates requests against its OpenAPI document.',
  required: ['errors'],
  properties: {
    errors: {
      ...errorList(p),
      items: {
        oneOf: [
          {
            type: 'object',
            description: 'A request that failed validation: one detail per issue.',
            required: ['type', 'message', 'details'],
            properties: {
              type: { const: 'openapi' },
              message: text(p),
              details: {
                ...errorList(p),
                items: {
                  type: 'object',
                  required: ['key', 'message'],
                  properties: {
                    key: { enum: Object.values(openapiSteps) },
                    path: { type: 'string', minLength: 1 },
                    message: text(p),
                  },
                  additionalProperties: false,
                },
              },
            },
            additionalProperties: false,
          },
          {
            type: 'object',
            description: 'Any other error.',
            required: ['type', 'message'],
            properties: {
              type: { const: 'application' },
              message: text(p),
              details: { type: 'array' },
            },
            additionalProperties: false,
          },
        ],
      },
    },
    requestId: { type: 'string' },
    traceId,
  },
  additionalProperties: false,
})

/**
 * The name of the component schema of a format's body: errmap's own, or one made from a
 * user format's media type (`application/vnd.api+json` → `ErrmapBody.application.vnd.api.json`).
 *
 * @internal
 */
export const schemaName = (f: Format, k: Kind): string =>
  k.kind === 'user' ? `ErrmapBody.${f.mediaType.replace(/[^A-Za-z0-9.\-_]+/g, '.')}` : names[k.kind]

/**
 * The component schemas of a policy's bodies, by name: one per format, and the issue and
 * item schemas errmap's bodies refer to. A user's format gets the schema `schemas` gives
 * for its media type, else `{}`.
 *
 * @internal
 */
export const bodySchemas = (
  p: Policy,
  kinds: ReadonlyArray<readonly [Format, Kind]>,
  schemas: Readonly<Record<string, JsonSchema>>,
): Record<string, JsonSchema> => {
  const out: Record<string, JsonSchema> = {}
  for (const [f, k] of kinds) {
    if (k.kind === 'json' || k.kind === 'problem' || k.kind === 'graphql') {
      out[names.issue] = issue(p)
      if (k.kind !== 'graphql') out[names.item] = item(p)
    }
    const name = schemaName(f, k)
    if (name in out) continue
    if (k.kind === 'json') out[name] = jsonBody(p)
    else if (k.kind === 'problem') out[name] = problemBody(p, k.typeBase)
    else if (k.kind === 'graphql') out[name] = graphqlBody(p)
    else if (k.kind === 'html') out[name] = htmlBody
    else if (k.kind === 'ndc') out[name] = ndcBody(p)
    else if (k.kind === 'openapiErrors') out[name] = openapiErrorsBody(p)
    else
      out[name] = Object.prototype.hasOwnProperty.call(schemas, f.mediaType)
        ? (schemas[f.mediaType] as JsonSchema)
        : { description: `A \`${f.mediaType}\` body; no schema was given for it.` }
  }
  return out
}
