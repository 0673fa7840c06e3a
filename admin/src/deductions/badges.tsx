/** A deduction's status badge, and its marks: an objection (open or answered), supersession, withdrawal, frozen by the month's close. */
import { Show } from 'solid-js'
import type { Deduction, DeductionStatus } from '../api/deductions'
import { useI18n } from '../i18n'

export function StatusBadge(props: { status: DeductionStatus }) {
  const { t } = useI18n()
  return (
    <span class={`badge status-badge status-${props.status}`} data-status={props.status}>
      {t(`deductions.statuses.${props.status}`)}
    </span>
  )
}

export function DeductionMarks(props: { deduction: Deduction }) {
  const { t } = useI18n()
  const objection = () => props.deduction.objection
  const objectionState = () =>
    objection()?.answer === null
      ? t('deductions.marks.objectionOpen')
      : t('deductions.marks.objectionAnswered')
  return (
    <span class="marks">
      <Show when={objection()}>
        <span class="badge mark-objection" data-testid="mark-objection" title={objectionState()}>
          {t('deductions.marks.objection')}
          <span class="visually-hidden">{`（${objectionState()}）`}</span>
        </span>
      </Show>
      <Show when={props.deduction.supersedes}>
        <span class="badge mark-link" data-testid="mark-supersedes">
          {t('deductions.marks.supersedes')}
        </span>
      </Show>
      <Show when={props.deduction.supersededBy}>
        <span class="badge mark-link" data-testid="mark-superseded">
          {t('deductions.marks.supersededBy')}
        </span>
      </Show>
      <Show when={props.deduction.withdrawal}>
        <span class="badge mark-link">{t('deductions.marks.withdrawal')}</span>
      </Show>
      <Show when={props.deduction.frozenBy}>
        <span class="badge mark-frozen" data-testid="mark-frozen">
          {t('deductions.marks.frozen')}
        </span>
      </Show>
    </span>
  )
}
