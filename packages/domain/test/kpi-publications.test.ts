import { describe, expect, it } from 'vitest'
import { createCalendar } from '../src/calendar'
import { formatPercent, perPointAmount, pointsBeyond } from '../src/fraction'
import { publishAccuracy } from '../src/kpi/publications'
import { type KpiContext, MAX_EVIDENCE_IDS } from '../src/kpi/types'
import { PublicationRecord } from '../src/records'
import { jiyuan2026 } from '../src/terms'

const ctx: KpiContext = { terms: jiyuan2026, calendar: createCalendar() }
const DAY = '2026-10-09'

type Channel = PublicationRecord['channel']

/** A publication at local time `at` (with its offset, as an export would carry it). */
function publication(
  publicationId: string,
  accurate: boolean,
  at = '2026-10-09T09:00:00+08:00',
  channel: Channel = 'wechat',
) {
  return PublicationRecord.parse({ kind: 'publication', publicationId, at, channel, accurate })
}

describe('§4.7 信息发布准确率 publish_accuracy', () => {
  it('worked check: a day with 1 inaccurate publication out of 3 → 66.67 %, met false', () => {
    const publications = [
      publication('p1', true, '2026-10-09T08:00:00+08:00', 'sms'),
      publication('p2', false, '2026-10-09T12:00:00+08:00', 'weibo'),
      publication('p3', true, '2026-10-09T18:00:00+08:00', 'website'),
    ]
    const result = publishAccuracy(publications, DAY, ctx)
    expect(result).toEqual({
      kpi: 'publish_accuracy',
      period: DAY,
      subject: null,
      value: { num: 2, den: 3 },
      target: { kind: 'min', bp: 10_000 },
      met: false,
      evidence: { ids: ['p2'], figures: { published: 3, accurate: 2, inaccurate: 1 } },
      termsVersion: 'jiyuan-2026@2026.1',
    })
    // The value feeds the deduction exactly: 33 whole points below 100 % → ¥6,600 (SPEC §5 worked check).
    const value = result.value ?? { num: 0, den: 1 }
    expect(formatPercent(value)).toBe('66.67%')
    expect(perPointAmount(pointsBeyond(value, 10_000, 'below'), 20_000, 'floor')).toBe(660_000)
  })

  it.each([
    { clause: '§4.7 达到100%: every publication accurate meets', accurate: 4, inaccurate: 0, met: true },
    { clause: '§4.7 达到100%: 99 of 100 accurate breaches', accurate: 99, inaccurate: 1, met: false },
    { clause: '§4.7 达到100%: none accurate', accurate: 0, inaccurate: 2, met: false },
  ])('$clause', ({ accurate, inaccurate, met }) => {
    const publications = [
      ...Array.from({ length: accurate }, (_, i) => publication(`ok${i}`, true)),
      ...Array.from({ length: inaccurate }, (_, i) => publication(`bad${i}`, false)),
    ]
    const result = publishAccuracy(publications, DAY, ctx)
    expect(result.value).toEqual({ num: accurate, den: accurate + inaccurate })
    expect(result.met).toBe(met)
    expect(result.evidence.figures).toEqual({ published: accurate + inaccurate, accurate, inaccurate })
    expect(result.evidence.ids).toEqual(Array.from({ length: inaccurate }, (_, i) => `bad${i}`))
  })

  it.each([
    {
      clause: 'SPEC §3 local day: 2026-10-09T16:30:00Z is published on 2026-10-10',
      at: '2026-10-09T16:30:00Z',
      day: '2026-10-10',
      counted: 1,
    },
    {
      clause: 'SPEC §3 local day: 2026-10-09T16:30:00Z is not on 2026-10-09',
      at: '2026-10-09T16:30:00Z',
      day: '2026-10-09',
      counted: 0,
    },
    {
      clause: 'SPEC §3 local day: 00:10+08:00 is on its local day',
      at: '2026-10-09T00:10:00+08:00',
      day: '2026-10-09',
      counted: 1,
    },
  ])('$clause', ({ at, day, counted }) => {
    const result = publishAccuracy([publication('p1', false, at)], day, ctx)
    expect(result.value).toEqual(counted ? { num: 0, den: 1 } : null)
    expect(result.evidence.ids).toEqual(counted ? ['p1'] : [])
  })

  it('SPEC §3 no data: no publications that day → value null, met null', () => {
    const result = publishAccuracy([publication('p1', false, '2026-10-08T09:00:00+08:00')], DAY, ctx)
    expect(result.value).toBeNull()
    expect(result.met).toBeNull()
    expect(result.evidence).toEqual({ ids: [], figures: { published: 0, accurate: 0, inaccurate: 0 } })
  })

  it('evidence ids are the inaccurate publications by time then id, capped at MAX_EVIDENCE_IDS', () => {
    const publications = [
      ...Array.from({ length: 60 }, (_, i) =>
        publication(
          `x${String(i).padStart(2, '0')}`,
          false,
          `2026-10-09T${String(10 + (i % 10)).padStart(2, '0')}:00:00+08:00`,
        ),
      ),
      publication('b', false, '2026-10-09T01:00:00+08:00'),
      publication('a', false, '2026-10-09T01:00:00+08:00'),
    ]
    const result = publishAccuracy(publications, DAY, ctx)
    expect(result.evidence.ids).toHaveLength(MAX_EVIDENCE_IDS)
    expect(result.evidence.ids.slice(0, 5)).toEqual(['a', 'b', 'x00', 'x10', 'x20'])
    expect(result.evidence.figures.inaccurate).toBe(62)
  })
})
