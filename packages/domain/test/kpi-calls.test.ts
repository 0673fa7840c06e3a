import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCalendar } from '../src/calendar'
import { agentWorkload, answer15s, CallDayTally, callKpis, classifyCall, connection } from '../src/kpi/calls'
import { type KpiContext, MAX_EVIDENCE_IDS } from '../src/kpi/types'
import { CallRecord } from '../src/records'
import { type ContractTerms, jiyuan2026 } from '../src/terms'
import { localDateOf } from '../src/time'

const ctx: KpiContext = { terms: jiyuan2026, calendar: createCalendar() }
const DAY = '2026-10-09'
/** 10:00 local on DAY, written with the +08:00 offset an export would carry. */
const BASE = '2026-10-09T10:00:00+08:00'

const at = (base: string, ms: number): string => new Date(Date.parse(base) + ms).toISOString()

type CallOpts = { start?: string; offsetMs?: number; agentId?: string | null; ivrOnly?: boolean }

/** A call answered `waitMs` after entering the queue, talking for a minute. */
function answered(callId: string, waitMs: number, opts: CallOpts = {}): CallRecord {
  const enqueuedAt = at(opts.start ?? BASE, opts.offsetMs ?? 0)
  return CallRecord.parse({
    kind: 'call',
    callId,
    enqueuedAt,
    answeredAt: at(enqueuedAt, waitMs),
    endedAt: at(enqueuedAt, waitMs + 60_000),
    agentId: opts.agentId === undefined ? 'A01' : opts.agentId,
    ...(opts.ivrOnly === undefined ? {} : { ivrOnly: opts.ivrOnly }),
  })
}

/** A call abandoned after waiting `waitMs` in the queue. */
function abandoned(callId: string, waitMs: number, opts: CallOpts = {}): CallRecord {
  const enqueuedAt = at(opts.start ?? BASE, opts.offsetMs ?? 0)
  return CallRecord.parse({
    kind: 'call',
    callId,
    enqueuedAt,
    answeredAt: null,
    endedAt: at(enqueuedAt, waitMs),
    agentId: null,
    ...(opts.ivrOnly === undefined ? {} : { ivrOnly: opts.ivrOnly }),
  })
}

