/**
 * `pnpm hotline replay` (the auditor's check of a bill) and `pnpm hotline jobs`: a hand-written
 * October replayed in memory gives the exact KPIs and deductions, the same bytes twice, other
 * amounts under other terms; the CLI as a subprocess prints one JSON object of the documented
 * schema, names failed lines and bad terms; the demo month's engineered breaches come out; and a
 * job runs on a running server through the API.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { answer15s, createCalendar, datesOfMonth, HotlineRecord, jiyuan2026 } from '@hotline/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { generateDemoMonth, planDemoMonth } from '../src/cli/demo'
import { CliError } from '../src/cli/errors'
import { formatJobSummary, runJobOnServer } from '../src/cli/jobs-command'
import { type ReplayResult, replayJson, replayMonth } from '../src/cli/replay'
import { formatReplay, readTerms } from '../src/cli/replay-command'
import { generateSecrets } from '../src/config/secrets'
import { type LocalServer, startLocalServer } from '../src/local/server'
import { createLogger } from '../src/logger'
import { LATE, ON_TIME, october } from './support/replay-fixtures'

const REPO = resolve(import.meta.dirname, '../..')
const MONTH = '2026-10'
const LINES = october().map((r) => JSON.stringify(r))

const EXPECTED_DEDUCTIONS = [
  { id: 'answer_15s:2026-10-09', kpi: 'answer_15s', period: '2026-10-09', subject: null, amountFen: 20_000 },
  // 2/3 = 66.67 %: 33.33 points below 100 %, 33 whole points at ¥200.
  {
    id: 'publish_accuracy:2026-10-12',
    kpi: 'publish_accuracy',
    period: '2026-10-12',
    subject: null,
    amountFen: 660_000,
  },
  // 94.4 %: 0.6 points below 95 %, no whole point: a breach recorded at ¥0.
  { id: 'satisfaction:2026-10', kpi: 'satisfaction', period: '2026-10', subject: null, amountFen: 0 },
  {
    id: `service_error.transfer:2026-10-08:${LATE}`,
    kpi: 'service_error.transfer',
    period: '2026-10-08',
    subject: LATE,
    amountFen: 20_000,
  },
]

/** The `--json` schema of docs/replay.md: exactly these keys, these types. */
const Period = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$/)
const ReplayJsonSchema = z.strictObject({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  kpis: z.array(
    z.strictObject({
      kpi: z.string().min(1),
      period: Period,
      subject: z.string().min(1).nullable(),
      num: z.number().int().nonnegative().nullable(),
      den: z.number().int().positive().nullable(),
      met: z.boolean().nullable(),
    }),
  ),
  deductions: z.array(
    z.strictObject({
      id: z.string().min(1),
      kpi: z.string().min(1),
      period: Period,
      subject: z.string().min(1).nullable(),
      amountFen: z.number().int().nonnegative(),
    }),
  ),
  totalFen: z.number().int().nonnegative(),
})

const kpi = (result: ReplayResult, id: string, period: string, subject: string | null = null) =>
  result.kpis.find((k) => k.kpi === id && k.period === period && k.subject === subject)

