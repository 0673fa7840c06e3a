/** A deduction's status badge, and its marks: an objection (open or answered), supersession, withdrawal. */
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
  return (
    <span class="marks">
      <Show when={objection()}>
        {(o) => (
          <span
            class="badge mark-objection"
            data-testid="mark-objection"
            title={
              o().answer === null
                ? t('deductions.marks.objectionOpen')
                : t('deductions.marks.objectionAnswered')
            }
          >
            {t('deductions.marks.objection')}
            <span class="visually-hidden">
              {`（${o().answer === null ? t('deductions.marks.objectionOpen') : t('deductions.marks.objectionAnswered')}）`}
            </span>
          </span>
        )}
      </Show>
      <Show when={props.deduction.supersedes}>
        {(id) => (
          <span class="badge mark-link" data-testid="mark-supersedes" title={id()}>
            {t('deductions.marks.supersedes')}
          </span>
        )}
      </Show>
      <Show when={props.deduction.supersededBy}>
        {(id) => (
          <span class="badge mark-link" data-testid="mark-superseded" title={id()}>
            {t('deductions.marks.supersededBy')}
          </span>
        )}
      </Show>
      <Show when={props.deduction.withdrawal}>
        <span class="badge mark-link">{t('deductions.marks.withdrawal')}</span>
      </Show>
    </span>
  )
}
