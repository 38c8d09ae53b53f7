/**
 * The audit checked by breaking what it checks: the reference server keeps every duty
 * (all ok), and broken in one duty at a time, it makes exactly that audit fail — `error`
 * for a MUST, `warn` for a SHOULD or MAY — and every other one ok.
 */
import { describe, expect, it } from 'vitest'
import { auditIds, auditServer, type AuditResult, type AuditStatus } from 'errmap/audit'
import { reference } from './reference.js'
import { errmapRoutes } from './servers.js'

const audit = async (broken?: (typeof auditIds)[number]): Promise<ReadonlyArray<AuditResult>> => {
  const running = await reference(broken)
  try {
    return await auditServer({ url: running.url, routes: errmapRoutes, hostileAcceptWithin: 1000 })
  } finally {
    await running.close()
  }
}

const statuses = (results: ReadonlyArray<AuditResult>): Record<string, AuditStatus> =>
  Object.fromEntries(results.map((r) => [r.id, r.status]))

describe('the reference server', () => {
  it('keeps every duty: every audit is ok', async () => {
    const results = await audit()
    expect(statuses(results)).toStrictEqual(Object.fromEntries(auditIds.map((id) => [id, 'ok'])))
  })
})

describe.each([...auditIds])('the reference server broken in %s', (id) => {
  it(`fails the ${id} audit, and only it`, async () => {
    const results = await audit(id)
    const failed = results.find((r) => r.id === id) as AuditResult
    expect(statuses(results)).toStrictEqual(
      Object.fromEntries(
        auditIds.map((a) => [a, a !== id ? 'ok' : failed.level === 'MUST' ? 'error' : 'warn']),
      ),
    )
  })
})
