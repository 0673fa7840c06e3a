/**
 * The compliance page's training (§5): each agent's in-service hours of the month against the
 * terms' minimum with the KPI's verdict, onboarding before each newcomer's first duty, the month's
 * training records, and the contractor's form. Each person opens their staff page.
 */
import { formatPoints } from '@hotline/domain'
import { useQuery } from '@tanstack/solid-query'
import { Show } from 'solid-js'
import { type KpiResult, type StoredTraining, useRecordsApi, useTerms } from '../../api/records'
import { Instant, RowsTable, TimeCell } from '../../components/lists'
import { Loaded } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import {
  byTime,
  ForWriters,
  JobNote,
  namesOf,
  type OnRecorded,
  StaffCells,
  sortIds,
  TrainingCells,
  useMonthResults,
  Verdict,
} from './shared'
import { TrainingForm } from './TrainingForm'

const MISSING = ['onboarding', 'exam', 'practice'] as const
const hours = (minutes: number) => formatPoints({ num: minutes, den: 60 })

export function TrainingTab(props: { month: string; onRecorded: OnRecorded }) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const training = useQuery(() => ({
    queryKey: ['training', props.month],
    queryFn: () => api.training(props.month),
  }))
  const results = useMonthResults(() => props.month, 'training', {
    inService: 'training.in_service',
    onboarding: 'training.onboarding',
  })
  const staff = useQuery(() => ({ queryKey: ['staff-events'], queryFn: () => api.staffEvents() }))
  const terms = useTerms()
  const names = () => namesOf(staff.data)
  const minHours = () => terms.data?.terms.kpis.training.inServiceMinHoursPerMonth ?? 16

  return (
    <>
      <p class="muted">{t('records.compliance.training.intro', { hours: String(minHours()) })}</p>
      <Loaded queries={[training, results, staff]}>
        <InService
          month={props.month}
          training={training.data ?? []}
          results={results.data?.inService ?? []}
          names={names()}
          minHours={minHours()}
        />
        <p class="note">{t('records.compliance.training.notEvaluatedNote')}</p>
        <JobNote results={[...(results.data?.inService ?? []), ...(results.data?.onboarding ?? [])]} />
        <Onboarding month={props.month} results={results.data?.onboarding ?? []} names={names()} />
        <TrainingRecords month={props.month} training={training.data ?? []} names={names()} />
      </Loaded>
      <ForWriters of="training">
        <TrainingForm onRecorded={props.onRecorded} />
      </ForWriters>
    </>
  )
}

/** Per agent: the month's in-service minutes from the records, and the KPI's verdict. */
function InService(props: {
  month: string
  training: readonly StoredTraining[]
  results: readonly KpiResult[]
  names: Map<string, string>
  minHours: number
}) {
  const { t } = useI18n()
  const rows = () => {
    const minutes = new Map<string, number>()
    for (const r of props.training) {
      if (r.type !== 'in_service') continue
      minutes.set(r.staffId, (minutes.get(r.staffId) ?? 0) + Math.round((r.hours ?? 0) * 60))
    }
    const results = new Map(props.results.flatMap((r) => (r.subject ? [[r.subject, r] as const] : [])))
    return sortIds(new Set([...minutes.keys(), ...results.keys()])).map((staffId) => ({
      staffId,
      minutes: minutes.get(staffId) ?? 0,
      result: results.get(staffId),
    }))
  }
  return (
    <RowsTable
      testid="in-service"
      title={t('records.compliance.training.inServiceTitle')}
      rows={rows()}
      empty={t('records.compliance.training.empty')}
      columns={[
        t('records.compliance.staff.columns.staffId'),
        t('records.compliance.staff.columns.name'),
        t('records.compliance.training.columns.hours'),
        t('records.compliance.training.columns.target'),
        t('records.compliance.training.columns.result'),
      ]}
    >
      {(row) => (
        <tr data-testid="in-service-row">
          <StaffCells staffId={row.staffId} name={props.names.get(row.staffId)} month={props.month} header />
          <td class="nowrap">
            <span classList={{ bad: row.minutes < props.minHours * 60 }}>
              {t('records.compliance.training.hoursValue', { hours: hours(row.minutes) })}
            </span>
            <meter
              min={0}
              max={props.minHours}
              low={props.minHours - 0.01}
              optimum={props.minHours}
              value={row.minutes / 60}
              aria-label={t('records.compliance.training.meter', { id: row.staffId })}
            />
          </td>
          <td class="nowrap">
            {t('records.compliance.training.targetValue', { hours: String(props.minHours) })}
          </td>
          <td class="nowrap">
            <Verdict
              result={row.result}
              none={t('records.compliance.training.notEvaluated')}
              met={t('records.compliance.training.met')}
              breached={t('records.compliance.training.short', {
                hours: hours(Math.max(0, props.minHours * 60 - row.minutes)),
              })}
            />
          </td>
        </tr>
      )}
    </RowsTable>
  )
}

