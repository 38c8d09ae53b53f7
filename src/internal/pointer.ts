/**
 * JSON Pointers (RFC 6901) for validation issues: each reference token escaped (`~` as
 * `~0`, `/` as `~1`), so that a key holding either still names one step.
 *
 * @internal
 */

/** One reference token, escaped. @internal */
export const escapeToken = (key: string): string =>
  key.includes('~') || key.includes('/') ? key.split('~').join('~0').split('/').join('~1') : key

/** A pointer from its steps: `''` for the whole document, `/a/0/b~1c` otherwise. @internal */
export const pointer = (steps: ReadonlyArray<string | number>): string => {
  let p = ''
  for (const step of steps) p += '/' + escapeToken(String(step))
  return p
}
