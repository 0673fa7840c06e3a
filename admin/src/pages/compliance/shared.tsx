/**
 * What the compliance tabs share: record order, people's names from the staff history, the month's
 * results of a tab's KPIs, a person's cells and a training's cells in a table, a KPI result's
 * verdict badge, the note on when the monthly job computed the results, a link to a record's own
 * page that keeps the month, and what only those who may write a kind of record see.
 */
import { datesOfIsoWeek, epochMs, type KpiId, RECORD_WRITERS } from '@hotline/domain'
import { A } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { type JSX, Show } from 'solid-js'
import { Dynamic } from 'solid-js/web'
import { type KpiResult, type StoredStaffEvent, type StoredTraining, useRecordsApi } from '../../api/records'
import { formatInstant } from '../../beijing-time'
import { type Locale, useI18n } from '../../i18n'
import { kpiName } from '../../kpi-view'
import { withMonth } from '../../month'
import { hasAnyRole } from '../../permissions'
import { useSession } from '../../session'
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

/**
 * The month's results of a tab's KPIs, fetched together (cached as `name`), each under the key it
 * is given: `{ safety: 'safety_check', cleaning: 'cleaning_check' }` → `{ safety, cleaning }`.
 */
export function useMonthResults<K extends string>(month: () => string, name: string, kpis: Record<K, KpiId>) {
  const api = useRecordsApi()
  return useQuery(() => ({
    queryKey: ['kpis', month(), name],
    queryFn: async () => {
      const keys = Object.keys(kpis) as K[]
      const lists = await Promise.all(keys.map((key) => api.kpis(month(), kpis[key])))
      return Object.fromEntries(keys.map((key, i) => [key, lists[i] ?? []])) as Record<K, KpiResult[]>
    },
  }))
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

/** A person's id (the row's header with `header`), opening their staff page, then their name: two cells. */
export function StaffCells(props: {
  staffId: string
  name: string | undefined
  month: string
  header?: boolean
}) {
  return (
    <>
      <Dynamic
        component={props.header ? 'th' : 'td'}
        scope={props.header ? 'row' : undefined}
        class="mono nowrap"
        translate="no"
      >
        <StaffLink staffId={props.staffId} month={props.month} />
      </Dynamic>
      <td>{props.name ?? ''}</td>
    </>
  )
}

/**
 * A KPI result's verdict: met, breached, or not computed yet (the monthly job has not run; `none`
 * says it otherwise).
 */
export function Verdict(props: {
  result: KpiResult | undefined
  met: string
  breached: string
  none?: string
}) {
  const { t } = useI18n()
  return (
    <Show
      when={props.result}
      fallback={
        <span class="badge" data-verdict="none">
          {props.none ?? t('records.common.notComputed')}
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

/** A training record's type and what it came to (exam passed or not, hours, or days): two cells. */
export function TrainingCells(props: { record: StoredTraining }) {
  const { t } = useI18n()
  const amount = () => {
    const r = props.record
    return r.type === 'exam'
      ? t(r.passed ? 'records.compliance.training.passed' : 'records.compliance.training.notPassed')
      : r.hours !== undefined
        ? t('records.compliance.training.hoursValue', { hours: String(r.hours) })
        : t('records.compliance.training.daysValue', { days: String(r.days ?? '') })
  }
  return (
    <>
      <td class="nowrap">{t(`records.compliance.training.types.${props.record.type}`)}</td>
      <td class="nowrap">{amount()}</td>
    </>
  )
}

/** What only the roles that may write `kind` records see (the domain's `RECORD_WRITERS`): its form. */
export function ForWriters(props: { of: keyof typeof RECORD_WRITERS; children: JSX.Element }) {
  const session = useSession()
  return (
    <Show when={hasAnyRole(session.current()?.user.roles, RECORD_WRITERS[props.of])}>{props.children}</Show>
  )
}
