/**
 * `pnpm hotline demo`: a realistic, reproducible month of a mid-size Chinese city's 12345 hotline
 * as SPEC §9 records, in time order — calls, tickets with their whole lifecycle, ratings, staff,
 * publications, incidents, facility checks and training. Pure: the same month, seed and scale give
 * the same records, byte for byte once written.
 *
 * The month is shaped so the KPI jobs have something to find: a few days whose queue waits break
 * the 15-second answer target (one or two of them the connection target too), transfers late
 * across a long holiday and a forgotten adjusted working day (调休), late returns and callbacks, a
 * worse week of ratings, an inaccurate publication, a week missing a facility check, agents short
 * of in-service hours, a joiner short of practice before first duty, leavers, a verified complaint.
 */
import {
  addDays,
  type Calendar,
  type CallRecord,
  type Channel,
  createCalendar,
  datesOfIsoWeek,
  datesOfMonth,
  deadline,
  type FacilityCheckRecord,
  type HotlineRecord,
  type IncidentRecord,
  isoWeekday,
  isoWeekOf,
  jiyuan2026,
  type LocalDate,
  MonthSchema,
  nextWorkingDay,
  type PeriodSpec,
  type PublicationRecord,
  type RatingRecord,
  type StaffEventRecord,
  type TicketEventRecord,
  type TrainingRecord,
} from '@hotline/domain'
import {
  ANSWERED_ON_THE_SPOT,
  CALL_PROFILE,
  DEPARTMENTS,
  EMERGENCIES,
  ONLINE_CHANNELS,
  ONLINE_PROFILE,
  PUBLICATION_CHANNELS,
  PUBLICATION_TITLES,
  personName,
  REPLY_NOTES,
  RETURN_REASONS,
} from './demo-data'
import { type Rng, rngFor } from './prng'

export type DemoOptions = {
  /** `YYYY-MM`. */
  month: string
  /** Any integer; default 42. */
  seed?: number
  /** Volume multiplier: 1 ≈ 800 calls on a working day. Default 1. */
  scale?: number
  /** Default: the built-in calendar (2025, 2026). */
  calendar?: Calendar
}

