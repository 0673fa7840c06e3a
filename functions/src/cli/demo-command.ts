/**
 * The `demo` command: writes `generateDemoMonth` as NDJSON to a file or stdout, and a summary of
 * what it wrote (and what was engineered into the month) to stderr.
 */
import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { HotlineRecord } from '@hotline/domain'
import { type DemoPlan, generateDemoMonth, planDemoMonth } from './demo'
import { EXIT } from './errors'

export type DemoCommandOptions = { month: string; seed: number; scale: number; out?: string | undefined }

/** The records as NDJSON text, a thousand lines at a time. */
function* ndjson(records: readonly HotlineRecord[], written: { bytes: number }): Generator<string> {
  const batch = 1000
  for (let i = 0; i < records.length; i += batch) {
    const text = `${records
      .slice(i, i + batch)
      .map((r) => JSON.stringify(r))
      .join('\n')}\n`
    written.bytes += Buffer.byteLength(text)
    yield text
  }
}

export function describePlan(plan: DemoPlan, counts: Record<string, number>): string {
  const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : 'none')
  return [
    `  ${Object.entries(counts)
      .map(([kind, count]) => `${kind} ${count.toLocaleString('en')}`)
      .join(', ')}`,
    `  answer within 15 s below 90 % on ${list(plan.answerBreachDays)}`,
    `  connection below 95 % on ${list(plan.connectionBreachDays)}`,
    `  worse ratings in ${list(plan.worseRatingWeeks)}; inaccurate publications on ${list(plan.inaccuratePublicationDays)}`,
    `  missing facility check: ${plan.missingCheck ? `${plan.missingCheck.type} in ${plan.missingCheck.week}` : 'none'}`,
    `  agents leaving: ${list(plan.leavers.map((l) => `${l.staffId} ${l.date}`))}; joining: ${list(plan.joiners.map((j) => `${j.staffId} ${j.date} (${j.practiceDays} days practice)`))}`,
    `  under 16 h in-service training: ${list(plan.shortInService)}`,
  ].join('\n')
}

export async function runDemo(options: DemoCommandOptions): Promise<number> {
  const demo = { month: options.month, seed: options.seed, scale: options.scale }
  const records = generateDemoMonth(demo)
  const counts: Record<string, number> = {}
  for (const r of records) counts[r.kind] = (counts[r.kind] ?? 0) + 1
  const written = { bytes: 0 }
  await pipeline(
    Readable.from(ndjson(records, written)),
    options.out ? createWriteStream(options.out) : process.stdout,
  )
  console.error(
    `Wrote ${records.length.toLocaleString('en')} records (${(written.bytes / 1e6).toFixed(1)} MB) for ${options.month}, seed ${options.seed}, scale ${options.scale}${options.out ? ` to ${options.out}` : ''}:\n${describePlan(planDemoMonth(demo), counts)}`,
  )
  return EXIT.ok
}