let dir: string
let replayed: ReplayResult

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hotline-replay-'))
  replayed = await replayMonth({ lines: LINES, month: MONTH })
})

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('replayMonth', () => {
  it('recomputes the month: the KPIs of every day, week and the month, and the draft deductions', () => {
    expect(replayed.import).toMatchObject({ lines: LINES.length, failed: 0, errors: [] })
    expect(replayed.termsVersion).toBe('jiyuan-2026@2026.1')
    expect(replayed.asOf).toBe('2026-12-01T16:00:00.000Z')
    // Every day of the month ran, then the monthly job.
    expect(replayed.jobs.map((j) => j.period)).toEqual([...datesOfMonth(MONTH), MONTH])

    const pick = (id: string, period: string, subject: string | null = null) => {
      const k = kpi(replayed, id, period, subject)
      return k && [k.num, k.den, k.met]
    }
    expect(pick('answer_15s', '2026-10-08')).toEqual([40, 40, true])
    expect(pick('answer_15s', '2026-10-09')).toEqual([35, 40, false])
    expect(pick('answer_15s', '2026-10-10')).toEqual([36, 40, true]) // exactly 90 %; 15.000 s is within
    expect(pick('connection', '2026-10-10')).toEqual([39, 40, true])
    expect(pick('answer_15s', '2026-10-11')).toEqual([null, null, null]) // no calls: no data
    expect(pick('agent_workload', '2026-10-09', 'A1')).toEqual([40, 1, false]) // flagged, never charged
    expect(pick('publish_accuracy', '2026-10-09')).toEqual([2, 2, true])
    expect(pick('publish_accuracy', '2026-10-12')).toEqual([2, 3, false])
    expect(pick('service_error.transfer', '2026-10-08', LATE)).toEqual([null, null, false])
    expect(pick('service_error.transfer', '2026-10-10', ON_TIME)).toEqual([null, null, true])
    expect(pick('satisfaction', MONTH)).toEqual([118, 125, false])
    expect(pick('answer_15s', MONTH)).toEqual([111, 120, null]) // the roll-up is reported, not judged
    expect(pick('turnover', MONTH)).toEqual([0, 1, true])
    expect(pick('training.onboarding', MONTH, 'A1')).toEqual([null, null, true])
    expect(pick('training.in_service', MONTH, 'A1')?.[2]).toBe(true)
    for (const week of ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44']) {
      expect(pick('safety_check', week)).toEqual([1, 1, true])
      expect(pick('cleaning_check', week)).toEqual([1, 1, true])
    }
    // 31 days × 3 daily rates, 3 agent-days, 2 transfers, 10 weekly checks, 3 roll-ups, and
    // satisfaction, micro-platform, turnover, onboarding and in-service for the month.
    expect(replayed.kpis).toHaveLength(93 + 3 + 2 + 10 + 3 + 5)

    const json = replayJson(replayed)
    expect(json.deductions).toEqual(EXPECTED_DEDUCTIONS)
    expect(json.totalFen).toBe(700_000)
    const satisfaction = replayed.deductions.find((d) => d.kpi === 'satisfaction')
    expect(satisfaction?.formula.zh).toMatch(/^2026-10 满意率 94\.40% < 95%.*记录不扣款$/)
    expect(replayed.deductions.find((d) => d.kpi === 'answer_15s')).toMatchObject({
      clause: '§4.5',
      formula: { zh: '2026-10-09 15秒应答及时率 87.50% < 90%，扣除200元' },
    })
  })

  it('sorts the KPIs by (period, kpi, subject) and the deductions by id', () => {
    const key = (k: { period: string; kpi: string; subject: string | null }) =>
      `${k.period}\u0000${k.kpi}\u0000${k.subject ?? ''}`
    const keys = replayed.kpis.map(key)
    expect(keys).toEqual([...keys].sort())
    const ids = replayed.deductions.map((d) => d.id)
    expect(ids).toEqual([...ids].sort())
  })

  it('gives the same bytes for the same input', async () => {
    const again = await replayMonth({ lines: LINES, month: MONTH })
    expect(JSON.stringify(replayJson(again))).toBe(JSON.stringify(replayJson(replayed)))
  })

  it('charges what a terms file says: partialPoints ceil makes the 0.6 point ¥200', async () => {
    const file = join(dir, 'ceil.json')
    const document = structuredClone(jiyuan2026) as { kpis: { satisfaction: { partialPoints: string } } }
    document.kpis.satisfaction.partialPoints = 'ceil'
    await writeFile(file, JSON.stringify(document, null, 2))

    const terms = await readTerms(file)
    const result = replayJson(await replayMonth({ lines: LINES, month: MONTH, terms }))
    expect(result.deductions.find((d) => d.kpi === 'satisfaction')?.amountFen).toBe(20_000)
    expect(result.totalFen).toBe(720_000)
  })

  it('refuses a terms file with a bad field, naming it', async () => {
    const file = join(dir, 'bad-terms.json')
    const document = structuredClone(jiyuan2026) as { kpis: { answer15s: { targetBp: unknown } } }
    document.kpis.answer15s.targetBp = 90.5
    await writeFile(file, JSON.stringify(document))
    const err = await readTerms(file).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(CliError)
    expect((err as CliError).kind).toBe('usage')
    expect((err as CliError).message).toMatch(/kpis\.answer15s\.targetBp/)
  })

  it('prints a readable table: values as percentages or counts, targets, met / breach / no data, the total', () => {
    const text = formatReplay(replayed, 'october.ndjson')
    const row = (kpiId: string, period: string) =>
      text.split('\n').find((l) => l.startsWith(`${kpiId} `) && l.includes(` ${period} `))
    expect(row('answer_15s', '2026-10-09')).toMatch(/87\.50%\s+35\/40\s+≥ 90%\s+breach$/)
    expect(row('answer_15s', '2026-10-11')).toMatch(/—\s+≥ 90%\s+no data$/)
    expect(row('agent_workload', '2026-10-09')).toMatch(/A1\s+40\s+40\/1\s+≥ 70\s+breach$/)
    expect(row('satisfaction', '2026-10')).toMatch(/94\.40%\s+118\/125\s+≥ 95%\s+breach$/)
    expect(text).toMatch(
      /^publish_accuracy:2026-10-12\s+§4\.7\s+¥6,600\.00\s+2026-10-12 信息发布准确率 66\.67% < 100%/m,
    )
    expect(text).toMatch(/^Total: ¥7,000\.00 \(700000 fen\)$/m)
  })
})

