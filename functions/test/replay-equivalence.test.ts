/**
 * Replay computes in memory (`replayMonth`); the bill it checks is computed by importing the file
 * and running the jobs on the store. This holds the two together: on the hand-written October, on
 * a file of an export's awkward corners, and on a generated demo month, the in-memory replay gives
 * the same import counts and failed lines, the same job summaries, and the same `--json` — KPI by KPI,
 * deduction by deduction — as import + daily and monthly jobs on the embedded engine
 * (`support/replay-store.ts`, what replay did before).
 */
import { addDays, createCalendar, fixedTerms, HotlineRecord, jiyuan2026 } from '@hotline/domain'
import { describe, expect, it } from 'vitest'
import { generateDemoMonth } from '../src/cli/demo'
import { type ReplayResult, replayJson, replayMonth } from '../src/cli/replay'
import { addRecord, emptyRecords, fileEpisodes } from '../src/cli/replay-records'
import { edgeCaseLines, october } from './support/replay-fixtures'
import { replayThroughStore, storedEpisodeIndex, withImported } from './support/replay-store'

const MONTH = '2026-10'

/** Both paths on the same lines, compared part by part (so a difference names what differs). */
async function expectSameReplay(lines: string[]): Promise<ReplayResult> {
  const inMemory = await replayMonth({ lines, month: MONTH })
  const reference = await replayThroughStore({ lines, month: MONTH })
  expect(inMemory.import).toEqual(reference.import)
  const json = replayJson(inMemory)
  const expected = replayJson(reference)
  expect(json.kpis).toHaveLength(expected.kpis.length)
  for (const [i, kpi] of expected.kpis.entries()) expect(json.kpis[i]).toEqual(kpi)
  expect(json.deductions).toEqual(expected.deductions)
  expect(json.totalFen).toBe(expected.totalFen)
  expect(inMemory.deductions).toEqual(reference.deductions)
  expect(inMemory.kpis).toEqual(reference.kpis)
  expect(inMemory.jobs).toEqual(reference.jobs)
  expect(inMemory.notes).toEqual(reference.notes)
  return inMemory
}

describe('replay in memory = import + jobs on the embedded engine', () => {
  it('on the hand-written October', async () => {
    const result = await expectSameReplay(october().map((r) => JSON.stringify(r)))
    expect(result.totalFen).toBe(700_000)
  })

  it('on an export with repeated, out-of-order, mid-story and bad lines', async () => {
    const result = await expectSameReplay(edgeCaseLines())
    expect(result.import).toMatchObject({ failed: 2, skipped: 2 })
    expect(result.import.duplicates).toBeGreaterThanOrEqual(3)
    expect(result.kpis.some((k) => k.kpi === 'service_error.return')).toBe(true)
    expect(result.kpis.some((k) => k.kpi === 'emergency_report' && k.met === false)).toBe(true)
    expect(result.deductions.length).toBeGreaterThan(3)
  }, 60_000)

  it('on a generated demo month', async () => {
    const lines = generateDemoMonth({ month: MONTH, seed: 7, scale: 0.1 }).map((r) => JSON.stringify(r))
    const result = await expectSameReplay(lines)
    expect(result.import.failed).toBe(0)
    expect(result.deductions.length).toBeGreaterThan(5)
  }, 240_000)
})

describe('the in-memory episode index', () => {
  it('is the one the import files, entry by entry, with renumbered and out-of-order events', async () => {
    const lines = edgeCaseLines()
    const rules = { terms: fixedTerms(jiyuan2026), calendar: createCalendar() }
    const memory = emptyRecords()
    for (const line of lines) {
      const parsed = line.trim() === '' ? null : HotlineRecord.safeParse(safeJson(line))
      if (parsed?.success) addRecord(memory, rules, parsed.data)
    }
    fileEpisodes(memory, rules)
    const days = Array.from({ length: 120 }, (_, i) => addDays('2026-09-01', i))
    const stored = await withImported({ lines, month: MONTH }, ({ store }) => storedEpisodeIndex(store, days))
    const inMemory = new Map(
      [...memory.episodes].map(([pk, entries]) => [
        pk,
        new Map([...entries].map(([sk, e]) => [sk, { ticketId: e.ticketId, kind: e.kind }])),
      ]),
    )
    expect(inMemory).toEqual(stored)
    // The return listed last but earlier is number 1 now; the index still has the first numbering's day.
    const subjects = [...stored.values()].flatMap((entries) => [...entries.keys()])
    expect(subjects.filter((s) => s.startsWith('T-RE2/return/'))).toHaveLength(3)
  }, 60_000)
})

/** The line's JSON, or `undefined` for a line that is not JSON (the schema then refuses it). */
function safeJson(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    return undefined
  }
}
