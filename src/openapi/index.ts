/**
 * `errmap/openapi`: describe a policy's errors. OpenAPI 3.1 components — a JSON Schema
 * (draft 2020-12) of each body format as the policy writes it, and response objects per
 * status and per variant with their media types and headers — the `responses` of one
 * operation, and the error catalog every problem `type` URI can resolve to, as Markdown
 * and as an escaped, self-contained HTML page. Everything is plain JSON data or text.
 * Its own entry: a server that does not describe itself never loads it.
 *
 * @since 0.2.0
 */
export type { Json, JsonObject, JsonSchema } from './schema.js'
export type { CodeDoc, DescribeOptions, DomainTargets, Modelled, Produces } from './targets.js'
export {
  type Components,
  type HeaderObject,
  type MediaTypeObject,
  type OpenApiOptions,
  type ResponseObject,
  components,
  responses,
} from './responses.js'
export {
  type Catalog,
  type CatalogEntry,
  catalog,
  catalogHtml,
  catalogMarkdown,
  entryAt,
} from './catalog.js'