/** Each newcomer's onboarding before first duty, as the monthly job judged it. */
function Onboarding(props: { month: string; results: readonly KpiResult[]; names: Map<string, string> }) {
  const { t, locale } = useI18n()
  const missingOf = (r: KpiResult) =>
    String(r.evidence.figures.missing ?? '')
      .split(',')
      .filter((m): m is (typeof MISSING)[number] => (MISSING as readonly string[]).includes(m))
      .map((m) => t(`records.compliance.training.missingParts.${m}`))
      .join(locale() === 'zh-CN' ? '、' : ', ')
  return (
    <RowsTable
      testid="onboarding"
      title={t('records.compliance.training.onboardingTitle')}
      rows={props.results}
      empty={t('records.compliance.training.noOnboarding')}
      columns={[
        t('records.compliance.staff.columns.staffId'),
        t('records.compliance.staff.columns.name'),
        t('records.compliance.training.columns.firstDuty'),
        t('records.compliance.training.columns.onboardingDays'),
        t('records.compliance.training.columns.exam'),
        t('records.compliance.training.columns.practiceDays'),
        t('records.compliance.training.columns.result'),
      ]}
    >
      {(r) => {
        const f = r.evidence.figures
        return (
          <tr data-testid="onboarding-row">
            <StaffCells
              staffId={r.subject ?? ''}
              name={props.names.get(r.subject ?? '')}
              month={props.month}
              header
            />
            <td class="nowrap">
              <Show when={typeof f.firstDutyAt === 'string' && f.firstDutyAt}>
                {(at) => <Instant at={at()} />}
              </Show>
            </td>
            <td class="nowrap">{String(f.onboardingDays ?? '')}</td>
            <td class="nowrap">
              {f.examPassed
                ? t('records.compliance.training.passed')
                : t('records.compliance.training.notPassed')}
            </td>
            <td class="nowrap">{String(f.practiceDays ?? '')}</td>
            <td>
              <Verdict
                result={r}
                met={t('records.compliance.training.onboardingMet')}
                breached={t('records.compliance.training.missing', { what: missingOf(r) })}
              />
            </td>
          </tr>
        )
      }}
    </RowsTable>
  )
}

/** The month's training records, by time. */
function TrainingRecords(props: {
  month: string
  training: readonly StoredTraining[]
  names: Map<string, string>
}) {
  const { t } = useI18n()
  return (
    <RowsTable
      testid="training-records"
      title={t('records.compliance.training.recordsTitle')}
      rows={[...props.training].sort(byTime)}
      empty={t('records.compliance.training.noRecords')}
      columns={[
        t('records.compliance.checks.columns.at'),
        t('records.compliance.staff.columns.staffId'),
        t('records.compliance.staff.columns.name'),
        t('records.compliance.training.columns.type'),
        t('records.compliance.training.columns.amount'),
      ]}
    >
      {(r) => (
        <tr data-testid="training-row">
          <TimeCell at={r.at} />
          <StaffCells staffId={r.staffId} name={props.names.get(r.staffId)} month={props.month} />
          <TrainingCells record={r} />
        </tr>
      )}
    </RowsTable>
  )
}
