/**
 * `/records/calls/:day/:callId`: one call as the KPIs read it — when it entered the queue, was
 * answered and ended (Beijing time), the agent, the wait and talk in seconds, and its outcome in
 * words as the domain classified it (15 秒内应答, 超过 15 秒应答（等待 42 秒）, 放弃（等待 30 秒）,
 * 仅语音导航), with what it counts for in the day's answer and connection rates.
 */
import { A, useParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { Show } from 'solid-js'
import { type CallLookup, type CallOutcome, useRecordsApi } from '../../api/records'
import { formatInstant } from '../../beijing-time'
import { useI18n } from '../../i18n'
import { kpiName } from '../../kpi-view'
import { useMonthInContext, withMonth } from '../../month'
import { usePeriodText } from '../../names'
import { decodeSegment, staffHref } from './links'
import { Facts, Provenance, RecordShell } from './RecordShell'

/** Seconds as measured (to the millisecond), without trailing zeros: `42`, `15.4`. */
export const secondsText = (seconds: number): string => String(Math.round(seconds * 1000) / 1000)

/** A call's outcome in words: `超过 15 秒应答（等待 42 秒）`. */
export function useOutcomeText(): (derived: CallLookup['derived']) => string {
  const { t } = useI18n()
  return (d) =>
    t(`records.call.outcomes.${d.outcome}`, {
      threshold: String(d.thresholdSeconds),
      wait: d.waitSeconds === null ? '' : secondsText(d.waitSeconds),
    })
}

export default function CallPage() {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const periodText = usePeriodText()
  const outcomeText = useOutcomeText()
  const params = useParams<{ day: string; callId: string }>()
  const month = useMonthInContext()
  const day = () => decodeSegment(params.day)
  const callId = () => decodeSegment(params.callId)
  const call = useQuery(() => ({
    queryKey: ['record', 'call', day(), callId()],
    queryFn: () => api.call(day(), callId()),
    retry: false,
  }))
  const time = (at: string) => <time datetime={at}>{formatInstant(at, locale())}</time>
  const counts = (outcome: CallOutcome) =>
    t(`records.call.counts.${outcome}`, {
      answer: kpiName('answer_15s', locale()),
      connection: kpiName('connection', locale()),
      day: periodText(day()),
    })

  return (
    <RecordShell
      title={t('records.call.title', { id: callId() })}
      ids={[callId()]}
      back={{ href: '/dashboard', label: t('records.record.backToDashboard'), month: day().slice(0, 7) }}
      query={call}
      notFound={t('records.call.notFound', { id: callId(), day: periodText(day()) })}
    >
      {({ record, derived }) => (
        <>
          <Facts
            label={t('records.call.facts')}
            facts={[
              {
                label: t('records.call.outcome'),
                value: <strong>{outcomeText(derived)}</strong>,
                testid: 'call-outcome',
              },
              { label: t('records.call.enqueuedAt'), value: time(record.enqueuedAt) },
              {
                label: t('records.call.answeredAt'),
                value: record.answeredAt ? time(record.answeredAt) : t('records.call.notAnswered'),
              },
              { label: t('records.call.endedAt'), value: time(record.endedAt) },
              derived.waitSeconds !== null && {
                label: t('records.call.wait'),
                value: t('records.call.seconds', { n: secondsText(derived.waitSeconds) }),
                testid: 'call-wait',
              },
              derived.talkSeconds !== null && {
                label: t('records.call.talk'),
                value: t('records.call.seconds', { n: secondsText(derived.talkSeconds) }),
              },
              record.agentId
                ? {
                    label: t('records.call.agent'),
                    value: (
                      <A class="mono" translate="no" href={withMonth(staffHref(record.agentId), month())}>
                        {record.agentId}
                      </A>
                    ),
                  }
                : null,
            ]}
          />
          <p class="note" data-testid="call-counts">
            {counts(derived.outcome)}
          </p>
          <Show when={derived.outcome === 'answeredWithin' || derived.outcome === 'answeredLate'}>
            <p class="muted">{t('records.call.thresholdNote', { n: String(derived.thresholdSeconds) })}</p>
          </Show>
          <Provenance record={record} />
        </>
      )}
    </RecordShell>
  )
}
