/** A deduction's decision as recorded — outcome, amount, who, when, why — and the decisions undone by a reopen. */
import { formatYuan } from '@hotline/domain'
import { For, Show } from 'solid-js'
import type { Deduction } from '../api/deductions'
import { formatInstant } from '../beijing-time'
import { useI18n } from '../i18n'
import { useActorName } from '../names'
import { StatusBadge } from './badges'

export function DecisionRecord(props: { deduction: Deduction }) {
  const { t, locale } = useI18n()
  const actorName = useActorName()
  return (
    <>
      <Show when={props.deduction.decision}>
        {(decision) => (
          <dl data-testid="decision-record">
            <dt>{t('deductions.decision.outcome')}</dt>
            <dd>
              <StatusBadge status={decision().decision} />
            </dd>
            <dt>{t('deductions.decision.amount')}</dt>
            <dd>{formatYuan(decision().amountFen)}</dd>
            <dt>{t('deductions.decision.by')}</dt>
            <dd>{actorName(decision().by)}</dd>
            <dt>{t('deductions.decision.at')}</dt>
            <dd>
              <time datetime={decision().at}>{formatInstant(decision().at, locale())}</time>
            </dd>
            <Show when={decision().reason}>
              {(text) => (
                <>
                  <dt>{t('deductions.decision.reason')}</dt>
                  <dd class="prewrap">{text()}</dd>
                </>
              )}
            </Show>
          </dl>
        )}
      </Show>
      <Show when={props.deduction.previousDecisions.length > 0}>
        <h4 id="previous-decisions">{t('deductions.decision.previous')}</h4>
        <ul aria-labelledby="previous-decisions" data-testid="previous-decisions">
          <For each={props.deduction.previousDecisions}>
            {(previous) => (
              <li>
                {t('deductions.decision.previousItem', {
                  outcome: t(`deductions.statuses.${previous.decision}`),
                  amount: formatYuan(previous.amountFen),
                  by: actorName(previous.by),
                  at: formatInstant(previous.at, locale()),
                })}
                <Show when={previous.reason}>
                  {(reason) => (
                    <span class="prewrap">{`${locale() === 'zh-CN' ? '：' : ': '}${reason()}`}</span>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  )
}
