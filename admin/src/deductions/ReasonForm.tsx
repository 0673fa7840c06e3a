/**
 * A form that asks for a text — a reason, an objection — checked before anything is sent
 * (`TextForm`), and the review's decision that needs a reason (`ReasonForm`: not to deduct, an
 * adjusted amount, reopening one): the fields that come first (`before`, e.g. the new amount),
 * the reason (2 to 2000 characters), confirm or cancel (Escape too). Nothing is sent until every
 * field is right; the problems are said beside their fields once the person has tried. The month
 * close's steps ask for their texts with the same form (`month-close/steps.tsx`).
 */
import { type Accessor, createSignal, type JSX, onMount, Show } from 'solid-js'
import { useI18n } from '../i18n'

export const REASON_MIN = 2
export const REASON_MAX = 2000

/** The text asked for: its label, a hint, its length limit and what is wrong with a given text. */
export type TextFieldSpec = {
  id: string
  label: string
  hint?: string | undefined
  max: number
  /** What is wrong with the text (trimmed), if anything. */
  problem: (text: string) => string | null
}

export type TextFormProps = {
  field: TextFieldSpec
  rows: number
  busy: boolean
  class?: string
  testId?: string
  /** The class of a block around the text's label, field, hint and problem (none: no block). */
  fieldClass?: string
  /** Fields before the text; given whether the person has tried to submit. */
  before?: ((tried: Accessor<boolean>) => JSX.Element) | undefined
  /** What is wrong with the fields before the text, if anything. */
  problem?: (() => string | null) | undefined
  /** The text as typed, trimmed. */
  onSubmit: (text: string) => void
  /** Escape calls it (a dialog cancels on Escape by itself). */
  onEscape?: () => void
  /** The text takes the focus once shown. */
  autofocus?: boolean
  /** The form's end: its buttons, the submit one first. */
  end: JSX.Element
}

export function TextForm(props: TextFormProps) {
  const [text, setText] = createSignal('')
  const [tried, setTried] = createSignal(false)
  let textarea: HTMLTextAreaElement | undefined
  const id = () => props.field.id
  const textProblem = () => props.field.problem(text().trim())
  const shownProblem = () => (tried() ? textProblem() : null)
  onMount(() => {
    if (props.autofocus) queueMicrotask(() => textarea?.focus())
  })

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault()
    setTried(true)
    if (props.busy || textProblem() || props.problem?.()) return
    props.onSubmit(text().trim())
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') props.onEscape?.()
  }

  const field = () => (
    <>
      <label for={id()}>{props.field.label}</label>
      <textarea
        id={id()}
        ref={textarea}
        rows={props.rows}
        maxLength={props.field.max}
        value={text()}
        onInput={(e) => setText(e.currentTarget.value)}
        aria-invalid={shownProblem() ? 'true' : undefined}
        aria-describedby={
          [props.field.hint ? `${id()}-hint` : '', shownProblem() ? `${id()}-error` : '']
            .filter(Boolean)
            .join(' ') || undefined
        }
      />
      <Show when={props.field.hint}>
        {(hint) => (
          <p id={`${id()}-hint`} class="muted note-small">
            {hint()}
          </p>
        )}
      </Show>
      <Show when={shownProblem()}>
        {(message) => (
          <p id={`${id()}-error`} class="bad" role="alert">
            {message()}
          </p>
        )}
      </Show>
    </>
  )

  return (
    <form class={props.class} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate data-testid={props.testId}>
      {props.before?.(tried)}
      <Show when={props.fieldClass} fallback={field()}>
        {(fieldClass) => <div class={fieldClass()}>{field()}</div>}
      </Show>
      {props.end}
    </form>
  )
}

export type ReasonFormProps = {
  testId: string
  label: string
  confirm: string
  busy: boolean
  before?: TextFormProps['before']
  problem?: TextFormProps['problem']
  /** The reason as typed, trimmed. */
  onSubmit: (reason: string) => void
  onCancel: () => void
  hint?: string
}

export function ReasonForm(props: ReasonFormProps) {
  const { t } = useI18n()
  return (
    <TextForm
      class="form"
      testId={props.testId}
      rows={3}
      busy={props.busy}
      field={{
        id: `${props.testId}-reason`,
        label: props.label,
        hint: props.hint,
        max: REASON_MAX,
        problem: (reason) => (reason.length < REASON_MIN ? t('deductions.decision.reasonRequired') : null),
      }}
      before={props.before}
      problem={props.problem}
      onSubmit={props.onSubmit}
      onEscape={props.onCancel}
      autofocus={!props.before}
      end={
        <div class="actions">
          <button type="submit" class="primary" disabled={props.busy}>
            {props.busy ? t('deductions.busy') : props.confirm}
          </button>
          <button type="button" onClick={() => props.onCancel()}>
            {t('deductions.decision.cancel')}
          </button>
        </div>
      }
    />
  )
}
