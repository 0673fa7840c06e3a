/**
 * What the compliance tabs share: record order, people's names from the staff history, a KPI
 * result's verdict badge, the note on when the monthly job computed the results, and a link to a
 * record's own page that keeps the month.
 */
import { datesOfIsoWeek, epochMs } from '@hotline/domain'
import { A } from '@solidjs/router'
import { type JSX, Show } from 'solid-js'
import type { KpiResult, StoredStaffEvent, StoredTraining } from '../../api/records'
import { formatInstant } from '../../beijing-time'
import { type Locale, useI18n } from '../../i18n'
import { kpiName } from '../../kpi-view'
import { withMonth } from '../../month'
import { staffHref } from '../records/links'

/** What a tab calls when it recorded something: the record's month, what to say, the ids in it. */
export type OnRecorded = (month: string, text: string, ids?: readonly string[]) => void

export const byTime = <T extends { at: string }>(a: T, b: T) => epochMs(a.at) - epochMs(b.at)
export const sortIds = (ids: Iterable<string>) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

/** Each person's latest name in the staff history (also of those who have left). */
export function namesOf(events: readonly StoredStaffEvent[] | undefined): Map<string, string> {
  const names = new Map<string, string>()
  for (const e of [...(events ?? [])].sort(byTime)) if (e.name) names.set(e.staffId, e.name)
  return names
}

/** A link to a record's page, keeping the month in context. */
export function RecordLink(props: { href: string; month: string | null; children: JSX.Element }) {
  return <A href={withMonth(props.href, props.month)}>{props.children}</A>
}

/** A staff id, opening the person's page (keeping the month). */
export function StaffLink(props: { staffId: string; month: string }) {
  return (
    <RecordLink href={staffHref(props.staffId)} month={props.month}>
      {props.staffId}
    </RecordLink>
  )
}

/** A KPI result's verdict: met, breached, or not computed yet (the monthly job has not run). */
export function Verdict(props: { result: KpiResult | undefined; met: string; breached: string }) {
  const { t } = useI18n()
  return (
    <Show
      when={props.result}
      fallback={
        <span class="badge" data-verdict="none">
          {t('records.common.notComputed')}
        </span>
      }
    >
      {(r) => (
        <span
          classList={{ badge: true, 'good-badge': r().met === true, 'bad-badge': r().met === false }}
          data-verdict={r().met === true ? 'met' : r().met === false ? 'breached' : 'none'}
        >
          {r().met === true ? props.met : r().met === false ? props.breached : t('records.common.noData')}
        </span>
      )}
    </Show>
  )
}

/** When the monthly job computed these results, or that it has not yet. */
export function JobNote(props: { results: readonly KpiResult[] }) {
  const { t, locale } = useI18n()
  const computedAt = () =>
    props.results
      .map((r) => r.computedAt)
      .sort()
      .at(-1)
  return (
    <p class="note">
      <Show when={computedAt()} fallback={t('records.compliance.notComputedNote')}>
        {(at) => t('records.compliance.computedNote', { at: formatInstant(at(), locale()) })}
      </Show>
    </p>
  )
}

/** The month an ISO week is billed in: its Thursday's (each week belongs to exactly one month). */
export const monthOfWeek = (week: string): string => (datesOfIsoWeek(week)[3] ?? '').slice(0, 7)

/** A facility check's type by the name of the KPI it counts for (安全检查, 卫生保洁检查). */
export const checkTypeName = (type: 'safety' | 'cleaning', locale: Locale): string =>
  kpiName(type === 'safety' ? 'safety_check' : 'cleaning_check', locale)

/** What a training record came to: exam passed or not, hours, or days. */
export function useTrainingAmount(): (r: StoredTraining) => string {
  const { t } = useI18n()
  return (r) =>
    r.type === 'exam'
      ? t(r.passed ? 'records.compliance.training.passed' : 'records.compliance.training.notPassed')
      : r.hours !== undefined
        ? t('records.compliance.training.hoursValue', { hours: String(r.hours) })
        : t('records.compliance.training.daysValue', { days: String(r.days ?? '') })
}
