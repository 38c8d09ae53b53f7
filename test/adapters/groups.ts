/**
 * The groups of conformance cases: the table of `cases.ts` under the default policy, and
 * each feature's own table (`groups/*.ts`) under the policy that enables it. Every group
 * runs against every adapter (`conformance.test.ts`).
 */
import type { Policy } from 'errmap'
import { cases, type Case } from './cases.js'
import { trace } from './groups/trace.js'
import { ratelimit } from './groups/ratelimit.js'
import { html } from './groups/html.js'
import { messages } from './groups/messages.js'

export interface Group {
  readonly name: string
  /** The policy every adapter of the group is installed with; `undefined` for the default. */
  readonly policy: Policy | undefined
  readonly cases: ReadonlyArray<Case>
}

export const groups: ReadonlyArray<Group> = [
  { name: 'default policy', policy: undefined, cases },
  trace,
  ratelimit,
  html,
  messages,
]
