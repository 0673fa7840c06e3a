/**
 * Adjusting a draft's amount: the new amount in yuan (full-width digits and punctuation accepted,
 * two decimals at most, not the drafted amount, not above the terms' bound — said before anything
 * is sent, as the API would refuse it), an explicit confirmation when it is above the draft
 * (showing both amounts), and a reason. Until the terms are read the bound is the API's to judge.
 */
import { adjustmentCeilingFen, formatYuan } from '@hotline/domain'
import { createSignal, onMount, Show } from 'solid-js'
import { useTerms } from '../api/records'
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
  const terms = useTerms()
  const [amount, setAmount] = createSignal('')
  const [confirmed, setConfirmed] = createSignal(false)
  let input: HTMLInputElement | undefined
  onMount(() => queueMicrotask(() => input?.focus()))
  const fen = () => yuanToFen(amount())
  /** The most the amount may be (`null` until the terms are read), and the words naming it. */
  const ceiling = () => {
    // Asked first: reading `data` while the terms load would suspend the page around the open form.
    if (!terms.isSuccess) return null
    const data = terms.data
    const maxFen = adjustmentCeilingFen(props.draftFen, data.terms)
    return {
      fen: maxFen,
      words: { ceiling: formatYuan(maxFen), times: String(data.terms.review.maxAdjustmentTimesDraft) },
    }
  }
  const amountProblem = () => {
    const value = fen()
    const bound = ceiling()
    if (value === null) return t('deductions.decision.amountInvalid')
    if (value === props.draftFen) return t('deductions.decision.amountSame')
    if (bound && value > bound.fen) {
      return t('deductions.decision.aboveCeiling', { ...bound.words, amount: formatYuan(value) })
    }
    return null
  }
  // Only an amount that may be sent is asked to be confirmed.
  const above = () => (fen() ?? 0) > props.draftFen && !amountProblem()
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
            <Show when={ceiling()}>
              {(bound) => (
                <>
                  {' '}
                  <span data-testid="adjust-ceiling">
                    {t('deductions.decision.ceilingHint', bound().words)}
                  </span>
                </>
              )}
            </Show>
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
