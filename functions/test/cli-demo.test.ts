/**
 * `pnpm hotline demo`: the generated month (2026-10, seed 42, scale 1) is valid SPEC §9, reproducible,
 * in time order, shaped by the calendar (National Day, 调休), and has the breaches the KPI jobs
 * should find — checked with the domain's own calculators.
 */
import {
  answer15s,
  type CallRecord,
  checkTransition,
  connection,
  createCalendar,
  datesOfMonth,
  epochMs,
  HotlineRecord,
  jiyuan2026,
  localDateOf,
  satisfaction,
  serviceErrors,
  type TicketEventRecord,
  type TicketStatus,
  trainingInService,
} from '@hotline/domain'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateDemoMonth, planDemoMonth } from '../src/cli/demo'

const ctx = { terms: jiyuan2026, calendar: createCalendar() }
const MONTH = '2026-10'
const HOLIDAY = [
  '2026-10-01',
  '2026-10-02',
  '2026-10-03',
  '2026-10-04',
  '2026-10-05',
  '2026-10-06',
  '2026-10-07',
]

let lines: string[]
let records: HotlineRecord[]
let generatedMs: number
const ofKind = <K extends HotlineRecord['kind']>(kind: K) =>
  records.filter((r): r is Extract<HotlineRecord, { kind: K }> => r.kind === kind)

beforeAll(() => {
  const started = performance.now()
  lines = generateDemoMonth({ month: MONTH, seed: 42, scale: 1 }).map((r) => JSON.stringify(r))
  generatedMs = performance.now() - started
  // As the import reads them: each line parsed with the schema (instants normalized to UTC).
  records = lines.map((line) => HotlineRecord.parse(JSON.parse(line)))
}, 60_000)

