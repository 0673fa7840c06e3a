/**
 * Raw ids as a person reads them: who did something (a person's display name, "系统（每日任务）" for
 * a job), a KPI period ("2026 年第 41 周" for an ISO week, "2026年10月" for a month), a month, and the
 * terms version. Display only; the ids stay what they are everywhere else.
 */
import { usePeople } from './api/people'
import { useI18n } from './i18n'

/** `job:daily:2026-10-08:…` → `daily`; the systems that act without a person; `null` for a person. */
export function systemActor(by: string): 'daily' | 'monthly' | 'job' | 'intake' | 'demo' | 'import' | null {
  if (by.startsWith('job:daily:')) return 'daily'
  if (by.startsWith('job:monthly:')) return 'monthly'
  if (by.startsWith('job:')) return 'job'
  if (by === 'intake' || by === 'demo' || by === 'import') return by
  return null
}

/** `by` of an audit entry, a decision or a payment, as a name: people by their display names. */
export function useActorName(): (by: string | null | undefined) => string {
  const { t } = useI18n()
  const people = usePeople()
  return (by) => {
    if (!by) return t('names.nobody')
    const system = systemActor(by)
    if (system) return t(`names.systems.${system}`)
    return people().get(by) ?? by
  }
}

const ISO_WEEK = /^(\d{4})-W(\d{2})$/
const MONTH = /^\d{4}-\d{2}$/
const DAY = /^\d{4}-\d{2}-\d{2}$/
const YEAR = /^\d{4}$/

/** A KPI period in words: a day, an ISO week, a month or a year; anything else as it is. */
export function usePeriodText(): (period: string) => string {
  const { t, locale } = useI18n()
  const format = (iso: string, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale(), { ...options, timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`))
  return (period) => {
    const week = ISO_WEEK.exec(period)
    if (week) return t('names.week', { year: week[1] as string, week: String(Number(week[2])) })
    if (MONTH.test(period)) return format(`${period}-01`, { year: 'numeric', month: 'long' })
    if (DAY.test(period)) return format(period, { year: 'numeric', month: 'long', day: 'numeric' })
    if (YEAR.test(period)) return t('names.year', { year: period })
    return period
  }
}

/** `jiyuan-2026@2026.1` → "合同条款 2026.1 版". */
export function useTermsText(): (termsVersion: string) => string {
  const { t } = useI18n()
  return (termsVersion) => t('names.terms', { version: termsVersion.split('@').pop() ?? termsVersion })
}
