/**
 * A decision that needs a reason — not to deduct, an adjusted amount, reopening one: the fields
 * that come first (`before`, e.g. the new amount), the reason (2 to 2000 characters), confirm or
 * cancel (Escape too). Nothing is sent until every field is right; the problems are said beside
 * their fields once the reviewer has tried.
 */
import { type Accessor, createSignal, type JSX, onMount, Show } from 'solid-js'
import { useI18n } from '../i18n'

export const REASON_MIN = 2
export const REASON_MAX = 2000

export type ReasonFormProps = {
  testId: string
  label: string
  confirm: string
  busy: boolean
  /** Fields before the reason; given whether the reviewer has tried to submit. */
  before?: (tried: Accessor<boolean>) => JSX.Element
  /** What is wrong with the fields before the reason, if anything. */
  problem?: () => string | null
  /** The reason as typed, trimmed. */
  onSubmit: (reason: string) => void
  onCancel: () => void
  hint?: string
}

export function ReasonForm(props: ReasonFormProps) {
  const { t } = useI18n()
  const [reason, setReason] = createSignal('')
  const [tried, setTried] = createSignal(false)
  let textarea: HTMLTextAreaElement | undefined
  const reasonProblem = () =>
    reason().trim().length < REASON_MIN ? t('deductions.decision.reasonRequired') : null
  const id = `${props.testId}-reason`
  onMount(() => {
    if (!props.before) queueMicrotask(() => textarea?.focus())
  })

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault()
    setTried(true)
    if (props.busy || reasonProblem() || props.problem?.()) return
    props.onSubmit(reason().trim())
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') props.onCancel()
  }

  return (
    <form class="form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate data-testid={props.testId}>
      {props.before?.(tried)}
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        ref={textarea}
        rows={3}
        maxLength={REASON_MAX}
        value={reason()}
        onInput={(e) => setReason(e.currentTarget.value)}
        aria-invalid={tried() && reasonProblem() ? 'true' : undefined}
        aria-describedby={
          [props.hint ? `${id}-hint` : '', tried() && reasonProblem() ? `${id}-error` : '']
            .filter(Boolean)
            .join(' ') || undefined
        }
      />
      <Show when={props.hint}>
        {(hint) => (
          <p id={`${id}-hint`} class="muted note-small">
            {hint()}
          </p>
        )}
      </Show>
      <Show when={tried() && reasonProblem()}>
        {(message) => (
          <p id={`${id}-error`} class="bad" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <div class="actions">
        <button type="submit" class="primary" disabled={props.busy}>
          {props.busy ? t('deductions.busy') : props.confirm}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('deductions.decision.cancel')}
        </button>
      </div>
    </form>
  )
}
