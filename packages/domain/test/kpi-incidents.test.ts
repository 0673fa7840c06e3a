import { describe, expect, it } from 'vitest'
import { createCalendar } from '../src/calendar'
import { verifiedIncidents } from '../src/kpi/incidents'
import type { KpiContext } from '../src/kpi/types'
import type { IncidentRecord, IncidentType } from '../src/records'
import { jiyuan2026 } from '../src/terms'
import { toInstant } from '../src/time'

const ctx: KpiContext = { terms: jiyuan2026, calendar: createCalendar() }

const incident = (incidentId: string, type: IncidentType, at: string, verified = true): IncidentRecord => ({
  kind: 'incident',
  incidentId,
  type,
  at: toInstant(at),
  verified,
})

describe('verified incidents (一经查实): each verified one is a breach of its clause', () => {
  it.each<[string, IncidentType, string]>([
    ['§4.2 投诉', 'complaint', 'complaint'],
    ['§4.9 保密', 'confidentiality', 'confidentiality'],
    ['§4.10 上级检查或暗访通报', 'inspection', 'inspection'],
    ['§4.6 微平台', 'micro_platform', 'micro_platform'],
    ['§4.11 应急事件', 'emergency', 'emergency_report'],
  ])('%s: type %s → kpi %s', (_clause, type, kpi) => {
    expect(verifiedIncidents([incident('I-1', type, '2026-10-09T02:00:00Z')], ctx)).toEqual([
      {
        kpi,
        period: '2026-10-09',
        subject: 'I-1',
        value: null,
        target: null,
        met: false,
        evidence: { ids: ['I-1'], figures: { type, at: '2026-10-09T02:00:00.000Z' } },
        termsVersion: 'jiyuan-2026@2026.1',
      },
    ])
  })

  it('ignores unverified incidents', () => {
    expect(
      verifiedIncidents(
        [
          incident('I-1', 'complaint', '2026-10-09T02:00:00Z', false),
          incident('I-2', 'inspection', '2026-10-10T02:00:00Z', false),
        ],
        ctx,
      ),
    ).toEqual([])
  })

  it('keeps one result per incident id, at its earliest verified record', () => {
    const results = verifiedIncidents(
      [
        incident('I-1', 'complaint', '2026-10-12T02:00:00Z', true),
        incident('I-1', 'complaint', '2026-10-08T02:00:00Z', false), // the report, before verification
        incident('I-1', 'complaint', '2026-10-10T02:00:00Z', true),
      ],
      ctx,
    )
    expect(results.map((r) => [r.subject, r.period, r.evidence.figures.at])).toEqual([
      ['I-1', '2026-10-10', '2026-10-10T02:00:00.000Z'],
    ])
  })

  it('orders by time, then incident id', () => {
    const results = verifiedIncidents(
      [
        incident('I-3', 'confidentiality', '2026-10-09T05:00:00Z'),
        incident('I-2', 'complaint', '2026-10-09T02:00:00Z'),
        incident('I-1', 'inspection', '2026-10-09T05:00:00Z'),
      ],
      ctx,
    )
    expect(results.map((r) => r.subject)).toEqual(['I-2', 'I-1', 'I-3'])
  })

  const inOctober = [
    incident('I-sep', 'complaint', '2026-09-30T15:59:00Z'), // local Sep 30 23:59
    incident('I-oct1', 'complaint', '2026-09-30T16:00:00Z'), // local Oct 1 00:00
    incident('I-oct31', 'inspection', '2026-10-31T15:59:00Z'), // local Oct 31 23:59
    incident('I-nov', 'inspection', '2026-10-31T16:00:00Z'), // local Nov 1 00:00
    incident('I-unv', 'complaint', '2026-10-15T02:00:00Z', false),
  ]
  it.each<[string, { from: string; to: string } | undefined, string[]]>([
    ['October by local date', { from: '2026-10-01', to: '2026-10-31' }, ['I-oct1', 'I-oct31']],
    ['a single day', { from: '2026-10-01', to: '2026-10-01' }, ['I-oct1']],
    ['no range: every verified incident', undefined, ['I-sep', 'I-oct1', 'I-oct31', 'I-nov']],
    ['an empty range (from after to)', { from: '2026-10-31', to: '2026-10-01' }, []],
  ])('range filter — %s', (_name, range, subjects) => {
    expect(verifiedIncidents(inOctober, ctx, range).map((r) => r.subject)).toEqual(subjects)
  })

  it('refuses a malformed range', () => {
    expect(() => verifiedIncidents(inOctober, ctx, { from: '2026-10', to: '2026-10-31' })).toThrow(RangeError)
  })
})