/** What was engineered into the month, for the summary the CLI prints and for tests. */
export type DemoPlan = {
  month: string
  seed: number
  scale: number
  /** Days whose queue waits were made long enough to miss §4.5 (answer within 15 s ≥ 90 %). */
  answerBreachDays: LocalDate[]
  /** Of those, the days also made to miss §4.4 (connection ≥ 95 %). */
  connectionBreachDays: LocalDate[]
  /** ISO weeks whose ratings were made worse. */
  worseRatingWeeks: string[]
  /** Days with an inaccurate publication. */
  inaccuratePublicationDays: LocalDate[]
  /** The week and type of the missing facility check. */
  missingCheck: { week: string; type: 'safety' | 'cleaning' } | null
  leavers: { staffId: string; date: LocalDate }[]
  joiners: { staffId: string; date: LocalDate; practiceDays: number }[]
  /** Agents given fewer than 16 in-service hours. */
  shortInService: string[]
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const OFFSET = 8 * HOUR

/** Calls on a working day at scale 1, and online submissions (SMS, web, WeChat, mini-program). */
const CALLS_PER_WORKING_DAY = 800
const ONLINE_PER_DAY = 60
const IVR_ONLY_SHARE = 0.08
const PHONE_TICKET_SHARE = 0.25
/** Agents on the phones per shift: early 07–15, late 15–23, night 23–07. */
const ROSTER = { working: [6, 4, 1], resting: [4, 3, 1] } as const
const AGENT_POOL = 30
const OPS_STAFF = 4

const localDate = (ms: number): LocalDate => new Date(ms + OFFSET).toISOString().slice(0, 10)
const dayStart = (date: LocalDate): number => Date.parse(`${date}T00:00:00Z`) - OFFSET
const clockOf = (ms: number): number => (((ms + OFFSET) % DAY) + DAY) % DAY
const wholeSeconds = (ms: number): number => Math.round(ms / SECOND) * SECOND
const compact = (date: LocalDate): string => date.replaceAll('-', '')

/** `2026-10-09T10:00:00+08:00`: an instant as the call-centre platform's export writes it. */
export const localIso = (ms: number): string => `${new Date(ms + OFFSET).toISOString().slice(0, 19)}+08:00`

type DayPlan = {
  date: LocalDate
  working: boolean
  kind: 'weekday' | 'weekend' | 'holiday' | 'adjusted_workday'
  /** Calls relative to an ordinary working day. */
  callFactor: number
  onlineFactor: number
  /** The first working day after three or more rest days: the backlog is dispatched. */
  backlog: boolean
  /** The last working day before three or more rest days. */
  eveOfBreak: boolean
  /** Share of offered calls that wait past 15 s (the day's mean), and how long beyond. */
  queueShare: number
  queueMeanSeconds: number
}

type Ctx = {
  seed: number
  scale: number
  calendar: Calendar
  days: Map<LocalDate, DayPlan>
  monthStart: number
  monthEnd: number
}

function restRun(calendar: Calendar, date: LocalDate, step: 1 | -1): number {
  let n = 0
  for (let d = addDays(date, step); !calendar.isWorkingDay(d) && n < 30; d = addDays(d, step)) n++
  return n
}

function planDay(ctx: Pick<Ctx, 'seed' | 'calendar'>, date: LocalDate, stress: Stress): DayPlan {
  const rng = rngFor(ctx.seed, 'day', date)
  const info = ctx.calendar.day(date)
  const backlog = info.working && restRun(ctx.calendar, date, -1) >= 3
  const eveOfBreak = info.working && restRun(ctx.calendar, date, 1) >= 3
  let callFactor: number
  if (info.kind === 'holiday') callFactor = 0.48
  else if (info.kind === 'weekend') callFactor = 0.6
  else if (info.kind === 'adjusted_workday') callFactor = 0.9
  else callFactor = isoWeekday(date) === 1 ? 1.08 : isoWeekday(date) === 5 ? 0.95 : 1
  if (backlog) callFactor *= 1.2
  callFactor *= rng.uniform(0.95, 1.05)
  const onlineFactor = (info.working ? 1 : info.kind === 'holiday' ? 0.75 : 0.85) * rng.uniform(0.9, 1.1)
  const queue =
    stress === 'connection'
      ? { queueShare: rng.uniform(0.165, 0.18), queueMeanSeconds: 85 }
      : stress === 'answer'
        ? { queueShare: rng.uniform(0.125, 0.14), queueMeanSeconds: 30 }
        : { queueShare: rng.uniform(0.03, 0.058), queueMeanSeconds: 25 }
  return {
    date,
    working: info.working,
    kind: info.kind,
    callFactor,
    onlineFactor,
    backlog,
    eveOfBreak,
    ...queue,
  }
}

type Stress = 'normal' | 'answer' | 'connection'

/** The decisions that shape the month, all from the seed. */
export function planDemoMonth(options: DemoOptions): DemoPlan {
  return plan(options).plan
}

function plan(options: DemoOptions): { plan: DemoPlan; ctx: Ctx } {
  const month = MonthSchema.parse(options.month)
  const seed = options.seed ?? 42
  const scale = options.scale ?? 1
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer: ${seed}`)
  if (!(scale > 0 && scale <= 100)) throw new RangeError(`scale must be above 0 and at most 100: ${scale}`)
  const calendar = options.calendar ?? createCalendar()
  const rng = rngFor(seed, 'plan', month)
  const dates = datesOfMonth(month)
  const first = dates[0] as LocalDate
  const working = dates.filter((d) => calendar.isWorkingDay(d))

  // Service-level breaches: the first day back after a long holiday, up to two Mondays, other working days.
  const answerCount = rng.int(3, 5)
  const connectionCount = rng.int(1, 2)
  const surge = working.filter((d) => restRun(calendar, d, -1) >= 3)
  const mondays = rng.shuffle(working.filter((d) => !surge.includes(d) && isoWeekday(d) === 1)).slice(0, 2)
  const rest = rng.shuffle(working.filter((d) => !surge.includes(d) && !mondays.includes(d)))
  const pool = [...surge, ...mondays, ...rest]
  const answerBreachDays = pool.slice(0, answerCount)
  const connectionBreachDays = answerBreachDays.slice(0, connectionCount)
  const stressOf = (d: LocalDate): Stress =>
    connectionBreachDays.includes(d) ? 'connection' : answerBreachDays.includes(d) ? 'answer' : 'normal'

  const last = dates[dates.length - 1] as LocalDate
  const days = new Map<LocalDate, DayPlan>()
  for (let d = addDays(first, -7); d <= last; d = addDays(d, 1)) {
    days.set(d, planDay({ seed, calendar }, d, stressOf(d)))
  }

  // Staff: leavers and joiners among the front-line agents.
  const poolSize = Math.max(10, Math.round(AGENT_POOL * scale))
  const middle = working.slice(2, Math.max(3, working.length - 3))
  const leaverIds = rng.shuffle(Array.from({ length: poolSize }, (_, i) => i + 1)).slice(0, rng.int(1, 3))
  const leavers = leaverIds
    .map((n) => ({ staffId: agentId(n, poolSize), date: rng.pick(middle) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const joinDates = working.filter((d) => d >= addDays(first, 9) && d <= addDays(first, 22))
  const joinerCount = rng.int(1, 2)
  const joiners = Array.from({ length: joinerCount }, (_, i) => ({
    staffId: agentId(poolSize + i + 1, poolSize),
    date: rng.pick(joinDates.length > 0 ? joinDates : working),
    // The second joiner went on duty after only ten days of practice (§5 asks for fifteen).
    practiceDays: i === 1 ? 10 : 15,
  })).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const stayers = Array.from({ length: poolSize }, (_, i) => agentId(i + 1, poolSize)).filter(
    (id) => !leavers.some((l) => l.staffId === id),
  )
  const shortInService = rng
    .shuffle([...stayers])
    .slice(0, 2)
    .sort()

  // Ratings: the week after a long break is worse (late transfers), and maybe one more.
  const weeks = [...new Set(dates.map(isoWeekOf))]
  const worse = surge.length > 0 ? [isoWeekOf(surge[0] as LocalDate)] : [rng.pick(weeks)]
  if (rng.chance(0.5)) {
    const another = rng.pick(weeks.filter((w) => !worse.includes(w)))
    worse.push(another)
  }
  const fullWeeks = weeks.filter((w) => datesOfIsoWeek(w).every((d) => d.startsWith(month)))
  const missingCheck =
    fullWeeks.length > 0
      ? { week: rng.pick(fullWeeks), type: rng.chance(0.5) ? ('safety' as const) : ('cleaning' as const) }
      : null
  const inaccuratePublicationDays = rng
    .shuffle([...dates])
    .slice(0, rng.int(1, 2))
    .sort()

  const ctx: Ctx = {
    seed,
    scale,
    calendar,
    days,
    monthStart: dayStart(first),
    monthEnd: dayStart(addDays(last, 1)),
  }
  return {
    ctx,
    plan: {
      month,
      seed,
      scale,
      answerBreachDays: [...answerBreachDays].sort(),
      connectionBreachDays: [...connectionBreachDays].sort(),
      worseRatingWeeks: worse.sort(),
      inaccuratePublicationDays,
      missingCheck,
      leavers,
      joiners,
      shortInService,
    },
  }
}

/** `A01`…: front-line agent ids, zero-padded to the widest id of the month (pool and joiners). */
function agentId(n: number, poolSize: number): string {
  return `A${String(n).padStart(Math.max(2, String(poolSize + 2).length), '0')}`
}

/** Records in time order, each tagged with its instant for the final sort. */
class Sink {
  readonly #items: { ms: number; seq: number; record: HotlineRecord }[] = []

  add(ms: number, record: HotlineRecord): void {
    this.#items.push({ ms, seq: this.#items.length, record })
  }

  sorted(): HotlineRecord[] {
    return this.#items.sort((a, b) => a.ms - b.ms || a.seq - b.seq).map((i) => i.record)
  }
}

/**
 * The month's records in time order (ties in the order they were made). Staff who joined before
 * the month, the new joiners' training and the tickets received on the day before the month (with
 * their whole story, so clocks running across the month's start are complete) come before it;
 * events of tickets received in the week before that appear from the month's start only, as a
 * month's export starting mid-story would have them. Nothing after the month's last day.
 *
 * @example
 * const records = generateDemoMonth({ month: '2026-10', seed: 42, scale: 1 })
 * records.filter((r) => r.kind === 'call').length // ≈ 19 000
 */
export function generateDemoMonth(options: DemoOptions): HotlineRecord[] {
  const { plan: decided, ctx } = plan(options)
  const sink = new Sink()
  const staff = staffOf(ctx, decided, sink)
  const phoneTickets = callsOf(ctx, decided, staff, sink)
  ticketsOf(ctx, decided, phoneTickets, sink)
  publicationsOf(ctx, decided, sink)
  incidentsOf(ctx, decided, sink)
  facilityChecksOf(ctx, decided, staff.ops, sink)
  return sink.sorted()
}

// ————————————————————————————————————————————— staff and training

type Agent = { id: string; from: LocalDate; until: LocalDate | null; phoneDays: number; freeAt: number }
type Staff = { agents: Agent[]; ops: string[] }

function staffOf(ctx: Ctx, decided: DemoPlan, sink: Sink): Staff {
  const rng = rngFor(ctx.seed, 'staff', decided.month)
  const first = `${decided.month}-01`
  const agents: Agent[] = []
  const hired = (daysBefore: number) => dayStart(addDays(first, -daysBefore)) + 9 * HOUR
  const poolSize = Math.max(10, Math.round(AGENT_POOL * ctx.scale))
  for (let n = 1; n <= poolSize; n++) {
    const id = agentId(n, poolSize)
    const joinedMs = hired(rng.int(60, 270))
    onboard(sink, id, localDate(joinedMs), 15)
    sink.add(
      joinedMs,
      staffEvent(
        id,
        'joined',
        joinedMs,
        'agent',
        personName(() => rng.next()),
      ),
    )
    const leaving = decided.leavers.find((l) => l.staffId === id)
    agents.push({ id, from: localDate(joinedMs), until: leaving?.date ?? null, phoneDays: 0, freeAt: 0 })
  }
  const ops: string[] = []
  for (let n = 1; n <= OPS_STAFF; n++) {
    const id = `O${String(n).padStart(2, '0')}`
    const name = personName(() => rng.next())
    const joinedMs = hired(rng.int(90, 300))
    sink.add(joinedMs, staffEvent(id, 'joined', joinedMs, 'ops', name))
    ops.push(name)
  }
  for (const leaver of decided.leavers) {
    const ms = dayStart(leaver.date) + 17.5 * HOUR
    sink.add(ms, staffEvent(leaver.staffId, 'left', ms, 'agent'))
  }
  for (const joiner of decided.joiners) {
    onboard(sink, joiner.staffId, joiner.date, joiner.practiceDays)
    const joinedMs = dayStart(joiner.date) + 8 * HOUR
    sink.add(
      joinedMs,
      staffEvent(
        joiner.staffId,
        'joined',
        joinedMs,
        'agent',
        personName(() => rng.next()),
      ),
    )
    agents.push({ id: joiner.staffId, from: joiner.date, until: null, phoneDays: 0, freeAt: 0 })
  }

  // In-service training (§5: ≥ 16 class hours per agent per month): two-hour classes on working days.
  const classDays = datesOfMonth(decided.month).filter((d) => ctx.calendar.isWorkingDay(d))
  for (const agent of agents) {
    if (agent.from >= first) continue
    const days = classDays.filter((d) => agent.until === null || d < agent.until)
    const wanted = decided.shortInService.includes(agent.id) ? rng.int(5, 7) : rng.int(8, 10)
    const share = agent.until === null ? 1 : days.length / Math.max(1, classDays.length)
    const sessions = rng
      .shuffle([...days])
      .slice(0, Math.min(days.length, Math.round(wanted * share)))
      .sort()
    for (const d of sessions) {
      const ms = dayStart(d) + rng.pick([14, 16, 19]) * HOUR
      sink.add(ms, training(agent.id, ms, 'in_service', { hours: 2 }))
    }
  }
  return { agents, ops }
}

/**
 * §5 before a first duty on `date`: onboarding (30 days), the exam, then practice on the floor.
 * Agents hired before the month have theirs too, so a job that sees only this month's calls (and
 * takes each agent's first call in it as a first duty) finds them trained.
 */
function onboard(sink: Sink, staffId: string, date: LocalDate, practiceDays: number): void {
  const onboardingEnd = dayStart(addDays(date, -(practiceDays + 2))) + 17 * HOUR
  const exam = dayStart(addDays(date, -(practiceDays + 1))) + 10 * HOUR
  const practiceEnd = dayStart(addDays(date, -1)) + 17 * HOUR
  sink.add(onboardingEnd, training(staffId, onboardingEnd, 'onboarding', { days: 30 }))
  sink.add(exam, training(staffId, exam, 'exam', { hours: 2, passed: true }))
  sink.add(practiceEnd, training(staffId, practiceEnd, 'practice', { days: practiceDays }))
}

function staffEvent(
  staffId: string,
  type: StaffEventRecord['type'],
  ms: number,
  role: StaffEventRecord['role'],
  name?: string,
): StaffEventRecord {
  return { kind: 'staff_event', staffId, type, at: localIso(ms), role, ...(name ? { name } : {}) }
}

function training(
  staffId: string,
  ms: number,
  type: TrainingRecord['type'],
  extra: { hours?: number; days?: number; passed?: boolean },
): TrainingRecord {
  return { kind: 'training', staffId, at: localIso(ms), type, ...extra }
}

// ————————————————————————————————————————————— calls

type TicketSeed = {
  receivedMs: number
  channel: Channel
  callId: string | null
}

const shiftOf = (hour: number): 0 | 1 | 2 => (hour >= 7 && hour < 15 ? 0 : hour >= 15 && hour < 23 ? 1 : 2)

/** The agents on the phones on `date`, per shift; new joiners take their first duty on their joining day. */
function rosterOf(ctx: Ctx, staff: Staff, day: DayPlan): Agent[][] {
  const rng = rngFor(ctx.seed, 'roster', day.date)
  const active = staff.agents.filter((a) => a.from <= day.date && (a.until === null || day.date < a.until))
  const order = rng.shuffle([...active]).sort((a, b) => {
    const firstDay = Number(b.from === day.date) - Number(a.from === day.date)
    return firstDay || a.phoneDays - b.phoneDays
  })
  const sizes = (day.working ? ROSTER.working : ROSTER.resting).map((n) =>
    Math.max(1, Math.round(n * ctx.scale)),
  )
  const shifts: Agent[][] = []
  let next = 0
  for (const size of sizes) {
    const shift = order.slice(next, next + size)
    next += size
    for (const agent of shift) agent.phoneDays++
    shifts.push(shift.length > 0 ? shift : order.slice(0, 1))
  }
  return shifts
}

/** Per hour, the share of offered calls that queue past 15 s: the day's mean, heavier in the peaks. */
function queueShares(day: DayPlan): number[] {
  const peak = Math.max(...CALL_PROFILE)
  const total = CALL_PROFILE.reduce((s, w) => s + w, 0)
  const shape = CALL_PROFILE.map((w) => 0.2 + (w / peak) ** 2)
  const mean = CALL_PROFILE.reduce((s, w, h) => s + (w / total) * (shape[h] ?? 0), 0)
  return shape.map((s) => Math.min(0.9, (day.queueShare * s) / mean))
}

function callsOf(ctx: Ctx, decided: DemoPlan, staff: Staff, sink: Sink): TicketSeed[] {
  const tickets: TicketSeed[] = []
  for (const date of datesOfMonth(decided.month)) {
    const day = ctx.days.get(date)
    if (!day) continue
    const rng = rngFor(ctx.seed, 'calls', date)
    const roster = rosterOf(ctx, staff, day)
    const shares = queueShares(day)
    const start = dayStart(date)
    const count = Math.round(CALLS_PER_WORKING_DAY * ctx.scale * day.callFactor)
    const arrivals = Array.from(
      { length: count },
      () => start + rng.weighted(CALL_PROFILE) * HOUR + Math.floor(rng.next() * 3600) * SECOND,
    ).sort((a, b) => a - b)
    arrivals.forEach((enqueued, i) => {
      const callId = `CL${compact(date)}-${String(i + 1).padStart(5, '0')}`
      const hour = Math.floor(clockOf(enqueued) / HOUR)
      if (rng.chance(IVR_ONLY_SHARE)) {
        const ended = enqueued + rng.int(25, 140) * SECOND
        sink.add(enqueued, call(callId, enqueued, ended, null, null, true))
        return
      }
      const queued = rng.chance(shares[hour] ?? 0)
      const waitS = queued ? 16 + Math.floor(rng.exp(day.queueMeanSeconds)) : rng.int(2, 14)
      // Callers give up after a patience of their own: the longer the wait, the more abandons.
      const patienceS = queued ? 8 + rng.exp(150) : rng.chance(0.004) ? rng.uniform(1, waitS) : Infinity
      if (patienceS < waitS) {
        const ended = enqueued + Math.max(1, Math.round(patienceS)) * SECOND
        sink.add(enqueued, call(callId, enqueued, ended, null, null))
        return
      }
      const answered = enqueued + waitS * SECOND
      const talk = Math.round(Math.min(1800, Math.max(25, rng.lognormal(150, 0.55)))) * SECOND
      const ended = answered + talk
      const shift = roster[shiftOf(hour)] ?? []
      let agent = shift[0]
      for (const candidate of shift)
        if (agent === undefined || candidate.freeAt < agent.freeAt) agent = candidate
      if (agent) agent.freeAt = ended + rng.int(15, 40) * SECOND
      sink.add(enqueued, call(callId, enqueued, ended, answered, agent?.id ?? null))
      if (rng.chance(PHONE_TICKET_SHARE)) {
        tickets.push({ receivedMs: ended + rng.int(30, 150) * SECOND, channel: 'phone', callId })
      }
    })
  }
  return tickets
}

function call(
  callId: string,
  enqueued: number,
  ended: number,
  answered: number | null,
  agentId: string | null,
  ivrOnly?: boolean,
): CallRecord {
  return {
    kind: 'call',
    callId,
    enqueuedAt: localIso(enqueued),
    endedAt: localIso(ended),
    answeredAt: answered === null ? null : localIso(answered),
    agentId,
    ...(ivrOnly ? { ivrOnly } : {}),
  }
}

// ————————————————————————————————————————————— tickets

type TicketDraft = TicketSeed & {
  ticketId: string
  needsTransfer: boolean
  needsCallback: boolean
  emergency: boolean
  topic: string
  department: string | null
  /** Received in the week before the month: only its events from the month's start are written. */
  midStory: boolean
  /** The day before the month: written whole. */
  leadIn: boolean
}

type LifeEvent = {
  type: TicketEventRecord['type']
  ms: number
  department?: string
  reason?: string
  note?: string
}

const weighted = <T extends { weight: number }>(rng: Rng, items: readonly T[]): T =>
  items[rng.weighted(items.map((i) => i.weight))] as T

function ticketsOf(ctx: Ctx, decided: DemoPlan, phone: readonly TicketSeed[], sink: Sink): void {
  const byDay = new Map<LocalDate, TicketSeed[]>()
  const add = (t: TicketSeed) => {
    const d = localDate(t.receivedMs)
    const list = byDay.get(d)
    if (list) list.push(t)
    else byDay.set(d, [t])
  }
  for (const t of phone) add(t)
  for (const day of ctx.days.values()) {
    const rng = rngFor(ctx.seed, 'online', day.date)
    const start = dayStart(day.date)
    const at = (profile: readonly number[]) =>
      start + rng.weighted(profile) * HOUR + Math.floor(rng.next() * 3600) * SECOND
    const online = Math.round(ONLINE_PER_DAY * ctx.scale * day.onlineFactor)
    for (let i = 0; i < online; i++) {
      add({ receivedMs: at(ONLINE_PROFILE), channel: weighted(rng, ONLINE_CHANNELS).channel, callId: null })
    }
    if (start < ctx.monthStart) {
      // Before the month there are no call records, only the tickets the calls left.
      const count = Math.round(
        CALLS_PER_WORKING_DAY * ctx.scale * day.callFactor * (1 - IVR_ONLY_SHARE) * 0.97 * PHONE_TICKET_SHARE,
      )
      for (let i = 0; i < count; i++) add({ receivedMs: at(CALL_PROFILE), channel: 'phone', callId: null })
    }
  }

  const life = new Lifecycle(ctx, decided)
  const leadInDay = addDays(`${decided.month}-01`, -1)
  for (const [date, seeds] of [...byDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const rng = rngFor(ctx.seed, 'tickets', date)
    seeds.sort((a, b) => a.receivedMs - b.receivedMs)
    seeds.forEach((s, i) => {
      const draft = describeTicket(rng, s, `JY${compact(date)}-${String(i + 1).padStart(6, '0')}`)
      const ticket = { ...draft, midStory: date < leadInDay, leadIn: date === leadInDay }
      const events = life.of(ticket, rng)
      for (const e of events) {
        if (e.ms >= ctx.monthEnd) break
        if (e.ms < ctx.monthStart && !ticket.leadIn) continue
        sink.add(e.ms, ticketEvent(ticket, e))
      }
      const rating = life.rating(ticket, events, rng)
      if (rating && rating.ms >= ctx.monthStart && rating.ms < ctx.monthEnd) {
        sink.add(rating.ms, {
          kind: 'rating',
          ticketId: ticket.ticketId,
          at: localIso(rating.ms),
          level: rating.level,
          ...(ticket.callId ? { callId: ticket.callId } : {}),
        } satisfies RatingRecord)
      }
    })
  }
}

function describeTicket(
  rng: Rng,
  seed: TicketSeed,
  ticketId: string,
): Omit<TicketDraft, 'midStory' | 'leadIn'> {
  if (rng.chance(0.0012)) {
    const e = rng.pick(EMERGENCIES)
    return {
      ...seed,
      ticketId,
      needsTransfer: true,
      needsCallback: true,
      emergency: true,
      topic: e.topic,
      department: e.department,
    }
  }
  const needsTransfer = rng.chance(seed.channel === 'phone' ? 0.82 : 0.92)
  if (!needsTransfer) {
    return {
      ...seed,
      ticketId,
      needsTransfer,
      needsCallback: false,
      emergency: false,
      topic: rng.pick(ANSWERED_ON_THE_SPOT),
      department: null,
    }
  }
  const department = weighted(rng, DEPARTMENTS)
  return {
    ...seed,
    ticketId,
    needsTransfer,
    needsCallback: rng.chance(0.5),
    emergency: false,
    topic: rng.pick(department.topics),
    department: department.name,
  }
}

function ticketEvent(ticket: TicketDraft, e: LifeEvent): TicketEventRecord {
  if (e.type === 'received') {
    return {
      kind: 'ticket_event',
      ticketId: ticket.ticketId,
      type: 'received',
      at: localIso(e.ms),
      channel: ticket.channel,
      needsTransfer: ticket.needsTransfer,
      needsCallback: ticket.needsCallback,
      ...(ticket.emergency ? { emergency: true } : {}),
      note: ticket.topic,
    }
  }
  return {
    kind: 'ticket_event',
    ticketId: ticket.ticketId,
    type: e.type,
    at: localIso(e.ms),
    ...(e.department ? { department: e.department } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.note ? { note: e.note } : {}),
  }
}

/** How tickets live: when dispatchers transfer, departments return and reply, agents call back. */
class Lifecycle {
  readonly #ctx: Ctx
  readonly #decided: DemoPlan
  /** Eves of a long break whose deliberately forgotten ticket has been picked. */
  readonly #forgotten = new Set<LocalDate>()
  /** Tickets with a late clock: their citizens rate worse. */
  readonly #lateTickets = new Set<string>()

  constructor(ctx: Ctx, decided: DemoPlan) {
    this.#ctx = ctx
    this.#decided = decided
  }

  #working(date: LocalDate): boolean {
    return this.#ctx.calendar.isWorkingDay(date)
  }

  #nextWorking(date: LocalDate): LocalDate {
    return nextWorkingDay(this.#ctx.calendar, date).date
  }

  #due(ms: number, period: PeriodSpec): number {
    return Date.parse(deadline(new Date(ms).toISOString(), period, this.#ctx.calendar).due)
  }

  /** A moment in office hours of `date`. */
  #office(rng: Rng, date: LocalDate, from = 8.5, to = 17.5): number {
    return wholeSeconds(dayStart(date) + rng.uniform(from, to) * HOUR)
  }

  /** The morning after the deadline's last day: a late outcome. */
  #lateMoment(rng: Rng, due: number): number {
    return this.#office(rng, this.#nextWorking(localDate(due - 1)), 8.5, 11.5)
  }

  of(t: TicketDraft, rng: Rng): LifeEvent[] {
    const events: LifeEvent[] = [{ type: 'received', ms: t.receivedMs }]
    const push = (e: LifeEvent) => {
      const last = events[events.length - 1]
      events.push({ ...e, ms: wholeSeconds(Math.max(e.ms, (last?.ms ?? 0) + MINUTE)) })
    }
    const r = t.receivedMs
    if (!t.needsTransfer || t.department === null) {
      const closed =
        t.channel === 'phone'
          ? r + rng.int(1, 8) * MINUTE
          : this.#answerOnline(rng, r + rng.int(20, 360) * MINUTE)
      push({ type: 'closed', ms: closed })
      return events
    }
    const transferWithin = jiyuan2026.kpis.serviceError.transfer.within
    const transferDue = this.#due(r, transferWithin)
    const transferred = this.#transferAt(t, rng, transferDue)
    if (transferred > transferDue) this.#lateTickets.add(t.ticketId)
    push({ type: 'transferred', ms: transferred, department: t.department })

    let department = t.department
    if (!t.emergency && rng.chance(0.07)) {
      // The department sends it back (回退); the hotline re-transfers within 2 days, usually.
      const last = events[events.length - 1]?.ms ?? r
      const returned = this.#officeOnOrAfter(rng, last + rng.uniform(3, 50) * HOUR)
      push({ type: 'returned', ms: returned, department, reason: rng.pick(RETURN_REASONS) })
      const returnedAt = events[events.length - 1]?.ms ?? returned
      const due = this.#due(returnedAt, jiyuan2026.kpis.serviceError.return.within)
      let again = returnedAt + rng.uniform(0.5, 5) * HOUR
      if (clockOf(again) > 21 * HOUR || clockOf(again) < 8 * HOUR)
        again = this.#office(rng, localDate(again + 3 * HOUR), 8.5, 10)
      if (rng.chance(0.04) || again > due) {
        again = this.#lateMoment(rng, due)
        this.#lateTickets.add(t.ticketId)
      }
      const previous = department
      department = rng.pick(DEPARTMENTS.filter((d) => d.name !== previous)).name
      push({ type: 'transferred', ms: again, department })
    }

    const handedOver = events[events.length - 1]?.ms ?? r
    let replied: number
    if (t.emergency) replied = handedOver + rng.uniform(1, 6) * HOUR
    else {
      let d = localDate(handedOver)
      const workingDays = [0, 1, 2, 3, 4, 5, 6, 7, 10][rng.weighted([4, 15, 22, 18, 14, 10, 6, 5, 6])] ?? 3
      for (let i = 0; i < workingDays; i++) d = this.#nextWorking(d)
      replied = this.#office(rng, this.#working(d) ? d : this.#nextWorking(d), 9, 18)
      if (replied <= handedOver) replied = handedOver + rng.uniform(1, 4) * HOUR
    }
    push({ type: 'replied', ms: replied, department, note: rng.pick(REPLY_NOTES) })
    const repliedAt = events[events.length - 1]?.ms ?? replied

    let closeAfter = repliedAt
    if (t.needsCallback) {
      const due = this.#due(repliedAt, jiyuan2026.kpis.serviceError.callback.within)
      let callback = repliedAt + rng.uniform(1.5, 30) * HOUR
      if (clockOf(callback) < 8 * HOUR) callback = dayStart(localDate(callback)) + rng.uniform(8.5, 10) * HOUR
      else if (clockOf(callback) > 21 * HOUR)
        callback = dayStart(addDays(localDate(callback), 1)) + rng.uniform(8.5, 10) * HOUR
      if (callback > due) callback = due - rng.uniform(1, 3) * HOUR
      if (rng.chance(0.01)) {
        callback = due + rng.uniform(2, 40) * HOUR
        this.#lateTickets.add(t.ticketId)
      }
      push({ type: 'callback_done', ms: callback })
      closeAfter = events[events.length - 1]?.ms ?? callback
      push({ type: 'closed', ms: closeAfter + rng.uniform(10, 180) * MINUTE })
    } else {
      push({ type: 'closed', ms: closeAfter + rng.uniform(1, 20) * HOUR })
    }
    return events
  }

  /** An online question answered without transfer: soon in the day, next morning at night. */
  #answerOnline(rng: Rng, ms: number): number {
    const clock = clockOf(ms)
    if (clock >= 8 * HOUR && clock < 22 * HOUR) return ms
    const date = clock < 8 * HOUR ? localDate(ms) : addDays(localDate(ms), 1)
    return this.#office(rng, date, 8, 10)
  }

  /** The first office-hours moment at or after `ms`, on a working day. */
  #officeOnOrAfter(rng: Rng, ms: number): number {
    const date = localDate(ms)
    const clock = clockOf(ms)
    if (this.#working(date) && clock >= 8.5 * HOUR && clock < 17.5 * HOUR) return wholeSeconds(ms)
    const day = this.#working(date) && clock < 8.5 * HOUR ? date : this.#nextWorking(date)
    return this.#office(rng, day, 8.5, 11)
  }

  #transferAt(t: TicketDraft, rng: Rng, due: number): number {
    const r = t.receivedMs
    const date = localDate(r)
    const clock = clockOf(r)
    if (t.emergency) {
      // §4.11: reported within 30 minutes, but not always.
      return r + (rng.chance(0.2) ? rng.uniform(32, 50) : rng.uniform(4, 25)) * MINUTE
    }
    const day = this.#ctx.days.get(date)
    let at: number
    if (day?.eveOfBreak && clock >= 14 * HOUR && rng.chance(0.45)) {
      // The afternoon before a long holiday: non-urgent tickets wait for the departments' return,
      // and one of them is forgotten in the pile until the day after.
      if (clock >= 15 * HOUR && !this.#forgotten.has(date)) {
        this.#forgotten.add(date)
        return this.#lateMoment(rng, due)
      }
      at = this.#afterRest(rng, date)
    } else if (this.#working(date) && clock < 17 * HOUR) {
      at = r + Math.min(6 * HOUR, Math.max(5 * MINUTE, rng.lognormal(50 * MINUTE, 0.8)))
      if (clockOf(at) > 20 * HOUR || localDate(at) !== date)
        at = this.#office(rng, this.#nextWorking(date), 8.5, 11)
    } else if (!this.#working(date) && clock >= 8 * HOUR && clock < 20 * HOUR && rng.chance(0.45)) {
      at = r + rng.uniform(20, 180) * MINUTE
    } else {
      at = this.#afterRest(rng, date)
    }
    if (rng.chance(0.002)) at = this.#lateMoment(rng, due)
    return Math.max(at, r + 2 * MINUTE)
  }

  /** Dispatched on the next working day: a backlog day runs late into the evening and spills over. */
  #afterRest(rng: Rng, date: LocalDate): number {
    const next = this.#nextWorking(date)
    const plan = this.#ctx.days.get(next)
    if (plan?.backlog) {
      if (rng.chance(0.03)) return this.#office(rng, this.#nextWorking(next), 8.5, 12)
      return this.#office(rng, next, 8.5, 20)
    }
    // An adjusted working day (调休) on a weekend is easy to forget.
    if (plan?.kind === 'adjusted_workday' && rng.chance(0.15)) {
      return this.#office(rng, this.#nextWorking(next), 8.5, 11)
    }
    return this.#office(rng, next, 8.5, 12)
  }

  /** The citizen's rating after the satisfaction survey sent at closing, if any. */
  rating(
    t: TicketDraft,
    events: readonly LifeEvent[],
    rng: Rng,
  ): { ms: number; level: RatingRecord['level'] } | null {
    const closed = events.find((e) => e.type === 'closed')
    if (!closed || !rng.chance(0.72)) return null
    const ms = wholeSeconds(closed.ms + Math.min(70 * HOUR, 2 * MINUTE + rng.exp(3 * HOUR)))
    const worse = this.#decided.worseRatingWeeks.includes(isoWeekOf(localDate(ms)))
    const dissatisfied = (worse ? 0.085 : 0.03) * (this.#lateTickets.has(t.ticketId) ? 2.5 : 1)
    const u = rng.next()
    const level =
      u < dissatisfied ? 'dissatisfied' : u < dissatisfied + 0.15 ? 'basically_satisfied' : 'satisfied'
    return { ms, level }
  }
}

// ————————————————————————————————————————————— publications, incidents, checks

function publicationsOf(ctx: Ctx, decided: DemoPlan, sink: Sink): void {
  for (const date of datesOfMonth(decided.month)) {
    const rng = rngFor(ctx.seed, 'publications', date)
    const count = rng.int(2, 6)
    const inaccurate = decided.inaccuratePublicationDays.includes(date) ? rng.int(0, count - 1) : -1
    const times = Array.from({ length: count }, () =>
      wholeSeconds(dayStart(date) + rng.uniform(8.5, 18) * HOUR),
    )
    times.sort((a, b) => a - b)
    times.forEach((ms, i) => {
      const record: PublicationRecord = {
        kind: 'publication',
        publicationId: `PB${compact(date)}-${String(i + 1).padStart(2, '0')}`,
        at: localIso(ms),
        channel: rng.pick(PUBLICATION_CHANNELS),
        accurate: i !== inaccurate,
        title:
          i === inaccurate
            ? `${rng.pick(PUBLICATION_TITLES)}（发布后发现时间有误，已更正）`
            : rng.pick(PUBLICATION_TITLES),
      }
      sink.add(ms, record)
    })
  }
}

function incidentsOf(ctx: Ctx, decided: DemoPlan, sink: Sink): void {
  const rng = rngFor(ctx.seed, 'incidents', decided.month)
  const working = datesOfMonth(decided.month).filter((d) => ctx.calendar.isWorkingDay(d))
  const ym = decided.month.replace('-', '')
  const incidents: Omit<IncidentRecord, 'incidentId' | 'at'>[] = [
    {
      kind: 'incident',
      type: 'complaint',
      verified: true,
      description: '市民投诉话务员态度生硬、未耐心解答，经调取录音查实，影响较大',
    },
  ]
  if (rng.chance(0.6)) {
    incidents.push({
      kind: 'incident',
      type: 'inspection',
      verified: rng.chance(0.5),
      description: '省12345热线暗访通报：坐席接听后未使用规范服务用语',
    })
  }
  if (rng.chance(0.5)) {
    incidents.push({
      kind: 'incident',
      type: 'complaint',
      verified: false,
      description: '市民投诉坐席答复政策不准确，经核查答复无误，不予认定',
    })
  }
  const days = rng
    .shuffle([...working])
    .slice(0, incidents.length)
    .sort()
  incidents.forEach((incident, i) => {
    const ms = wholeSeconds(dayStart(days[i] ?? `${decided.month}-15`) + rng.uniform(9, 17) * HOUR)
    sink.add(ms, { ...incident, incidentId: `INC${ym}-${String(i + 1).padStart(2, '0')}`, at: localIso(ms) })
  })
}

function facilityChecksOf(ctx: Ctx, decided: DemoPlan, ops: readonly string[], sink: Sink): void {
  const rng = rngFor(ctx.seed, 'checks', decided.month)
  const weeks = [...new Set(datesOfMonth(decided.month).map(isoWeekOf))]
  for (const week of weeks) {
    const dates = datesOfIsoWeek(week).filter((d) => d.startsWith(decided.month))
    const firstWorking = dates.find((d) => ctx.calendar.isWorkingDay(d)) ?? dates[0]
    const checks: { type: FacilityCheckRecord['type']; date: LocalDate | undefined; hour: number }[] = [
      { type: 'safety', date: firstWorking, hour: 10 },
      { type: 'cleaning', date: dates[0], hour: 18.5 },
    ]
    if (dates.length >= 4) checks.push({ type: 'cleaning', date: dates[dates.length - 2], hour: 18.5 })
    let n = 0
    for (const check of checks) {
      if (check.date === undefined) continue
      if (decided.missingCheck?.week === week && decided.missingCheck.type === check.type) continue
      n++
      const ms = wholeSeconds(dayStart(check.date) + (check.hour + rng.uniform(0, 0.5)) * HOUR)
      sink.add(ms, {
        kind: 'facility_check',
        type: check.type,
        at: localIso(ms),
        checkId: `${check.type === 'safety' ? 'SAFE' : 'CLEAN'}-${week}-${n}`,
        by: rng.pick(ops),
        notes:
          check.type === 'safety' ? '消防器材、电源线路、应急照明检查正常' : '话务大厅及休息区清洁消毒完成',
      })
    }
  }
}
