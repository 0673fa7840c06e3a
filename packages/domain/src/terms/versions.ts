/**
 * The terms in force, month by month (SPEC §2). The built-in document is in force from the start of
 * its contract; an administrator saves a new version in Settings with the month it takes effect,
 * and every computation asks for the version in force on the day it measures — a daily KPI its day,
 * a monthly one its first day, a ticket's deadlines the day it was received. Versions are never
 * edited or removed: a month replayed next year is computed under the version it was computed
 * under this year.
 *
 * A new version takes effect from the first day of a month after the current one. A month is never
 * split between two versions (the monthly KPIs and the quarter's bill read one document), and a
 * month already begun is never recomputed under terms nobody knew when it began.
 */
import { z } from 'zod'
import type { Refusal } from '../deductions/decision'
import { InstantSchema, type LocalDate, type Month, MonthSchema, monthOf, nextMonth } from '../time'
import { ContractTerms, termsVersionOf } from './schema'

/** A version saved in Settings: the document, the month it takes effect, who saved it and when. */
export const SavedTermsVersion = z.object({
  from: MonthSchema,
  terms: ContractTerms,
  savedAt: InstantSchema,
  savedBy: z.string().min(1),
})
export type SavedTermsVersion = z.infer<typeof SavedTermsVersion>

/** One entry of the schedule: the built-in version has no `savedAt`/`savedBy`. */
export type TermsScheduleEntry = {
  from: Month
  terms: ContractTerms
  savedAt?: string
  savedBy?: string
}

/** Which terms are in force on a day. */
export type TermsSchedule = {
  /** The version in force on `date` (a Beijing local date); before the first version, the first. */
  at(date: LocalDate): ContractTerms
  /** Every version, oldest first, the built-in one first. */
  readonly versions: readonly TermsScheduleEntry[]
}

/** The schedule of the built-in document and the versions saved after it (in any order). */
export function termsSchedule(
  builtIn: ContractTerms,
  saved: readonly SavedTermsVersion[] = [],
): TermsSchedule {
  const versions: TermsScheduleEntry[] = [
    { from: monthOf(builtIn.contract.start), terms: builtIn },
    ...[...saved].sort((a, b) => a.from.localeCompare(b.from)),
  ]
  return {
    versions,
    at(date) {
      const month = monthOf(date)
      let inForce = versions[0] as TermsScheduleEntry
      for (const entry of versions) if (entry.from <= month) inForce = entry
      return inForce.terms
    },
  }
}

/** One document in force at every date: replays of a file under given terms, and tests. */
export const fixedTerms = (terms: ContractTerms): TermsSchedule => termsSchedule(terms, [])

/**
 * Why `candidate` may not be saved to take effect from `from`, given the versions already in
 * `schedule` and `today` (a Beijing local date), or null when it may. Checked: the same contract,
 * a version name not used before, a month after the current one and after the latest version's,
 * within the candidate's own contract period.
 */
export function newTermsVersionRefusal(
  schedule: TermsSchedule,
  candidate: ContractTerms,
  from: Month,
  today: LocalDate,
): Refusal | null {
  const latest = schedule.versions[schedule.versions.length - 1] as TermsScheduleEntry
  if (candidate.id !== latest.terms.id) {
    return {
      code: 'terms_other_contract',
      field: 'terms.id',
      en: `these terms are of contract ${candidate.id}, not of ${latest.terms.id}`,
      zh: `这份条款属于另一份合同（${candidate.id}），不是当前合同（${latest.terms.id}）的新版本`,
    }
  }
  const taken = schedule.versions.find((v) => v.terms.version === candidate.version)
  if (taken) {
    return {
      code: 'terms_version_exists',
      field: 'terms.version',
      en: `version ${termsVersionOf(candidate)} exists already (in force from ${taken.from}); give the new document a new version`,
      zh: `版本 ${candidate.version} 已存在（自 ${monthText(taken.from)}起执行），新文件须使用新的版本号`,
    }
  }
  const earliest = nextMonth(monthOf(today))
  if (from < earliest) {
    return {
      code: 'terms_from_too_early',
      field: 'from',
      en: `a new version takes effect from the first day of a coming month: ${earliest} at the earliest`,
      zh: `新版本只能从下一个月起执行（最早 ${monthText(earliest)}），已开始的月份不会改按新条款计算`,
    }
  }
  if (from <= latest.from) {
    return {
      code: 'terms_from_not_after_latest',
      field: 'from',
      en: `version ${latest.terms.version} takes effect from ${latest.from}: a newer version must start later`,
      zh: `版本 ${latest.terms.version} 自 ${monthText(latest.from)}起执行，新版本的起始月份须晚于它`,
    }
  }
  if (from > monthOf(candidate.contract.end)) {
    return {
      code: 'terms_from_after_contract',
      field: 'from',
      en: `the contract ends on ${candidate.contract.end}: a version from ${from} would never be in force`,
      zh: `合同于 ${candidate.contract.end} 到期，自 ${monthText(from)}起执行的版本永远不会生效`,
    }
  }
  return null
}

/** `2027年1月`. */
const monthText = (month: Month) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`
