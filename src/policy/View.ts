/**
 * What the client may see of each error under a policy: its status and renamed code, and
 * its message, details and issues when exposed (else the status' reason phrase), bounded
 * by the policy's limits. The one place the policy meets the body: `toResponse`, the
 * client's `exposed` and `errmap/graphql` all go through it.
 *
 * @since 0.1.0
 */
import type { View } from '../format/Format.js'
import type { HttpError, Issue } from '../model/HttpError.js'
import { reason, type ErrorStatus } from '../model/Status.js'
import { specOf } from '../model/variants.js'
import { codeIn, exposedIn, statusIn, type Policy } from './Policy.js'

export type { View }

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * A string cut to at most `max` code units plus `…`, never between the halves of a
 * surrogate pair.
 *
 * @internal
 */
export const cap = (s: string, max: number): string => {
  if (s.length <= max) return s
  const end = (s.charCodeAt(max - 1) & 0xfc00) === 0xd800 ? max - 1 : max
  return s.slice(0, end) + '…'
}

const capIssue = (issue: Issue, max: number): Issue =>
  issue.message.length <= max && (issue.expected === undefined || issue.expected.length <= max)
    ? issue
    : {
        ...issue,
        message: cap(issue.message, max),
        ...(issue.expected === undefined ? {} : { expected: cap(issue.expected, max) }),
      }

// The issues a body shows: at most `maxErrors`, each one's text capped; the same array
// when nothing needs cutting.
const boundIssues = (issues: ReadonlyArray<Issue>, p: Policy): ReadonlyArray<Issue> => {
  const n = Math.min(issues.length, p.maxErrors)
  const max = p.maxMessageLength
  let cut = n < issues.length
  for (let i = 0; i < n && !cut; i++) {
    const issue = issues[i] as Issue
    cut =
      issue.message.length > max || (issue.expected !== undefined && issue.expected.length > max)
  }
  return cut ? issues.slice(0, n).map((x) => capIssue(x, max)) : issues
}

/**
 * The client's view of an error (a snapshot: see `fromUnknown`) under a policy, with the
 * status it is answered with (the remapped one unless given). `cause` is never read.
 *
 * @internal
 */
export const viewUnder = (p: Policy, e: HttpError, status: ErrorStatus = statusIn(p, e)): View => {
  const exposed = exposedIn(p, e, status)
  const all = exposed ? (e as { readonly issues?: ReadonlyArray<Issue> }).issues : undefined
  const issues = all === undefined ? undefined : boundIssues(all, p)
  const own = specOf(e._tag).details
  return {
    tag: e._tag,
    status,
    code: codeIn(p, e),
    message: exposed ? cap(e.message, p.maxMessageLength) : reason(status),
    title: reason(status),
    details: exposed ? (e.details !== undefined ? e.details : own?.(e)) : undefined,
    issues,
    omittedIssues: all === undefined || issues === undefined ? 0 : all.length - issues.length,
    exposed,
  }
}
