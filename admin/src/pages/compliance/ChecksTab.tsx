/**
 * The compliance page's weekly checks (§4.12 安全检查, §4.13 卫生保洁检查): the ISO weeks of the
 * month, each met or missing as the monthly job found it with the checks logged (counted as the KPI
 * counts them), the month's check records (each opens its page), and the contractor's form.
 */
import { countFacilityChecks, datesOfIsoWeek, isoWeeksOfMonth, RECORD_WRITERS } from '@hotline/domain'
import { useQuery } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import { type StoredFacilityCheck, useRecordsApi } from '../../api/records'
import { formatInstant } from '../../beijing-time'
import { DataTable } from '../../components/lists'
import { formatDate, Loaded } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { useActorName, usePeriodText } from '../../names'
import { hasAnyRole } from '../../permissions'
import { useSession } from '../../session'
import { checkHref } from '../records/links'
import { CheckForm } from './CheckForm'
import { byTime, checkTypeName, JobNote, type OnRecorded, RecordLink, Verdict } from './shared'

const TYPES = ['safety', 'cleaning'] as const

export function ChecksTab(props: { month: string; onRecorded: OnRecorded }) {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const session = useSession()
  const periodText = usePeriodText()
  const actorName = useActorName()
  const checks = useQuery(() => ({
    queryKey: ['facility-checks', props.month],
    queryFn: () =>
      Promise.all(
        isoWeeksOfMonth(props.month).map(async (week) => ({ week, records: await api.facilityChecks(week) })),
      ),
  }))
  const results = useQuery(() => ({
    queryKey: ['kpis', props.month, 'facility-checks'],
    queryFn: async () => {
      const [safety, cleaning] = await Promise.all([
        api.kpis(props.month, 'safety_check'),
        api.kpis(props.month, 'cleaning_check'),
      ])
      return { safety, cleaning }
    },
  }))
  const resultOf = (type: 'safety' | 'cleaning', week: string) =>
    results.data?.[type].find((r) => r.period === week && r.subject === null)
  const all = () =>
    (checks.data ?? [])
      .flatMap((w) => w.records.map((record) => ({ week: w.week, record })))
      .sort((a, b) => byTime(a.record, b.record))

  return (
    <>
      <p class="muted">
        {t('records.compliance.checks.intro', {
          safety: checkTypeName('safety', locale()),
          cleaning: checkTypeName('cleaning', locale()),
        })}
      </p>
      <Loaded queries={[checks, results]}>
        <DataTable
          labelledBy="weeks-caption"
          testid="weeks"
          caption={t('records.compliance.checks.weeksCaption', { month: periodText(props.month) })}
          columns={[
            t('records.compliance.checks.columns.week'),
            ...TYPES.map((type) => checkTypeName(type, locale())),
          ]}
        >
          <For each={checks.data ?? []}>
            {(w) => {
              const dates = datesOfIsoWeek(w.week)
              return (
                <tr data-testid="week-row" data-week={w.week}>
                  <th scope="row" class="nowrap">
                    {periodText(w.week)}{' '}
                    <span class="muted detail">
                      {formatDate(dates[0] ?? '', locale())}–{formatDate(dates[6] ?? '', locale())}
                    </span>
                  </th>
                  <For each={TYPES}>
                    {(type) => (
                      <td data-testid={`week-${type}`}>
                        <Verdict
                          result={resultOf(type, w.week)}
                          met={t('records.compliance.checks.met')}
                          breached={t('records.compliance.checks.missing')}
                        />{' '}
                        <span class="muted">
                          {t('records.compliance.checks.logged', {
                            n: String(countFacilityChecks(w.records, type)),
                          })}
                        </span>
                      </td>
                    )}
                  </For>
                </tr>
              )
            }}
          </For>
        </DataTable>
        <JobNote results={[...(results.data?.safety ?? []), ...(results.data?.cleaning ?? [])]} />

        <h3 id="checks-title">{t('records.compliance.checks.listTitle')}</h3>
        <Show when={all().length > 0} fallback={<p role="status">{t('records.compliance.checks.empty')}</p>}>
          <DataTable
            labelledBy="checks-title"
            testid="checks"
            columns={[
              t('records.compliance.checks.columns.at'),
              t('records.compliance.checks.columns.type'),
              t('records.compliance.checks.columns.checkId'),
              t('records.compliance.checks.columns.notes'),
              t('records.compliance.checks.columns.recordedBy'),
            ]}
          >
            <For each={all()}>
              {({ week, record: c }: { week: string; record: StoredFacilityCheck }) => (
                <tr data-testid="check-row">
                  <td class="nowrap">
                    <RecordLink href={checkHref(week, c.checkId ?? c.at, c.type)} month={props.month}>
                      <time datetime={c.at}>{formatInstant(c.at, locale())}</time>
                    </RecordLink>
                  </td>
                  <td class="nowrap">{checkTypeName(c.type, locale())}</td>
                  <td class="mono" translate="no">
                    {c.checkId ?? ''}
                  </td>
                  <td class="text prewrap">{c.notes ?? ''}</td>
                  <td class="nowrap">{actorName(c.ingestedBy)}</td>
                </tr>
              )}
            </For>
          </DataTable>
        </Show>
      </Loaded>
      <Show when={hasAnyRole(session.current()?.user.roles, RECORD_WRITERS.facility_check)}>
        <CheckForm onRecorded={props.onRecorded} />
      </Show>
    </>
  )
}
