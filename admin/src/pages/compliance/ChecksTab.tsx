/**
 * The compliance page's weekly checks (§4.12 安全检查, §4.13 卫生保洁检查): the ISO weeks of the
 * month, each met or missing as the monthly job found it with the checks logged (counted as the KPI
 * counts them), the month's check records (each opens its page), and the contractor's form.
 */
import { countFacilityChecks, datesOfIsoWeek, isoWeeksOfMonth } from '@hotline/domain'
import { useQuery } from '@tanstack/solid-query'
import { For } from 'solid-js'
import { useRecordsApi } from '../../api/records'
import { DataTable, Instant, RowsTable } from '../../components/lists'
import { formatDate, Loaded } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { useActorName, usePeriodText } from '../../names'
import { checkHref } from '../records/links'
import { CheckForm } from './CheckForm'
import {
  byTime,
  checkTypeName,
  ForWriters,
  JobNote,
  type OnRecorded,
  RecordLink,
  useMonthResults,
  Verdict,
} from './shared'

const CHECK_COLUMNS = ['at', 'type', 'checkId', 'notes', 'recordedBy'] as const

const TYPES = ['safety', 'cleaning'] as const

export function ChecksTab(props: { month: string; onRecorded: OnRecorded }) {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const periodText = usePeriodText()
  const actorName = useActorName()
  const checks = useQuery(() => ({
    queryKey: ['facility-checks', props.month],
    queryFn: () =>
      Promise.all(
        isoWeeksOfMonth(props.month).map(async (week) => ({ week, records: await api.facilityChecks(week) })),
      ),
  }))
  const results = useMonthResults(() => props.month, 'facility-checks', {
    safety: 'safety_check',
    cleaning: 'cleaning_check',
  })
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

        <RowsTable
          testid="checks"
          title={t('records.compliance.checks.listTitle')}
          rows={all()}
          empty={t('records.compliance.checks.empty')}
          columns={CHECK_COLUMNS.map((column) => t(`records.compliance.checks.columns.${column}`))}
        >
          {({ week, record: c }) => (
            <tr data-testid="check-row">
              <td class="nowrap">
                <RecordLink href={checkHref(week, c.checkId ?? c.at, c.type)} month={props.month}>
                  <Instant at={c.at} />
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
        </RowsTable>
      </Loaded>
      <ForWriters of="facility_check">
        <CheckForm onRecorded={props.onRecorded} />
      </ForWriters>
    </>
  )
}
