/**
 * Reading the parts of a parsed JSON body that errmap's formats share: issues and the
 * items of an `errors` list. Internal.
 *
 * @internal
 */
import * as read from '../internal/read.js'
import { isErrorStatus } from '../model/Status.js'
import { statusOfCode } from '../model/variants.js'
import type { Reported } from './Format.js'

/** An object that is not an array, read as a record. @internal */
export const object = (u: unknown): read.Bag | undefined => (read.isRecord(u) ? u : undefined)

/** Issues, when the value is a list of them; invalid entries are left out. @internal */
export const issuesOf = (u: unknown): Reported['issues'] =>
  u === undefined ? undefined : read.issues(u)

/**
 * One item of an `errors` list as json and problem bodies write it: `{ status?, message,
 * code, details?, issues? }`; `undefined` when it is not one.
 *
 * @internal
 */
export const item = (u: unknown): Reported | undefined => {
  const o = object(u)
  if (o === undefined) return undefined
  const message = o['message']
  const code = o['code']
  if (typeof message !== 'string' || typeof code !== 'string') return undefined
  const status = o['status']
  return {
    status: isErrorStatus(status) ? status : undefined,
    message,
    code,
    details: o['details'],
    issues: issuesOf(o['issues']),
  }
}

/** The items of an `errors` list, or `undefined` when one is not an item. @internal */
export const items = (u: unknown): ReadonlyArray<Reported> | undefined => {
  if (!Array.isArray(u)) return undefined
  const out: Array<Reported> = []
  for (const x of u as ReadonlyArray<unknown>) {
    const i = item(x)
    if (i === undefined) return undefined
    // An item without a status has its code's, when the code names one.
    out.push(i.status === undefined ? { ...i, status: statusOfCode(i.code as string) } : i)
  }
  return out
}
