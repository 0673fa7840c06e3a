/**
 * The compliance page's staff (§4.8): the month's turnover of front-line agents against the terms'
 * ceiling (the job's result, or the domain's rule applied here before it runs), who is on the books
 * (the domain's `rosterAt`: now, or at the month's end for a past month), the month's joins and
 * leaves, and the form to record one. Each person opens their staff page.
 */
import {
  createCalendar,
  epochMs,
  formatBp,
  formatPercent,
  formatYuan,
  localMonthOf,
  nextMonth,
  rosterAt,
  StaffRole,
  startOfLocalDay,
  turnoverMonthly,
} from '@hotline/domain'
import { useQuery } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import {
  type KpiResult,
  type StoredStaffEvent,
  type TermsResponse,
  useRecordsApi,
  useTerms,
} from '../../api/records'
import { RowsTable, TimeCell } from '../../components/lists'
import { Loaded } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { useActorName, usePeriodText } from '../../names'
import { StaffForm } from './StaffForm'
import { byTime, ForWriters, namesOf, type OnRecorded, StaffCells, useMonthResults } from './shared'

export function StaffTab(props: { month: string; onRecorded: OnRecorded }) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const periodText = usePeriodText()
  const actorName = useActorName()
  const staff = useQuery(() => ({ queryKey: ['staff-events'], queryFn: () => api.staffEvents() }))
  const turnover = useMonthResults(() => props.month, 'turnover', { turnover: 'turnover' })
  const terms = useTerms()

  // On the books as of now, or at the month's end for a past month (the turnover's headcount).
  const monthEndMs = () => epochMs(startOfLocalDay(`${nextMonth(props.month)}-01`))
  const cutoffMs = () => Math.min(Date.now(), monthEndMs())
  const asOfLabel = () =>
    cutoffMs() === monthEndMs()
      ? t('records.compliance.staff.asOfMonthEnd', { month: periodText(props.month) })
      : t('records.compliance.staff.asOfNow')
  const roster = () => rosterAt(staff.data ?? [], cutoffMs())
  const rosterOf = (role: StaffRole) => roster().filter((p) => p.role === role)
  const movements = () => (staff.data ?? []).filter((e) => localMonthOf(e.at) === props.month).sort(byTime)
  const names = () => namesOf(staff.data)

  return (
    <>
      <p class="muted">{t('records.compliance.staff.intro')}</p>
      <Loaded queries={[staff, turnover, terms]}>
        <Turnover
          month={props.month}
          stored={turnover.data?.turnover.find((r) => r.period === props.month && r.subject === null)}
          staff={staff.data}
          terms={terms.data?.terms}
        />
        <For each={StaffRole.options}>
          {(role) => (
            <RowsTable
              testid={`roster-${role}`}
              titleId={`roster-${role}`}
              title={
                <>
                  {t(`records.compliance.staff.roster.${role}`, { n: String(rosterOf(role).length) })}{' '}
                  <span class="muted detail">{asOfLabel()}</span>
                </>
              }
              rows={rosterOf(role)}
              empty={t('records.compliance.staff.nobody')}
              emptyAs="muted"
              columns={[
                t('records.compliance.staff.columns.staffId'),
                t('records.compliance.staff.columns.name'),
                t('records.compliance.staff.columns.since'),
              ]}
            >
              {(p) => (
                <tr data-testid="roster-row">
                  <StaffCells staffId={p.staffId} name={p.name} month={props.month} header />
                  <TimeCell at={p.since} />
                </tr>
              )}
            </RowsTable>
          )}
        </For>

        <RowsTable
          testid="movements"
          title={t('records.compliance.staff.movementsTitle', { month: periodText(props.month) })}
          rows={movements()}
          empty={t('records.compliance.staff.noMovements')}
          columns={[
            t('records.compliance.checks.columns.at'),
            t('records.compliance.staff.columns.staffId'),
            t('records.compliance.staff.columns.name'),
            t('records.compliance.staff.columns.role'),
            t('records.compliance.staff.columns.change'),
            t('records.compliance.checks.columns.recordedBy'),
          ]}
        >
          {(e) => (
            <tr data-testid="movement-row">
              <TimeCell at={e.at} />
              <StaffCells staffId={e.staffId} name={e.name ?? names().get(e.staffId)} month={props.month} />
              <td class="nowrap">{t(`records.compliance.staff.roles.${e.role}`)}</td>
              <td class="nowrap">{t(`records.compliance.staff.changes.${e.type}`)}</td>
              <td class="nowrap">{actorName(e.ingestedBy)}</td>
            </tr>
          )}
        </RowsTable>
      </Loaded>
      <ForWriters of="staff_event">
        <StaffForm onRecorded={props.onRecorded} />
      </ForWriters>
    </>
  )
}

/** The month's turnover: the job's result, or — before the job has run — the domain's rule applied here. */
function Turnover(props: {
  month: string
  stored: KpiResult | undefined
  staff: readonly StoredStaffEvent[] | undefined
  terms: TermsResponse['terms'] | undefined
}) {
  const { t } = useI18n()
  const periodText = usePeriodText()
  const rate = (): {
    result: Pick<KpiResult, 'value' | 'met'> & { evidence: { figures: KpiResult['evidence']['figures'] } }
    estimate: boolean
  } | null => {
    if (props.stored) return { result: props.stored, estimate: false }
    if (!props.terms || !props.staff) return null
    const ctx = { terms: props.terms, calendar: createCalendar() }
    return { result: turnoverMonthly(props.staff, props.month, ctx), estimate: true }
  }
  const maxBp = () => props.terms?.kpis.turnover.maxBp ?? 2000
  return (
    <Show when={rate()}>
      {(r) => (
        <section class="kpi-figure" aria-labelledby="turnover-title" data-testid="turnover">
          <h3 id="turnover-title">
            {t('records.compliance.staff.turnoverTitle', { month: periodText(props.month) })}
          </h3>
          <Show
            when={r().result.value}
            fallback={<p role="status">{t('records.compliance.staff.noAgents')}</p>}
          >
            {(value) => (
              <>
                <p>
                  <strong class="figure" data-testid="turnover-rate">
                    {formatPercent(value())}
                  </strong>{' '}
                  <span
                    classList={{
                      badge: true,
                      'good-badge': r().result.met === true,
                      'bad-badge': r().result.met === false,
                    }}
                  >
                    {r().result.met
                      ? t('records.compliance.staff.withinCeiling', { max: formatBp(maxBp()) })
                      : t('records.compliance.staff.aboveCeiling', { max: formatBp(maxBp()) })}
                  </span>{' '}
                  <Show when={r().estimate}>
                    <span class="badge">{t('records.compliance.staff.estimate')}</span>
                  </Show>
                </p>
                <p class="muted" data-testid="turnover-formula">
                  {t('records.compliance.staff.formula', {
                    leavers: String(r().result.evidence.figures.leavers ?? 0),
                    headcount: String(r().result.evidence.figures.headcountAtMonthEnd ?? 0),
                  })}
                </p>
              </>
            )}
          </Show>
          <p class="note">
            {r().estimate ? t('records.compliance.staff.estimateNote') : ''}
            {t('records.compliance.staff.annualNote', {
              max: formatBp(maxBp()),
              amount: formatYuan(props.terms?.kpis.turnover.perPointFen ?? 0),
            })}
          </p>
        </section>
      )}
    </Show>
  )
}
