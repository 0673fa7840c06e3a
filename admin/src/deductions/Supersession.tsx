/** The records of the same breach before and after late data: what this one replaced, what replaced it, a withdrawal. */
import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import type { Deduction } from '../api/deductions'
import { useI18n } from '../i18n'
import { deductionHref } from '../pages/records/links'
import { type QueueQuery, queueLink } from './queue'
import { useRecordName } from './words'

export function Supersession(props: { deduction: Deduction; queue: QueueQuery }) {
  const { t } = useI18n()
  const recordName = useRecordName()
  const d = () => props.deduction
  const link = (id: string) => (
    <A href={deductionHref(d().billingMonth, id, queueLink(props.queue))}>{recordName(id)}</A>
  )
  return (
    <Show when={d().supersedes || d().supersededBy || d().withdrawal}>
      <h3 id="supersession-title">{t('deductions.supersession.title')}</h3>
      <dl data-testid="supersession" aria-labelledby="supersession-title">
        <Show when={d().supersedes}>
          {(id) => (
            <>
              <dt>{t('deductions.supersession.supersedes')}</dt>
              <dd>{link(id())}</dd>
            </>
          )}
        </Show>
        <Show when={d().supersededBy}>
          {(id) => (
            <>
              <dt>{t('deductions.supersession.supersededBy')}</dt>
              <dd>
                {link(id())} <span class="muted">{t('deductions.supersession.supersededNote')}</span>
              </dd>
            </>
          )}
        </Show>
      </dl>
      <Show when={d().withdrawal}>
        <p class="note">{t('deductions.supersession.withdrawal')}</p>
      </Show>
    </Show>
  )
}
