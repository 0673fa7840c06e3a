/**
 * The compliance page's training (§5): each agent's in-service hours of the month against the
 * terms' minimum with the KPI's verdict, onboarding before each newcomer's first duty, the month's
 * training records, and the contractor's form. Each person opens their staff page.
 */
import { formatPoints, RECORD_WRITERS } from '@hotline/domain'
import { useQuery } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import { type KpiResult, type StoredTraining, useRecordsApi } from '../../api/records'
import { formatInstant } from '../../beijing-time'
import { DataTable } from '../../components/lists'
import { Loaded } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { hasAnyRole } from '../../permissions'
import { useSession } from '../../session'
import {
  byTime,
  JobNote,
  namesOf,
  type OnRecorded,
  StaffLink,
  sortIds,
  useTrainingAmount,
  Verdict,
} from './shared'
import { TrainingForm } from './TrainingForm'

const MISSING = ['onboarding', 'exam', 'practice'] as const
const hours = (minutes: number) => formatPoints({ num: minutes, den: 60 })

export function TrainingTab(props: { month: string; onRecorded: OnRecorded }) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const session = useSession()
  const training = useQuery(() => ({
    queryKey: ['training', props.month],
    queryFn: () => api.training(props.month),
  }))
  const results = useQuery(() => ({
    queryKey: ['kpis', props.month, 'training'],
    queryFn: async () => {
      const [inService, onboarding] = await Promise.all([
        api.kpis(props.month, 'training.in_service'),
        api.kpis(props.month, 'training.onboarding'),
      ])
      return { inService, onboarding }
    },
  }))
  const staff = useQuery(() => ({ queryKey: ['staff-events'], queryFn: () => api.staffEvents() }))
  const terms = useQuery(() => ({ queryKey: ['terms'], queryFn: () => api.terms(), staleTime: Infinity }))
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
      <Show when={hasAnyRole(session.current()?.user.roles, RECORD_WRITERS.training)}>
        <TrainingForm onRecorded={props.onRecorded} />
      </Show>
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
    <>
      <h3 id="in-service-title">{t('records.compliance.training.inServiceTitle')}</h3>
      <Show when={rows().length > 0} fallback={<p role="status">{t('records.compliance.training.empty')}</p>}>
        <DataTable
          labelledBy="in-service-title"
          testid="in-service"
          columns={[
            t('records.compliance.staff.columns.staffId'),
            t('records.compliance.staff.columns.name'),
            t('records.compliance.training.columns.hours'),
            t('records.compliance.training.columns.target'),
            t('records.compliance.training.columns.result'),
          ]}
        >
          <For each={rows()}>
            {(row) => (
              <tr data-testid="in-service-row">
                <th scope="row" class="mono nowrap" translate="no">
                  <StaffLink staffId={row.staffId} month={props.month} />
                </th>
                <td>{props.names.get(row.staffId) ?? ''}</td>
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
                  <Show
                    when={row.result}
                    fallback={
                      <span class="badge" data-verdict="none">
                        {t('records.compliance.training.notEvaluated')}
                      </span>
                    }
                  >
                    <Verdict
                      result={row.result}
                      met={t('records.compliance.training.met')}
                      breached={t('records.compliance.training.short', {
                        hours: hours(Math.max(0, props.minHours * 60 - row.minutes)),
                      })}
                    />
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </DataTable>
      </Show>
    </>
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
    <>
      <h3 id="onboarding-title">{t('records.compliance.training.onboardingTitle')}</h3>
      <Show
        when={props.results.length > 0}
        fallback={<p role="status">{t('records.compliance.training.noOnboarding')}</p>}
      >
        <DataTable
          labelledBy="onboarding-title"
          testid="onboarding"
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
          <For each={props.results}>
            {(r) => {
              const f = r.evidence.figures
              return (
                <tr data-testid="onboarding-row">
                  <th scope="row" class="mono nowrap" translate="no">
                    <StaffLink staffId={r.subject ?? ''} month={props.month} />
                  </th>
                  <td>{props.names.get(r.subject ?? '') ?? ''}</td>
                  <td class="nowrap">
                    <Show when={typeof f.firstDutyAt === 'string' && f.firstDutyAt}>
                      {(at) => <time datetime={at()}>{formatInstant(at(), locale())}</time>}
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
          </For>
        </DataTable>
      </Show>
    </>
  )
}

/** The month's training records, by time. */
function TrainingRecords(props: {
  month: string
  training: readonly StoredTraining[]
  names: Map<string, string>
}) {
  const { t, locale } = useI18n()
  const amount = useTrainingAmount()
  return (
    <>
      <h3 id="training-records-title">{t('records.compliance.training.recordsTitle')}</h3>
      <Show
        when={props.training.length > 0}
        fallback={<p role="status">{t('records.compliance.training.noRecords')}</p>}
      >
        <DataTable
          labelledBy="training-records-title"
          testid="training-records"
          columns={[
            t('records.compliance.checks.columns.at'),
            t('records.compliance.staff.columns.staffId'),
            t('records.compliance.staff.columns.name'),
            t('records.compliance.training.columns.type'),
            t('records.compliance.training.columns.amount'),
          ]}
        >
          <For each={[...props.training].sort(byTime)}>
            {(r) => (
              <tr data-testid="training-row">
                <td class="nowrap">
                  <time datetime={r.at}>{formatInstant(r.at, locale())}</time>
                </td>
                <td class="mono nowrap" translate="no">
                  <StaffLink staffId={r.staffId} month={props.month} />
                </td>
                <td>{props.names.get(r.staffId) ?? ''}</td>
                <td class="nowrap">{t(`records.compliance.training.types.${r.type}`)}</td>
                <td class="nowrap">{amount(r)}</td>
              </tr>
            )}
          </For>
        </DataTable>
      </Show>
    </>
  )
}
