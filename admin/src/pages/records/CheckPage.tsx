/**
 * `/records/checks/:week/:checkKey`: one weekly facility check (§4.12 安全检查, §4.13 卫生保洁检查)
 * by its week and key (its check id, or the instant of one logged without an id; `?type=` picks the
 * safety or cleaning check when both share the key) — its week in words, type, time, who checked,
 * notes, and the other check filed under the same key, if any.
 */
import { datesOfIsoWeek } from '@hotline/domain'
import { A, useParams, useSearchParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import { useRecordsApi } from '../../api/records'
import { formatInstant } from '../../beijing-time'
import { formatDate } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { withMonth } from '../../month'
import { usePeriodText } from '../../names'
import { checkTypeName, monthOfWeek } from '../compliance/shared'
import { checkHref, decodeSegment } from './links'
import { Facts, Provenance, RecordShell } from './RecordShell'

export default function CheckPage() {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const periodText = usePeriodText()
  const params = useParams<{ week: string; checkKey: string }>()
  const [search] = useSearchParams<{ type?: string }>()
  const week = () => decodeSegment(params.week)
  const key = () => decodeSegment(params.checkKey)
  const type = () => (search.type === 'safety' || search.type === 'cleaning' ? search.type : undefined)
  const month = () => monthOfWeek(week())
  const check = useQuery(() => ({
    queryKey: ['record', 'check', week(), key(), type() ?? null],
    queryFn: () => api.check(week(), key(), type()),
    retry: false,
  }))
  const weekText = () => {
    const dates = datesOfIsoWeek(week())
    return t('records.check.weekValue', {
      week: periodText(week()),
      from: formatDate(dates[0] ?? '', locale()),
      to: formatDate(dates[6] ?? '', locale()),
    })
  }

  return (
    <RecordShell
      title={t('records.check.title')}
      ids={[]}
      back={{ href: '/compliance?tab=checks', label: t('records.check.back'), month: month() }}
      query={check}
      notFound={t('records.check.notFound', { week: periodText(week()) })}
    >
      {({ record, others }) => (
        <>
          <Facts
            label={t('records.check.facts')}
            facts={[
              {
                label: t('records.check.type'),
                value: checkTypeName(record.type, locale()),
                testid: 'check-type',
              },
              { label: t('records.check.week'), value: weekText() },
              {
                label: t('records.check.at'),
                value: <time datetime={record.at}>{formatInstant(record.at, locale())}</time>,
              },
              record.checkId !== undefined && {
                label: t('records.check.checkId'),
                value: (
                  <span class="mono" translate="no">
                    {record.checkId}
                  </span>
                ),
              },
              record.by !== undefined && { label: t('records.check.by'), value: record.by },
              record.notes !== undefined && {
                label: t('records.check.notes'),
                value: <span class="prewrap">{record.notes}</span>,
              },
            ]}
          />
          <Show when={others.length > 0}>
            <p>
              {t('records.check.others')}{' '}
              <For each={others}>
                {(other) => (
                  <A href={withMonth(checkHref(week(), key(), other.type), month())}>
                    {checkTypeName(other.type, locale())}
                  </A>
                )}
              </For>
            </p>
          </Show>
          <Provenance record={record} />
        </>
      )}
    </RecordShell>
  )
}
