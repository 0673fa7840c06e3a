/**
 * "最近的计算": the latest runs of the daily and monthly jobs — the period, what started it (the
 * nightly schedule or a person), the terms version it computed under, its outcome and start — so a
 * reviewer who saved a terms version or loaded a calendar year sees the jobs use it. A run whose
 * deadlines used a calendar year not loaded is flagged: they are provisional until the year is loaded.
 */
import { useQuery } from '@tanstack/solid-query'
import { For, Match, Show, Switch } from 'solid-js'
import { useErrorText } from '../../api/errors'
import { type JobRun, useRecordsApi } from '../../api/records'
import { formatInstant } from '../../beijing-time'
import { DataTable } from '../../components/lists'
import { useI18n } from '../../i18n'
import { usePeriodText, useTermsText } from '../../names'

/** How many runs of each job the section lists. */
const RUNS_SHOWN = 10

const TRIGGERS = ['schedule', 'manual', 'replay', 'demo'] as const
type Trigger = (typeof TRIGGERS)[number] | 'other'
const triggerOf = (trigger: string): Trigger =>
  (TRIGGERS as readonly string[]).includes(trigger) ? (trigger as Trigger) : 'other'

const STATUS_CLASSES: Record<JobRun['status'], string> = {
  running: 'badge',
  succeeded: 'badge good-badge',
  failed: 'badge bad-badge',
}

/** The section: a table of each job's latest runs. */
export function JobRunsSection() {
  const { t } = useI18n()
  return (
    <section aria-labelledby="runs-title" data-testid="job-runs">
      <h3 id="runs-title">{t('records.settings.runs.title')}</h3>
      <p class="muted">{t('records.settings.runs.intro')}</p>
      <RunsTable job="daily" />
      <RunsTable job="monthly" />
    </section>
  )
}

function RunsTable(props: { job: 'daily' | 'monthly' }) {
  const { t, locale } = useI18n()
  const errorText = useErrorText()
  const periodText = usePeriodText()
  const termsText = useTermsText()
  const api = useRecordsApi()
  const runs = useQuery(() => ({
    queryKey: ['job-runs', props.job],
    queryFn: () => api.jobRuns(props.job, RUNS_SHOWN),
  }))
  const titleId = `runs-${props.job}`

  return (
    <>
      <h4 id={titleId}>{t(`records.settings.runs.${props.job}`)}</h4>
      <Switch>
        <Match when={runs.isPending}>
          <p role="status">{t('records.common.loading')}</p>
        </Match>
        <Match when={runs.isError}>
          <p role="alert" class="bad">
            {t('records.common.failed', { message: errorText(runs.error) })}
          </p>
        </Match>
        <Match when={runs.data?.length === 0}>
          <p class="muted">{t('records.settings.runs.none')}</p>
        </Match>
        <Match when={runs.data}>
          {(list) => (
            <DataTable
              labelledBy={titleId}
              testid={`runs-${props.job}`}
              columns={[
                t('records.settings.runs.columns.period'),
                t('records.settings.runs.columns.trigger'),
                t('records.settings.runs.columns.terms'),
                t('records.settings.runs.columns.status'),
                t('records.settings.runs.columns.startedAt'),
              ]}
            >
              <For each={list()}>
                {(run) => (
                  <tr data-testid="job-run">
                    <th scope="row">{periodText(run.period)}</th>
                    <td>{t(`records.settings.runs.triggers.${triggerOf(run.trigger)}`)}</td>
                    <td>{termsText(run.termsVersion)}</td>
                    <td>
                      <span class={STATUS_CLASSES[run.status]} data-status={run.status}>
                        {t(`records.settings.runs.statuses.${run.status}`)}
                      </span>
                      <Show when={(run.counts.provisional ?? 0) > 0}>
                        {' '}
                        <span class="badge" data-testid="run-provisional">
                          {t('records.settings.runs.provisional', { n: String(run.counts.provisional) })}
                        </span>
                      </Show>
                    </td>
                    <td>{formatInstant(run.startedAt, locale())}</td>
                  </tr>
                )}
              </For>
            </DataTable>
          )}
        </Match>
      </Switch>
    </>
  )
}