describe('pnpm hotline replay (subprocess)', () => {
  const run = async (args: string[]) =>
    promisify(execFile)(join(REPO, 'node_modules/.bin/tsx'), ['functions/src/cli/main.ts', ...args], {
      cwd: REPO,
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ ...err }),
    )

  it('--json prints exactly one JSON object of the documented schema, and exits 0', async () => {
    const file = join(dir, 'october.ndjson')
    await writeFile(file, `${LINES.join('\n')}\n`)
    const { code, stdout, stderr } = await run(['replay', file, '--month', MONTH, '--json'])
    expect(code).toBe(0)
    expect(stdout.endsWith('\n')).toBe(true)
    expect(stdout.trimEnd().split('\n')).toHaveLength(1)
    const json = ReplayJsonSchema.parse(JSON.parse(stdout))
    expect(Object.keys(JSON.parse(stdout))).toEqual(['month', 'kpis', 'deductions', 'totalFen'])
    for (const k of json.kpis)
      expect(Object.keys(k)).toEqual(['kpi', 'period', 'subject', 'num', 'den', 'met'])
    for (const d of json.deductions)
      expect(Object.keys(d)).toEqual(['id', 'kpi', 'period', 'subject', 'amountFen'])
    expect(stdout).toBe(`${JSON.stringify(replayJson(replayed))}\n`)
    expect(stderr).toMatch(/imported \d+ lines \(0 failed\)/)
  })

  it('names the failed lines on stderr, still prints the result, and exits 1; exits 2 on bad terms', async () => {
    const file = join(dir, 'october-bad.ndjson')
    const bad = [
      ...LINES.slice(0, 3),
      '{"kind":"rating","ticketId":"T9","at":"2026-10-16T10:00:00+08:00","level":"very_good"}',
      'not json',
      ...LINES.slice(3),
    ]
    await writeFile(file, `${bad.join('\n')}\n`)
    const text = await run(['replay', file, '--month', MONTH])
    expect(text.code).toBe(1)
    expect(text.stderr).toMatch(/^ {2}line 4: level — /m)
    expect(text.stderr).toMatch(/^ {2}line 5: \(line\) — not valid JSON$/m)
    expect(text.stdout).toMatch(/^Total: ¥7,000\.00 \(700000 fen\)$/m)

    const termsFile = join(dir, 'bad.json')
    await writeFile(termsFile, JSON.stringify({ ...jiyuan2026, counting: 'lunar' }))
    const usage = await run(['replay', file, '--month', MONTH, '--terms', termsFile, '--json'])
    expect(usage.code).toBe(2)
    expect(usage.stdout).toBe('')
    expect(usage.stderr).toMatch(/invalid contract terms: counting: /)
  })
})

