/** A deduction at a glance: the KPI, clause, period, subject, amounts, marks, terms version, times and version. */
import { formatYuan } from '@hotline/domain'
import { Show } from 'solid-js'
import type { Deduction } from '../api/deductions'
import { formatInstant } from '../beijing-time'
import { useI18n } from '../i18n'
import { useTermsText } from '../names'
import { DeductionMarks } from './badges'
import { useDeductionWords } from './words'

export function Facts(props: { deduction: Deduction }) {
  const { t, locale } = useI18n()
  const words = useDeductionWords()
  const termsText = useTermsText()
  const d = () => props.deduction
  const time = (at: string) => <time datetime={at}>{formatInstant(at, locale())}</time>
  return (
    <dl data-testid="deduction-facts" aria-label={t('deductions.facts.label')}>
      <dt>{t('deductions.facts.kpi')}</dt>
      <dd>{words.kpiName(d().kpi)}</dd>
      <dt>{t('deductions.facts.clause')}</dt>
      <dd>{d().draft.clause}</dd>
      <dt>{t('deductions.facts.period')}</dt>
      <dd>{words.periodText(d().period)}</dd>
      <Show when={d().subject !== null}>
        <dt>{t('deductions.facts.subject')}</dt>
        <dd class="mono" translate="no">
          {words.subjectText(d().subject)}
        </dd>
      </Show>
      <dt>{t('deductions.facts.amount')}</dt>
      <dd data-testid="drafted-amount">{formatYuan(d().amountFen)}</dd>
      <Show when={d().finalAmountFen !== null}>
        <dt>{t('deductions.facts.finalAmount')}</dt>
        <dd data-testid="final-amount">
          <strong>{formatYuan(d().finalAmountFen ?? 0)}</strong>
        </dd>
      </Show>
      {/* Only a deduction with a mark (an objection, a revision link, a withdrawal, a close) has the row. */}
      <Show when={d().objection || d().supersedes || d().supersededBy || d().withdrawal || d().frozenBy}>
        <dt>{t('deductions.facts.marks')}</dt>
        <dd>
          <DeductionMarks deduction={d()} />
        </dd>
      </Show>
      <dt>{t('deductions.facts.termsVersion')}</dt>
      <dd data-testid="terms-version">{termsText(d().draft.termsVersion)}</dd>
      <dt>{t('deductions.facts.draftedAt')}</dt>
      <dd>{time(d().draftedAt)}</dd>
      <dt>{t('deductions.facts.updatedAt')}</dt>
      <dd>{time(d().updatedAt)}</dd>
      <dt>{t('deductions.facts.version')}</dt>
      <dd data-testid="deduction-version">{d().version}</dd>
    </dl>
  )
}
