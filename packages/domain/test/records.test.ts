import { describe, expect, it } from 'vitest'
import { CallRecord, HotlineRecord, RECORD_WRITERS, TrainingRecord } from '../src/records'

describe('SPEC §9 record formats', () => {
  it('normalizes instants to UTC and ignores unlisted fields', () => {
    const call = HotlineRecord.parse({
      kind: 'call',
      callId: 'C1',
      enqueuedAt: '2026-10-09T09:00:00+08:00',
      answeredAt: '2026-10-09T09:00:12+08:00',
      endedAt: '2026-10-09T09:03:00+08:00',
      agentId: 'A7',
      queueName: 'main',
    })
    expect(call).toEqual({
      kind: 'call',
      callId: 'C1',
      enqueuedAt: '2026-10-09T01:00:00.000Z',
      answeredAt: '2026-10-09T01:00:12.000Z',
      endedAt: '2026-10-09T01:03:00.000Z',
      agentId: 'A7',
    })
  })

  it.each([
    [{ answeredAt: '2026-10-09T08:59:00+08:00' }, 'answeredAt', 'before enqueuedAt'],
    [{ endedAt: '2026-10-09T08:00:00+08:00', answeredAt: null }, 'endedAt', 'before enqueuedAt'],
    [{ enqueuedAt: '2026-10-09 09:00' }, 'enqueuedAt', 'offset'],
    [{ callId: 'a#b' }, 'callId', 'no spaces or #'],
  ])('rejects a bad call naming the field (%#)', (patch, path, message) => {
    const result = CallRecord.safeParse({
      kind: 'call',
      callId: 'C1',
      enqueuedAt: '2026-10-09T09:00:00+08:00',
      answeredAt: '2026-10-09T09:00:12+08:00',
      endedAt: '2026-10-09T09:03:00+08:00',
      ...patch,
    })
    expect(result.success).toBe(false)
    const issue = result.error?.issues.find((i) => i.path.join('.') === path)
    expect(issue?.message).toContain(message)
  })

  it.each([
    [{ type: 'onboarding' }, 'days'],
    [{ type: 'in_service' }, 'hours'],
    [{ type: 'exam' }, 'passed'],
  ])('requires the measure each training type needs (%o)', (patch, path) => {
    const result = TrainingRecord.safeParse({
      kind: 'training',
      staffId: 'S1',
      at: '2026-10-09T09:00:00+08:00',
      ...patch,
    })
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([path])
  })

  it('rejects an unknown kind', () => {
    expect(HotlineRecord.safeParse({ kind: 'fax' }).success).toBe(false)
  })
})

describe('RECORD_WRITERS', () => {
  it('names the writers of every stored kind, and keeps the agency viewer read-only', () => {
    const kinds = HotlineRecord.options.map((o) => o.shape.kind.value).filter((k) => k !== 'ticket_event')
    for (const kind of kinds)
      expect(RECORD_WRITERS[kind as keyof typeof RECORD_WRITERS].length).toBeGreaterThan(0)
    const all = Object.values(RECORD_WRITERS).flat() as string[]
    expect(all).not.toContain('agency_viewer')
    expect(RECORD_WRITERS.review).toEqual(['agency_reviewer'])
    expect(RECORD_WRITERS.facility_check).toEqual(['contractor'])
  })
})