describe('the demo month', () => {
  // Scale 0.08 (~4,400 lines, ~30 s): small enough for a test, large enough that every engineered
  // day still breaches (below ~0.05 a day's few dozen calls let chance hide one).
  const demo = { month: MONTH, seed: 42, scale: 0.08 }

  it('replays without failed lines, and shows answer_15s breaches on the engineered days', async () => {
    const records = generateDemoMonth(demo)
    const result = await replayMonth({ lines: records.map((r) => JSON.stringify(r)), month: MONTH })
    expect(result.import.failed).toBe(0)
    expect(result.import.lines).toBe(records.length)

    const breachDays = result.kpis
      .filter((k) => k.kpi === 'answer_15s' && k.met === false)
      .map((k) => k.period)
    const plan = planDemoMonth(demo)
    expect(plan.answerBreachDays.length).toBeGreaterThanOrEqual(3)
    for (const day of plan.answerBreachDays) expect(breachDays).toContain(day)
    // … and exactly the days the domain's own calculator finds in the generated calls.
    const ctx = { terms: jiyuan2026, calendar: createCalendar() }
    const generatedCalls = records
      .map((r) => HotlineRecord.parse(JSON.parse(JSON.stringify(r))))
      .filter((r) => r.kind === 'call')
    expect(breachDays).toEqual(
      datesOfMonth(MONTH).filter((d) => answer15s(generatedCalls, d, ctx).met === false),
    )
    for (const day of plan.answerBreachDays) {
      expect(result.deductions.find((d) => d.id === `answer_15s:${day}`)?.amountFen).toBe(20_000)
    }

    const table = formatReplay(result)
    for (const day of plan.answerBreachDays) {
      expect(table).toMatch(new RegExp(`^answer_15s +${day} .*breach$`, 'm'))
    }
  }, 120_000)
})

describe('pnpm hotline jobs', () => {
  let server: LocalServer

  beforeAll(async () => {
    server = await startLocalServer({
      port: 0,
      secrets: generateSecrets(),
      logger: createLogger({ silent: true }),
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('runs a daily job on the server as the reviewer and prints its summary as JSON', async () => {
    const { stdout } = await promisify(execFile)(
      join(REPO, 'node_modules/.bin/tsx'),
      ['functions/src/cli/main.ts', 'jobs', 'daily', '--date', '2026-10-09', '--url', server.url, '--json'],
      { cwd: REPO },
    )
    expect(JSON.parse(stdout)).toMatchObject({
      job: 'daily',
      period: '2026-10-09',
      results: expect.any(Number),
      breaches: 0,
      records: { calls: 0, publications: 0 },
    })
  })

  it('runs a monthly job and prints it as text; a user who is not a reviewer may not', async () => {
    const summary = await runJobOnServer({ job: 'monthly', month: MONTH }, { url: server.url })
    expect(summary).toMatchObject({ job: 'monthly', period: MONTH })
    expect(formatJobSummary(summary, server.url)).toMatch(/^Ran the monthly job for 2026-10 on http/)

    const err = await runJobOnServer(
      { job: 'daily', date: '2026-10-09' },
      { url: server.url, user: 'contractor' },
    ).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(CliError)
    expect((err as CliError).message).toMatch(/may not run jobs: it takes agency_reviewer/)
  })
})
