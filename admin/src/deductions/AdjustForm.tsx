/**
 * Adjusting a draft's amount: the new amount in yuan (full-width digits and punctuation accepted,
 * two decimals at most, not the drafted amount), an explicit confirmation when it is above the
 * draft (showing both amounts), and a reason.
 */
import { formatYuan } from '@hotline/domain'
import { createSignal, onMount, Show } from 'solid-js'
import { useI18n } from '../i18n'
import { yuanToFen } from '../yuan'
import { ReasonForm } from './ReasonForm'

export type Adjustment = { amountFen: number; reason: string; confirmAboveDraft?: true }

export function AdjustForm(props: {
  draftFen: number
  busy: boolean
  onSubmit: (adjustment: Adjustment) => void
  onCancel: () => void
}) {
  const { t } = useI18n()
  const [amount, setAmount] = createSignal('')
  const [confirmed, setConfirmed] = createSignal(false)
  let input: HTMLInputElement | undefined
  onMount(() => queueMicrotask(() => input?.focus()))
  const fen = () => yuanToFen(amount())
  const above = () => (fen() ?? 0) > props.draftFen
  const amountProblem = () => {
    const value = fen()
    if (value === null) return t('deductions.decision.amountInvalid')
    if (value === props.draftFen) return t('deductions.decision.amountSame')
    return null
  }
  const confirmProblem = () => (above() && !confirmed() ? t('deductions.decision.aboveDraftRequired') : null)

  const submit = (reason: string) => {
    const value = fen()
    if (value === null) return
    props.onSubmit({ amountFen: value, reason, ...(above() ? { confirmAboveDraft: true as const } : {}) })
  }

  return (
    <ReasonForm
      testId="adjust-form"
      label={t('deductions.decision.adjustReason')}
      confirm={t('deductions.decision.confirmAdjust')}
      busy={props.busy}
      problem={() => amountProblem() ?? confirmProblem()}
      onSubmit={submit}
      onCancel={props.onCancel}
      before={(tried) => (
        <>
          <label for="decision-amount">{t('deductions.decision.newAmount')}</label>
          <input
            id="decision-amount"
            ref={input}
            inputmode="decimal"
            autocomplete="off"
            value={amount()}
            onInput={(e) => {
              setAmount(e.currentTarget.value)
              setConfirmed(false)
            }}
            aria-invalid={tried() && amountProblem() ? 'true' : undefined}
            aria-describedby={`decision-amount-hint${tried() && amountProblem() ? ' decision-amount-error' : ''}`}
          />
          <p id="decision-amount-hint" class="muted note-small">
            {t('deductions.decision.amountHint', { amount: formatYuan(props.draftFen) })}
          </p>
          <Show when={tried() && amountProblem()}>
            {(message) => (
              <p id="decision-amount-error" class="bad" role="alert">
                {message()}
              </p>
            )}
          </Show>
          <Show when={above()}>
            <label class="check above-draft">
              <input
                type="checkbox"
                checked={confirmed()}
                onChange={(e) => setConfirmed(e.currentTarget.checked)}
                aria-invalid={tried() && confirmProblem() ? 'true' : undefined}
                data-testid="confirm-above-draft"
              />{' '}
              {t('deductions.decision.aboveDraft', {
                draft: formatYuan(props.draftFen),
                amount: formatYuan(fen() ?? 0),
              })}
            </label>
            <Show when={tried() && confirmProblem()}>
              {(message) => (
                <p class="bad" role="alert">
                  {message()}
                </p>
              )}
            </Show>
          </Show>
        </>
      )}
    />
  )
}
