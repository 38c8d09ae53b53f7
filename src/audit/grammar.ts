/**
 * The few grammars the audits read a response with: RFC 9110's tokens, lists and dates,
 * RFC 9457's members, and the shapes of a stack trace. Pure predicates over strings.
 *
 * @internal
 */

/** The elements of a `#list` (RFC 9110 §5.6.1), trimmed; `''` gives none. @internal */
export const listOf = (value: string): ReadonlyArray<string> =>
  value.trim() === '' ? [] : value.split(',').map((e) => e.trim())

/** Whether a `WWW-Authenticate` value starts with a challenge's auth-scheme (§11.6.1). @internal */
export const isChallenge = (value: string): boolean =>
  /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?:[ ,]|$)/.test(value.trim())

/**
 * Whether a `Retry-After` value is valid (RFC 9110 §10.2.3): delay-seconds, or an
 * HTTP-date in the IMF-fixdate form a sender must generate (§5.6.7).
 *
 * @internal
 */
export const isRetryAfter = (value: string): boolean => {
  if (/^\d+$/.test(value)) return true
  const date = new Date(value)
  return !Number.isNaN(date.getTime()) && date.toUTCString() === value
}

/** The media type of a `Content-Type`, lowercased, without parameters. @internal */
export const mediaTypeOf = (contentType: string | null): string | undefined => {
  if (contentType === null) return undefined
  const type = (contentType.split(';')[0] as string).trim().toLowerCase()
  return /^[!#$%&'*+\-.^_`|~0-9a-z]+\/[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(type) ? type : undefined
}

/** Whether a `Vary` value names `Accept` (or is `*`). @internal */
export const variesOnAccept = (vary: string | null): boolean =>
  vary !== null && listOf(vary.toLowerCase()).some((f) => f === 'accept' || f === '*')

// A stack frame of V8 (`at f (/app/x.js:1:2)`, `at file:///x.mjs:1:2`, `at node:…`),
// Python, the JVM, Go, PHP and .NET; JSON-escaped newlines leave them recognisable.
const frames: ReadonlyArray<RegExp> = [
  /\bat (?:[^\s()]+ )?\(?(?:file:\/\/|node:|\/|[A-Za-z]:\\{1,2})[^\s()]*:\d+:\d+/,
  /Traceback \(most recent call last\)/,
  /\bat [\w$.<>]+\([\w$]+\.(?:java|kt|scala):\d+\)/,
  /\bgoroutine \d+ \[/,
  /\.php(?::\d+| on line \d+)/,
  /\bat [\w.<>`]+\(.*\) in .+:line \d+/,
]

/** The first stack frame shown in `text`, if any. @internal */
export const stackFrame = (text: string): string | undefined => {
  for (const f of frames) {
    const m = f.exec(text)
    if (m !== null) return m[0]
  }
  return undefined
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/**
 * What makes `text` an invalid RFC 9457 problem details document for a response of
 * `status`: not a JSON object, a member of the wrong type (§3.1), a `type` or `instance`
 * that is no URI reference, a `status` member that differs from the response's (§3.1.2).
 * Empty when it is valid.
 *
 * @internal
 */
export const problemFaults = (text: string, status: number): ReadonlyArray<string> => {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return ['the body is not JSON']
  }
  if (!isRecord(doc)) return ['the body is not a JSON object']
  const faults: Array<string> = []
  for (const member of ['type', 'title', 'detail', 'instance'])
    if (member in doc && typeof doc[member] !== 'string') faults.push(`"${member}" is not a string`)
  for (const member of ['type', 'instance']) {
    const v = doc[member]
    if (typeof v === 'string' && /[\s"<>\\^`{|}]/.test(v))
      faults.push(`"${member}" is not a URI reference`)
  }
  if ('status' in doc && doc['status'] !== status)
    faults.push(`"status" is ${JSON.stringify(doc['status'])}, the response's is ${status}`)
  return faults
}