describe('generateDemoMonth', () => {
  it('writes only valid SPEC §9 records, with instants at +08:00, in a few seconds', () => {
    for (const [i, line] of lines.entries()) {
      const parsed = HotlineRecord.safeParse(JSON.parse(line))
      if (!parsed.success) expect.fail(`line ${i + 1}: ${parsed.error.message}`)
      expect(line.startsWith('{"kind":')).toBe(true)
    }
    expect(lines[0]).toMatch(/"at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00"/)
    expect(generatedMs).toBeLessThan(10_000)
  })

  it('is reproducible: the same seed gives the same bytes, another seed another month', () => {
    const again = generateDemoMonth({ month: MONTH, seed: 42, scale: 1 }).map((r) => JSON.stringify(r))
    expect(again.join('\n') === lines.join('\n')).toBe(true)
    const other = generateDemoMonth({ month: MONTH, seed: 7, scale: 1 }).map((r) => JSON.stringify(r))
    expect(other.join('\n') === lines.join('\n')).toBe(false)
  })

  it('is in time order', () => {
    const times = records.map((r) => epochMs(r.kind === 'call' ? r.enqueuedAt : r.at))
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] ?? 0)
    // Nothing after the month; before it only staff, training and the lead-in day's tickets.
    expect(times.at(-1)).toBeLessThan(Date.parse('2026-11-01T00:00:00+08:00'))
    const before = records.filter((r) => r.kind !== 'call' && r.at < '2026-09-30T16:00:00.000Z')
    expect(new Set(before.map((r) => r.kind))).toEqual(new Set(['staff_event', 'training', 'ticket_event']))
    const earlyTickets = before.filter((r) => r.kind === 'ticket_event')
    expect(earlyTickets.every((r) => localDateOf(r.at) === '2026-09-30')).toBe(true)
  })

  it('has the volumes of a mid-size city: ~800 calls a working day, fewer on weekends and National Day', () => {
    const calls = ofKind('call')
    const perDay = new Map<string, number>()
    for (const c of calls)
      perDay.set(localDateOf(c.enqueuedAt), (perDay.get(localDateOf(c.enqueuedAt)) ?? 0) + 1)
    const dates = datesOfMonth(MONTH)
    const working = dates.filter((d) => ctx.calendar.isWorkingDay(d))
    expect(working).toContain('2026-10-10') // 调休: a Saturday that works
    const mean = (ds: string[]) => ds.reduce((s, d) => s + (perDay.get(d) ?? 0), 0) / ds.length
    expect(mean(working)).toBeGreaterThan(700)
    expect(mean(working)).toBeLessThan(900)
    for (const d of HOLIDAY) expect(perDay.get(d) ?? 0).toBeLessThan(0.6 * mean(working))
    expect(perDay.get('2026-10-10') ?? 0).toBeGreaterThan(perDay.get('2026-10-11') ?? 0)
    expect(mean(['2026-10-17', '2026-10-18', '2026-10-24', '2026-10-25'])).toBeLessThan(0.75 * mean(working))

    const ivrOnly = calls.filter((c) => c.ivrOnly === true).length / calls.length
    expect(ivrOnly).toBeGreaterThan(0.06)
    expect(ivrOnly).toBeLessThan(0.1)
    const agents = new Set(calls.map((c) => c.agentId).filter((a) => a != null))
    expect(agents.size).toBeGreaterThanOrEqual(28)
    expect([...agents].every((a) => /^A\d\d$/.test(String(a)))).toBe(true)

    expect(calls.length).toBeGreaterThan(17_000)
    expect(calls.length).toBeLessThan(23_000)
    const received = ofKind('ticket_event').filter((e) => e.type === 'received')
    const online = received.filter((e) => e.channel !== 'phone' && e.at >= '2026-09-30T16:00:00.000Z')
    expect(online.length / 31).toBeGreaterThan(45)
    expect(online.length / 31).toBeLessThan(75)
    const answered = calls.filter((c) => c.answeredAt !== null).length
    const phone = received.filter((e) => e.channel === 'phone' && e.at >= '2026-09-30T16:00:00.000Z')
    expect(phone.length / answered).toBeGreaterThan(0.22)
    expect(phone.length / answered).toBeLessThan(0.28)
    const publications = ofKind('publication')
    expect(publications.length).toBeGreaterThanOrEqual(2 * 31)
    expect(publications.length).toBeLessThanOrEqual(6 * 31)
    expect(publications.filter((p) => !p.accurate).length).toBeGreaterThanOrEqual(1)
    expect(ofKind('incident').length).toBeGreaterThanOrEqual(1)
    expect(ofKind('incident').length).toBeLessThanOrEqual(3)
    expect(ofKind('incident').some((i) => i.type === 'complaint' && i.verified)).toBe(true)
  })

  it('gives every ticket a life in lifecycle order, each event later than the one before', () => {
    const byTicket = new Map<string, TicketEventRecord[]>()
    for (const e of ofKind('ticket_event')) {
      const list = byTicket.get(e.ticketId)
      if (list) list.push(e)
      else byTicket.set(e.ticketId, [e])
    }
    expect(byTicket.size).toBeGreaterThan(5000)
    let complete = 0
    for (const [ticketId, events] of byTicket) {
      let status: TicketStatus | null = null
      events.forEach((e, i) => {
        if (i > 0) expect(epochMs(e.at), ticketId).toBeGreaterThan(epochMs(events[i - 1]?.at ?? ''))
        // A ticket from before the month may start mid-story (lenient), never out of order after that.
        const check = checkTransition(status, e.type, { lenient: i === 0 })
        if (!check.ok) expect.fail(`${ticketId}: ${e.type} after ${status}`)
        status = check.status
      })
      if (events[0]?.type === 'received' && events.at(-1)?.type === 'closed') complete++
    }
    expect(complete).toBeGreaterThan(0.6 * byTicket.size)
    const types = new Set(ofKind('ticket_event').map((e) => e.type))
    expect(types).toEqual(
      new Set(['received', 'transferred', 'returned', 'replied', 'callback_done', 'closed']),
    )
  })

  it('has transfers late across National Day: a ticket received 09-30 afternoon transferred after 10-08 (§4.3)', () => {
    const results = serviceErrors(ofKind('ticket_event'), ctx, '2026-11-01T00:00:00+08:00')
    const lateFromEve = results.filter(
      (r) =>
        r.kpi === 'service_error.transfer' &&
        r.met === false &&
        String(r.evidence.figures.startedAt) >= '2026-09-30T04:00:00.000Z' && // 12:00 +08:00
        String(r.evidence.figures.startedAt) < '2026-09-30T16:00:00.000Z' &&
        r.evidence.figures.due === '2026-10-08T16:00:00.000Z',
    )
    expect(lateFromEve.length).toBeGreaterThanOrEqual(1)
    // Late ones exist, but most clocks stop in time.
    const breaches = results.filter((r) => r.met === false)
    expect(breaches.length).toBeGreaterThan(10)
    expect(breaches.length).toBeLessThan(0.05 * results.length)
    for (const kpi of ['service_error.transfer', 'service_error.return', 'service_error.callback']) {
      expect(
        breaches.some((r) => r.kpi === kpi),
        kpi,
      ).toBe(true)
    }
  })

  it('misses the 15-second answer target (§4.5) on 3–5 days and the connection target (§4.4) on 1–2', () => {
    const calls = ofKind('call') as CallRecord[]
    const dates = datesOfMonth(MONTH)
    const answerBreaches = dates.filter((d) => answer15s(calls, d, ctx).met === false)
    const connectionBreaches = dates.filter((d) => connection(calls, d, ctx).met === false)
    expect(answerBreaches.length).toBeGreaterThanOrEqual(3)
    expect(answerBreaches.length).toBeLessThanOrEqual(5)
    expect(connectionBreaches.length).toBeGreaterThanOrEqual(1)
    expect(connectionBreaches.length).toBeLessThanOrEqual(2)
    const plan = planDemoMonth({ month: MONTH, seed: 42 })
    expect(answerBreaches).toEqual(plan.answerBreachDays)
    expect(connectionBreaches).toEqual(plan.connectionBreachDays)
    expect(answerBreaches).toContain('2026-10-08') // the first day back after the holiday
  })

  it('has ratings around 95 % satisfied, staff coming and going, and training mostly complete', () => {
    const s = satisfaction(ofKind('rating'), MONTH, ctx)
    const rate = (s.value?.num ?? 0) / (s.value?.den ?? 1)
    expect(rate).toBeGreaterThan(0.93)
    expect(rate).toBeLessThan(0.98)

    const staff = ofKind('staff_event')
    const inMonth = staff.filter((e) => localDateOf(e.at).startsWith(MONTH))
    const left = inMonth.filter((e) => e.type === 'left')
    const joined = inMonth.filter((e) => e.type === 'joined')
    expect(left.length).toBeGreaterThanOrEqual(1)
    expect(left.length).toBeLessThanOrEqual(3)
    expect(joined.length).toBeGreaterThanOrEqual(1)
    expect(joined.length).toBeLessThanOrEqual(2)
    expect(staff.some((e) => e.role === 'ops')).toBe(true)

    const inService = trainingInService({ trainings: ofKind('training'), staffEvents: staff }, MONTH, ctx)
    const short = inService.filter((r) => r.met === false)
    expect(short.length).toBeGreaterThanOrEqual(1)
    expect(short.length).toBeLessThanOrEqual(3)
    expect(inService.length - short.length).toBeGreaterThan(20)
    for (const j of joined) {
      const types = ofKind('training')
        .filter((t) => t.staffId === j.staffId && t.at < j.at)
        .map((t) => t.type)
      expect(types).toEqual(['onboarding', 'exam', 'practice'])
    }
    const checks = ofKind('facility_check')
    expect(checks.some((c) => c.type === 'safety')).toBe(true)
    expect(checks.some((c) => c.type === 'cleaning')).toBe(true)
  })

  it('scales and refuses a bad month', () => {
    const small = generateDemoMonth({ month: MONTH, seed: 42, scale: 0.1 })
    const calls = small.filter((r) => r.kind === 'call').length
    expect(calls).toBeGreaterThan(1700)
    expect(calls).toBeLessThan(2300)
    expect(() => generateDemoMonth({ month: '2026-13', seed: 1 })).toThrow()
    expect(() => generateDemoMonth({ month: MONTH, scale: 0 })).toThrow(/scale/)
  })
})