const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(3, '0')}`
const range = (n: number) => Array.from({ length: n }, (_, i) => i)

/** Terms with the service-level options overridden. */
const withServiceLevel = (serviceLevel: Partial<ContractTerms['serviceLevel']>): KpiContext => ({
  ...ctx,
  terms: { ...jiyuan2026, serviceLevel: { ...jiyuan2026.serviceLevel, ...serviceLevel } },
})

describe('§4.5 应答及时率 answer_15s', () => {
  it('a day of 200 calls with 175 answered within 15 s is 175/200 = 87.50 % < 90 %: met false', () => {
    const calls = [
      ...range(175).map((i) => answered(id('in', i), 8_000, { offsetMs: i * 1000 })),
      ...range(25).map((i) => answered(id('late', i), 40_000, { offsetMs: (200 + i) * 1000 })),
    ]
    const result = answer15s(calls, DAY, ctx)
    expect(result).toEqual({
      kpi: 'answer_15s',
      period: DAY,
      subject: null,
      value: { num: 175, den: 200 },
      target: { kind: 'min', bp: 9000 },
      met: false,
      evidence: {
        ids: range(25).map((i) => id('late', i)),
        figures: {
          offered: 200,
          answeredWithin: 175,
          answeredLate: 25,
          abandoned: 0,
          shortAbandons: 0,
          ivrOnly: 0,
        },
      },
      termsVersion: 'jiyuan-2026@2026.1',
    })
  })

  it.each([
    { clause: '§4.5 ≥ 90%: exactly 90 % meets', within: 180, late: 20, met: true },
    { clause: '§4.5 < 90%: 179/200 breaches', within: 179, late: 21, met: false },
    { clause: '§4.5: all within', within: 10, late: 0, met: true },
  ])('$clause', ({ within, late, met }) => {
    const calls = [
      ...range(within).map((i) => answered(id('w', i), 1_000, { offsetMs: i })),
      ...range(late).map((i) => answered(id('l', i), 16_000, { offsetMs: 1000 + i })),
    ]
    const result = answer15s(calls, DAY, ctx)
    expect(result.value).toEqual({ num: within, den: within + late })
    expect(result.met).toBe(met)
  })

  it.each([
    { clause: '§4.5 15秒内应答: answered at exactly 15.000 s is within', waitMs: 15_000, within: 1 },
    { clause: '§4.5 15秒内应答: answered at 15.001 s is late', waitMs: 15_001, within: 0 },
    { clause: '§4.5: answered at 0 s is within', waitMs: 0, within: 1 },
  ])('$clause', ({ waitMs, within }) => {
    const result = answer15s([answered('c1', waitMs)], DAY, ctx)
    expect(result.value).toEqual({ num: within, den: 1 })
    expect(result.evidence.figures.answeredWithin).toBe(within)
    expect(result.evidence.figures.answeredLate).toBe(1 - within)
    expect(result.evidence.ids).toEqual(within ? [] : ['c1'])
  })

  it('§4.5 ÷ 总来电量: abandons stay in the denominator and are evidence', () => {
    const calls = [
      answered('c1', 5_000, { offsetMs: 0 }),
      answered('c2', 5_000, { offsetMs: 1_000 }),
      abandoned('c3', 2_000, { offsetMs: 2_000 }),
      abandoned('c4', 60_000, { offsetMs: 3_000 }),
    ]
    const result = answer15s(calls, DAY, ctx)
    expect(result.value).toEqual({ num: 2, den: 4 })
    expect(result.met).toBe(false)
    expect(result.evidence.ids).toEqual(['c3', 'c4'])
    expect(result.evidence.figures).toEqual({
      offered: 4,
      answeredWithin: 2,
      answeredLate: 0,
      abandoned: 2,
      shortAbandons: 0,
      ivrOnly: 0,
    })
  })

  it.each([
    {
      clause: 'SPEC §5 shortAbandonSeconds = 5: a 4.9 s abandon leaves the denominator',
      waitMs: 4_900,
      den: 1,
      short: 1,
    },
    { clause: 'SPEC §5 shortAbandonSeconds = 5: a 5 s abandon stays', waitMs: 5_000, den: 2, short: 0 },
    { clause: 'SPEC §5 shortAbandonSeconds = 5: a 0 s abandon leaves', waitMs: 0, den: 1, short: 1 },
  ])('$clause', ({ waitMs, den, short }) => {
    const five = withServiceLevel({ shortAbandonSeconds: 5 })
    const calls = [answered('c1', 3_000), abandoned('c2', waitMs, { offsetMs: 1 })]
    const result = answer15s(calls, DAY, five)
    expect(result.value).toEqual({ num: 1, den })
    expect(result.evidence.figures.shortAbandons).toBe(short)
    expect(result.evidence.ids).toEqual(short ? [] : ['c2'])
  })

  it('SPEC §5 default shortAbandonSeconds = 0: even a 0 s abandon stays in the denominator', () => {
    const result = answer15s([answered('c1', 3_000), abandoned('c2', 0, { offsetMs: 1 })], DAY, ctx)
    expect(result.value).toEqual({ num: 1, den: 2 })
    expect(result.evidence.figures.shortAbandons).toBe(0)
  })

  it.each([
    {
      clause: 'SPEC §5 IVR-only: an answered-looking IVR-only call is not offered',
      call: answered('ivr', 1_000, { ivrOnly: true }),
    },
    {
      clause: 'SPEC §5 IVR-only: an IVR-only hang-up is not an abandon',
      call: abandoned('ivr', 90_000, { ivrOnly: true }),
    },
  ])('$clause', ({ call }) => {
    const calls = [answered('c1', 20_000, { offsetMs: 5 }), call]
    const result = answer15s(calls, DAY, ctx)
    expect(result.value).toEqual({ num: 0, den: 1 })
    expect(result.evidence.figures.ivrOnly).toBe(1)
    expect(result.evidence.ids).toEqual(['c1'])
    const only = answer15s([call], DAY, ctx)
    expect(only.value).toBeNull()
    expect(only.met).toBeNull()
  })

  it('SPEC §5 IVR-only: ivrOnly false is an ordinary call', () => {
    const result = answer15s([answered('c1', 1_000, { ivrOnly: false })], DAY, ctx)
    expect(result.value).toEqual({ num: 1, den: 1 })
    expect(result.evidence.figures.ivrOnly).toBe(0)
  })

  it.each([
    {
      clause: 'SPEC §3 local day: 2026-10-09T16:30:00Z is 00:30 on 2026-10-10',
      start: '2026-10-09T16:30:00Z',
      day: '2026-10-10',
      count: 1,
    },
    {
      clause: 'SPEC §3 local day: 2026-10-09T16:30:00Z is not on 2026-10-09',
      start: '2026-10-09T16:30:00Z',
      day: '2026-10-09',
      count: 0,
    },
    {
      clause: 'SPEC §3 local day: 23:59:59.999+08:00 stays on its day',
      start: '2026-10-09T23:59:59.999+08:00',
      day: '2026-10-09',
      count: 1,
    },
    {
      clause: 'SPEC §3 local day: 00:00+08:00 starts the next day',
      start: '2026-10-10T00:00:00+08:00',
      day: '2026-10-10',
      count: 1,
    },
    {
      clause: 'SPEC §3 local day: 2026-10-09T15:59:59Z is still 2026-10-09',
      start: '2026-10-09T15:59:59Z',
      day: '2026-10-09',
      count: 1,
    },
  ])('$clause', ({ start, day, count }) => {
    const result = answer15s([answered('c1', 1_000, { start })], day, ctx)
    expect(result.value).toEqual(count ? { num: 1, den: 1 } : null)
    expect(result.period).toBe(day)
  })

  it('SPEC §5 the clock starts at queue entry: a call answered after midnight counts on its queue day', () => {
    const calls = [answered('c1', 12_000, { start: '2026-10-09T23:59:55+08:00' })]
    expect(answer15s(calls, '2026-10-09', ctx).value).toEqual({ num: 1, den: 1 })
    expect(answer15s(calls, '2026-10-10', ctx).value).toBeNull()
  })

  it('SPEC §3 no data: no calls → value null, met null (never a breach)', () => {
    const result = answer15s([], DAY, ctx)
    expect(result.value).toBeNull()
    expect(result.met).toBeNull()
    expect(result.target).toEqual({ kind: 'min', bp: 9000 })
    expect(result.evidence).toEqual({
      ids: [],
      figures: { offered: 0, answeredWithin: 0, answeredLate: 0, abandoned: 0, shortAbandons: 0, ivrOnly: 0 },
    })
  })

  it('evidence ids are sorted by queue entry then call id and capped at MAX_EVIDENCE_IDS', () => {
    const calls = [
      ...range(60).map((i) => abandoned(id('z', i), 30_000, { offsetMs: (60 - i) * 1000 })),
      abandoned('b', 30_000, { offsetMs: 0 }),
      abandoned('a', 30_000, { offsetMs: 0 }),
    ]
    const result = answer15s(calls, DAY, ctx)
    expect(result.evidence.ids).toHaveLength(MAX_EVIDENCE_IDS)
    expect(result.evidence.ids.slice(0, 4)).toEqual(['a', 'b', 'z059', 'z058'])
    expect(result.evidence.figures.abandoned).toBe(62)
  })

  it('input order does not change the result', () => {
    const calls = [abandoned('c2', 30_000, { offsetMs: 2 }), answered('c1', 20_000, { offsetMs: 1 })]
    expect(answer15s(calls, DAY, ctx)).toEqual(answer15s([...calls].reverse(), DAY, ctx))
    expect(answer15s(calls, DAY, ctx).evidence.ids).toEqual(['c1', 'c2'])
  })

  it('a malformed date is an error, not a silent no-data day', () => {
    expect(() => answer15s([], '2026-10', ctx)).toThrow(RangeError)
  })
})

describe('§4.4 接通率 connection', () => {
  it.each([
    { clause: '§4.4 ≥ 95%: 95 answered of 100 offered meets', answeredN: 95, abandonedN: 5, met: true },
    { clause: '§4.4 < 95%: 94 answered of 100 offered breaches', answeredN: 94, abandonedN: 6, met: false },
    { clause: '§4.4: every call answered', answeredN: 3, abandonedN: 0, met: true },
  ])('$clause', ({ answeredN, abandonedN, met }) => {
    const calls = [
      ...range(answeredN).map((i) => answered(id('a', i), 30_000, { offsetMs: i })),
      ...range(abandonedN).map((i) => abandoned(id('x', i), 30_000, { offsetMs: 1000 + i })),
    ]
    const result = connection(calls, DAY, ctx)
    expect(result.kpi).toBe('connection')
    expect(result.value).toEqual({ num: answeredN, den: answeredN + abandonedN })
    expect(result.target).toEqual({ kind: 'min', bp: 9500 })
    expect(result.met).toBe(met)
    expect(result.evidence.ids).toEqual(range(abandonedN).map((i) => id('x', i)))
  })

  it('§4.4 a late answer is still connected; short abandons and IVR-only calls are not offered', () => {
    const five = withServiceLevel({ shortAbandonSeconds: 5 })
    const calls = [
      answered('late', 120_000, { offsetMs: 0 }),
      answered('fast', 1_000, { offsetMs: 1 }),
      abandoned('short', 4_999, { offsetMs: 2 }),
      abandoned('long', 5_000, { offsetMs: 3 }),
      answered('ivr', 0, { offsetMs: 4, ivrOnly: true }),
    ]
    const result = connection(calls, DAY, five)
    expect(result).toEqual({
      kpi: 'connection',
      period: DAY,
      subject: null,
      value: { num: 2, den: 3 },
      target: { kind: 'min', bp: 9500 },
      met: false,
      evidence: {
        ids: ['long'],
        figures: { offered: 3, answered: 2, abandoned: 1, shortAbandons: 1, ivrOnly: 1 },
      },
      termsVersion: 'jiyuan-2026@2026.1',
    })
  })

  it('SPEC §3 no data: no calls → value null, met null', () => {
    const result = connection(
      [answered('other-day', 1_000, { start: '2026-10-08T12:00:00+08:00' })],
      DAY,
      ctx,
    )
    expect(result.value).toBeNull()
    expect(result.met).toBeNull()
  })
})

describe('§4.4 话员每天工作量 agent_workload', () => {
  const agentCalls = (agentId: string, n: number, offset: number) =>
    range(n).map((i) =>
      answered(`${agentId}-${String(i).padStart(3, '0')}`, 2_000, { agentId, offsetMs: offset + i }),
    )

  it.each([
    { clause: '§4.4 不少于70个电话: exactly 70 meets', n: 70, met: true },
    { clause: '§4.4 不少于70个电话: 69 does not', n: 69, met: false },
    { clause: '§4.4 不少于70个电话: 1 call is a day worked, far below', n: 1, met: false },
  ])('$clause', ({ n, met }) => {
    const [result, ...rest] = agentWorkload(agentCalls('A07', n, 0), DAY, ctx)
    expect(rest).toEqual([])
    expect(result).toEqual({
      kpi: 'agent_workload',
      period: DAY,
      subject: 'A07',
      value: { num: n, den: 1 },
      target: { kind: 'minCount', count: 70 },
      met,
      evidence: {
        ids: range(Math.min(n, MAX_EVIDENCE_IDS)).map((i) => `A07-${String(i).padStart(3, '0')}`),
        figures: { answered: n, minCallsPerAgentDay: 70, shortfall: Math.max(0, 70 - n) },
      },
      termsVersion: 'jiyuan-2026@2026.1',
    })
  })

  it('§4.4 one result per agent who worked that day, sorted by agent id; unattributed and unanswered calls ignored', () => {
    const calls = [
      ...agentCalls('B02', 71, 0),
      ...agentCalls('A01', 3, 100),
      answered('anon', 1_000, { agentId: null, offsetMs: 200 }),
      abandoned('gone', 30_000, { offsetMs: 201 }),
      answered('C03-other-day', 1_000, { agentId: 'C03', start: '2026-10-10T09:00:00+08:00' }),
    ]
    const results = agentWorkload(calls, DAY, ctx)
    expect(results.map((r) => [r.subject, r.value, r.met])).toEqual([
      ['A01', { num: 3, den: 1 }, false],
      ['B02', { num: 71, den: 1 }, true],
    ])
  })

  it('§4.4 late answers count as handled calls; IVR-only calls do not', () => {
    const calls = [
      answered('c1', 300_000, { agentId: 'A01' }),
      answered('c2', 0, { agentId: 'A01', offsetMs: 1, ivrOnly: true }),
    ]
    const results = agentWorkload(calls, DAY, ctx)
    expect(results.map((r) => [r.subject, r.value])).toEqual([['A01', { num: 1, den: 1 }]])
  })

  it('no calls → no agent-day results', () => {
    expect(agentWorkload([], DAY, ctx)).toEqual([])
  })
})

describe('classifyCall: one call against the service level (the KPIs and the call lookup share it)', () => {
  const level = jiyuan2026.serviceLevel

  it('answered at exactly the threshold is within it; one millisecond more is late', () => {
    expect(classifyCall(answered('w', 15_000), level)).toBe('answeredWithin')
    expect(classifyCall(answered('l', 15_001), level)).toBe('answeredLate')
  })

  it('an unanswered call is abandoned, or a short abandon below shortAbandonSeconds', () => {
    expect(classifyCall(abandoned('a', 4_000), level)).toBe('abandoned')
    const lenient = { ...level, shortAbandonSeconds: 5 }
    expect(classifyCall(abandoned('s', 4_999), lenient)).toBe('shortAbandon')
    expect(classifyCall(abandoned('a5', 5_000), lenient)).toBe('abandoned')
  })

  it('an IVR-only call is ivrOnly only when the terms exclude it', () => {
    const ivr = abandoned('i', 1_000, { ivrOnly: true })
    expect(classifyCall(ivr, level)).toBe('ivrOnly')
    expect(classifyCall(ivr, { ...level, excludeIvrOnly: false })).toBe('abandoned')
  })

  it('counts the same way answer15s does: its late and abandoned calls are its evidence', () => {
    const calls = [
      answered('c1', 3_000),
      answered('c2', 20_000, { offsetMs: 1 }),
      abandoned('c3', 9_000, { offsetMs: 2 }),
    ]
    const late = calls.filter((c) => ['answeredLate', 'abandoned'].includes(classifyCall(c, level)))
    expect(answer15s(calls, DAY, ctx).evidence.ids).toEqual(late.map((c) => c.callId))
  })
})

describe('callKpis: the three call KPIs of a day from one classification', () => {
  it('equals answer15s, connection and agentWorkload computed one by one', () => {
    const calls = [
      ...range(30).map((i) =>
        answered(id('w', i), 2_000 + i * 500, { offsetMs: i * 7, agentId: `A${i % 4}` }),
      ),
      ...range(6).map((i) => abandoned(id('a', i), 8_000 + i * 1_000, { offsetMs: 400 + i })),
      answered('next-day', 1_000, { offsetMs: 20 * 3_600_000 }),
    ]
    expect(callKpis(calls, DAY, ctx)).toEqual([
      answer15s(calls, DAY, ctx),
      connection(calls, DAY, ctx),
      ...agentWorkload(calls, DAY, ctx),
    ])
  })
})

describe('CallDayTally: the call KPIs call by call, in any order, as sorting the whole day gives them', () => {
  /** The whole day classified and sorted in queue order, then counted: how the KPIs were first computed. */
  const reference = (calls: readonly CallRecord[], date: string, context: KpiContext) => {
    const level = context.terms.serviceLevel
    const day = calls
      .map((call, i) => ({ call, i, t: Date.parse(call.enqueuedAt) }))
      .filter(({ call }) => localDateOf(call.enqueuedAt) === date)
      .sort(
        (a, b) =>
          a.t - b.t || (a.call.callId < b.call.callId ? -1 : a.call.callId > b.call.callId ? 1 : a.i - b.i),
      )
      .map(({ call }) => ({ call, cls: classifyCall(call, level) }))
    const ids = (classes: string[]) =>
      day
        .filter(({ cls }) => classes.includes(cls))
        .map(({ call }) => call.callId)
        .slice(0, MAX_EVIDENCE_IDS)
    const byAgent = new Map<string, string[]>()
    for (const { call, cls } of day) {
      if ((cls === 'answeredWithin' || cls === 'answeredLate') && call.agentId) {
        byAgent.set(call.agentId, [...(byAgent.get(call.agentId) ?? []), call.callId])
      }
    }
    return {
      late: ids(['answeredLate', 'abandoned']),
      abandoned: ids(['abandoned']),
      agents: [...byAgent]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([a, list]) => [a, list.length, list.slice(0, MAX_EVIDENCE_IDS)]),
      counts: Object.fromEntries(
        ['ivrOnly', 'shortAbandon', 'answeredWithin', 'answeredLate', 'abandoned'].map((c) => [
          c,
          day.filter((d) => d.cls === c).length,
        ]),
      ),
    }
  }
  const call = fc
    .record({
      id: fc.integer({ min: 0, max: 400 }),
      // From 23:00 the day before to 01:00 the day after, on a coarse grid: ties in time are common.
      entry: fc.integer({ min: -60, max: 25 * 60 }),
      answerAfter: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
      length: fc.integer({ min: 0, max: 300 }),
      agent: fc.option(fc.constantFrom('A1', 'A2', 'A3', 'B1'), { nil: null }),
      ivrOnly: fc.boolean(),
    })
    .map(({ id, entry, answerAfter, length, agent, ivrOnly }): CallRecord => {
      const enqueued = Date.parse('2026-10-09T00:00:00+08:00') + entry * 60_000
      const answered = answerAfter === null ? null : enqueued + answerAfter * 1000
      return {
        kind: 'call',
        callId: `c${id}`,
        enqueuedAt: new Date(enqueued).toISOString(),
        answeredAt: answered === null ? null : new Date(answered).toISOString(),
        endedAt: new Date((answered ?? enqueued) + length * 1000).toISOString(),
        agentId: agent,
        ...(ivrOnly ? { ivrOnly: true } : {}),
      }
    })

  it('gives the same counts and the same first calls as evidence, whatever the order and the ties', () => {
    fc.assert(
      fc.property(fc.array(call, { maxLength: 300 }), fc.constantFrom(0, 5), (calls, shortAbandonSeconds) => {
        const context = withServiceLevel({ shortAbandonSeconds })
        const tally = new CallDayTally(DAY, context)
        for (const c of calls) tally.add(c)
        const expected = reference(calls, DAY, context)
        const [a15, conn, ...agents] = tally.results()
        expect(a15?.evidence.ids).toEqual(expected.late)
        expect(conn?.evidence.ids).toEqual(expected.abandoned)
        expect(agents.map((r) => [r.subject, r.value?.num, r.evidence.ids])).toEqual(expected.agents)
        expect(a15?.evidence.figures).toMatchObject({
          answeredWithin: expected.counts.answeredWithin,
          answeredLate: expected.counts.answeredLate,
          abandoned: expected.counts.abandoned,
          shortAbandons: expected.counts.shortAbandon,
          ivrOnly: expected.counts.ivrOnly,
        })
        expect(callKpis(calls, DAY, context)).toEqual(tally.results())
      }),
      { numRuns: 300 },
    )
  })
})
