/**
 * Pieces the incidents, compliance and settings pages share: the month in the address, a
 * record's audit trail, form fields with errors named by field, and the inline "change it, with a
 * reason" form (verifying an incident, correcting a publication). Only those lazy pages import it.
 */
import { localDateOf, MonthSchema } from '@hotline/domain'
import { createSignal, For, type JSX, Match, Show, Switch, splitProps } from 'solid-js'
import type { z } from 'zod'
import type { AuditEntry } from '../api/records'
import { formatInstant } from '../beijing-time'
import { type Locale, useI18n } from '../i18n'

/** The Beijing month now: `2026-10`. */
export const currentMonth = (): string => localDateOf(new Date()).slice(0, 7)
export const currentDay = (): string => localDateOf(new Date())
export const isMonth = (value: string | undefined): value is string =>
  value !== undefined && MonthSchema.safeParse(value).success

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** A local date as people write it: `10月5日` / `Oct 5` (with the year: `2026年10月5日` / `Oct 5, 2026`). */
export function formatDate(date: string, locale: Locale, options: { year?: boolean } = {}): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  if (locale === 'zh-CN') return `${options.year ? `${y}年` : ''}${m}月${d}日`
  return `${EN_MONTHS[m - 1]} ${d}${options.year ? `, ${y}` : ''}`
}

/** A month as people write it: `2026年10月` / `Oct 2026`. */
export function formatMonth(month: string, locale: Locale): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return locale === 'zh-CN' ? `${y}年${m}月` : `${EN_MONTHS[m - 1]} ${y}`
}

export type FieldErrors = Record<string, string>

/**
 * Checks `value` with the domain's schema; errors are keyed by the field's path
 * (`holidays.0.dates.1`), the first message per field.
 */
export function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(value)
  if (result.success) return { ok: true, data: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.') || '(document)'
    errors[path] ??= issue.message
  }
  return { ok: false, errors }
}

/** What `Field` hands its control: its id, and whether and by what it is described as wrong. */
export type FieldAria = {
  id: string
  'aria-invalid': boolean
  'aria-describedby': string | undefined
}

/** A labelled control with its error under it; the control gets `aria-invalid` and `aria-describedby`. */
export function Field(props: {
  id: string
  label: string
  /** The record's field name, shown with its error (`at`, `hours`). */
  name: string
  error: string | undefined
  hint?: string | undefined
  children: (aria: FieldAria) => JSX.Element
}) {
  const described = () =>
    [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children({
        id: props.id,
        get 'aria-invalid'() {
          return Boolean(props.error)
        },
        get 'aria-describedby'() {
          return described()
        },
      })}
      <Show when={props.hint}>
        <p id={`${props.id}-hint`} class="muted field-hint">
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={`${props.id}-error`} class="bad field-error" data-field={props.name}>
          {props.name}: {props.error}
        </p>
      </Show>
    </div>
  )
}

/** An `<input>` whose text goes to `onValue` as it is typed; spread `Field`'s aria into it. */
export function TextInput(
  props: Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput'> & {
    value: string
    onValue: (value: string) => void
  },
) {
  const [own, rest] = splitProps(props, ['onValue'])
  return <input {...rest} onInput={(e) => own.onValue(e.currentTarget.value)} />
}

/** A `<textarea>` whose text goes to `onValue` as it is typed; spread `Field`'s aria into it. */
export function TextArea(
  props: Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onInput'> & {
    value: string
    onValue: (value: string) => void
  },
) {
  const [own, rest] = splitProps(props, ['onValue'])
  return <textarea {...rest} onInput={(e) => own.onValue(e.currentTarget.value)} />
}

/** A `<select>` of `options`, each shown by `label`; the chosen one goes to `onValue`. */
export function Select<T extends string>(
  props: FieldAria & {
    value: T
    options: readonly T[]
    label: (option: T) => string
    onValue: (value: T) => void
  },
) {
  return (
    <select
      id={props.id}
      aria-invalid={props['aria-invalid']}
      aria-describedby={props['aria-describedby']}
      value={props.value}
      onChange={(e) => props.onValue(e.currentTarget.value as T)}
    >
      <For each={props.options}>{(option) => <option value={option}>{props.label(option)}</option>}</For>
    </select>
  )
}

/** A record's `at`: a Beijing date and time (`<input type="datetime-local">`). */
export function AtField(props: {
  id: string
  label: string
  error: string | undefined
  value: string
  onValue: (value: string) => void
}) {
  return (
    <Field id={props.id} name="at" label={props.label} error={props.error}>
      {(aria) => <TextInput {...aria} type="datetime-local" value={props.value} onValue={props.onValue} />}
    </Field>
  )
}

/** The errors a record's schema finds in `value`, by field (none when it is valid). */
export const schemaErrors = (schema: z.ZodType, value: unknown): FieldErrors => {
  const checked = check(schema, value)
  return checked.ok ? {} : checked.errors
}

/**
 * The state of a form that records something: its errors by field, the failure of its last
 * save, and whether a save is under way. `submit(prepare)` makes the form's submit handler:
 * `prepare` checks the form and says its errors, or (with none) how to save it; a failed save is
 * reported in the API's words.
 */
export function createRecordForm() {
  const { t, locale } = useI18n()
  const [errors, setErrors] = createSignal<FieldErrors>({})
  const [failure, setFailure] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  const submit =
    (prepare: () => { errors: FieldErrors; save: () => Promise<void> }) => async (event: SubmitEvent) => {
      event.preventDefault()
      if (busy()) return
      setFailure(null)
      const prepared = prepare()
      setErrors(prepared.errors)
      if (Object.keys(prepared.errors).length > 0) return
      setBusy(true)
      try {
        await prepared.save()
      } catch (err) {
        setFailure(t('records.common.saveFailed', { message: messageOf(err, locale()) }))
      } finally {
        setBusy(false)
      }
    }
  return { errors, setErrors, failure, busy, submit }
}

export type RecordFormState = ReturnType<typeof createRecordForm>

/**
 * A titled form that records something (`name`: `check` gives `#check-form-title` and
 * `data-testid="check-form"`): what is wrong at the top, the fields, the submit button (busy while
 * saving) and the failure of the last save.
 */
export function RecordForm(props: {
  name: string
  title: string
  form: RecordFormState
  labels: Record<string, string>
  submitLabel: string
  onSubmit: (event: SubmitEvent) => void
  children: JSX.Element
}) {
  const { t } = useI18n()
  return (
    <section aria-labelledby={`${props.name}-form-title`}>
      <h3 id={`${props.name}-form-title`}>{props.title}</h3>
      <form class="form record-form" onSubmit={props.onSubmit} novalidate data-testid={`${props.name}-form`}>
        <ErrorSummary errors={props.form.errors()} labels={props.labels} />
        {props.children}
        <div class="actions">
          <button type="submit" class="primary" disabled={props.form.busy()}>
            {props.form.busy() ? t('records.common.saving') : props.submitLabel}
          </button>
        </div>
        <Show when={props.form.failure()}>
          {(message) => (
            <p role="alert" class="bad">
              {message()}
            </p>
          )}
        </Show>
      </form>
    </section>
  )
}

/** The list of what is wrong, by field, at the top of a form (announced). */
export function ErrorSummary(props: { errors: FieldErrors; labels: Record<string, string> }) {
  const { t } = useI18n()
  const entries = () => Object.entries(props.errors)
  return (
    <Show when={entries().length > 0}>
      <div role="alert" class="error-summary" data-testid="error-summary">
        <p class="bad">{t('records.common.fixFields')}</p>
        <ul>
          <For each={entries()}>
            {([path, message]) => (
              <li>
                <Show when={props.labels[path.split('.')[0] ?? '']}>{(label) => <>{label()} </>}</Show>
                <code>{path}</code>: {message}
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  )
}

const boolLabel = (
  t: ReturnType<typeof useI18n>['t'],
  field: string,
  value: string | number | boolean | null | undefined,
): string => {
  if (typeof value !== 'boolean') return String(value ?? '')
  if (field === 'verified') return value ? t('records.common.verified') : t('records.common.unverified')
  if (field === 'accurate') return value ? t('records.common.accurate') : t('records.common.inaccurate')
  return String(value)
}

/** A record's append-only audit log, oldest first: who, when, what changed and why. */
export function AuditTrail(props: { audit: readonly AuditEntry[] }) {
  const { t, locale } = useI18n()
  const describe = (entry: AuditEntry): string => {
    const detail = entry.detail ?? {}
    if (entry.action === 'create') {
      const source = String(detail.source ?? '')
      const known = source === 'api' || source === 'import'
      return t('records.audit.created', {
        source: known ? t(`records.audit.sources.${source as 'api' | 'import'}`) : source,
      })
    }
    const field = entry.action.startsWith('set ') ? entry.action.slice(4) : ''
    if (field === 'verified' || field === 'accurate') {
      return t('records.audit.changed', {
        field: t(`records.audit.fields.${field}`),
        before: boolLabel(t, field, detail.before),
        after: boolLabel(t, field, detail.after),
      })
    }
    return entry.action
  }
  return (
    <ol class="audit" aria-label={t('records.audit.label')}>
      <For each={props.audit}>
        {(entry) => (
          <li data-testid="audit-entry">
            <time datetime={entry.at}>{formatInstant(entry.at, locale())}</time> <strong>{entry.by}</strong>{' '}
            {describe(entry)}
            <Show when={entry.detail?.reason}>
              {(reason) => <>{t('records.audit.reason', { reason: String(reason()) })}</>}
            </Show>
          </li>
        )}
      </For>
    </ol>
  )
}

/**
 * A button that opens a small form asking why, then calls `onSubmit(reason)` (at least two
 * characters, as the API requires). Escape or Cancel closes it; focus returns to the button.
 */
export function ReasonAction(props: {
  id: string
  /** The button's text, e.g. 查实 / 撤销查实. */
  label: string
  /** The button's accessible name when the text alone is ambiguous in a table (which record). */
  ariaLabel?: string
  submitLabel: string
  onSubmit: (reason: string) => Promise<void>
}) {
  const { t } = useI18n()
  const [open, setOpen] = createSignal(false)
  const [reason, setReason] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  let input: HTMLInputElement | undefined
  let button: HTMLButtonElement | undefined
  const valid = () => reason().trim().length >= 2

  const start = () => {
    setOpen(true)
    setError(null)
    queueMicrotask(() => input?.focus())
  }
  const close = () => {
    setOpen(false)
    setReason('')
    setError(null)
    queueMicrotask(() => button?.focus())
  }
  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (busy()) return
    if (!valid()) {
      setError(t('records.common.reasonTooShort'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      await props.onSubmit(reason().trim())
      setOpen(false)
      setReason('')
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="reason-action">
      <Show when={!open()}>
        <button type="button" ref={button} onClick={start} aria-label={props.ariaLabel}>
          {props.label}
        </button>
      </Show>
      <Show when={open()}>
        <form
          class="reason-form"
          onSubmit={submit}
          onKeyDown={(e) => e.key === 'Escape' && close()}
          aria-label={props.ariaLabel ?? props.label}
          novalidate
        >
          <label for={`${props.id}-reason`}>{t('records.common.reason')}</label>
          <input
            id={`${props.id}-reason`}
            ref={input}
            maxLength={1000}
            value={reason()}
            aria-invalid={Boolean(error())}
            aria-describedby={error() ? `${props.id}-reason-error` : undefined}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
          <Show when={error()}>
            {(message) => (
              <p id={`${props.id}-reason-error`} role="alert" class="bad field-error">
                {message()}
              </p>
            )}
          </Show>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy()}>
              {busy() ? t('records.common.saving') : props.submitLabel}
            </button>
            <button type="button" onClick={close}>
              {t('records.common.cancel')}
            </button>
          </div>
        </form>
      </Show>
    </div>
  )
}

/**
 * What a page says it did, in a polite live region. `say(text)` says it; `sayAndFocus(text)` also
 * moves focus there — for a change made in a table row, which re-renders the row.
 */
export function createAnnouncement() {
  const [text, setText] = createSignal('')
  let status: HTMLParagraphElement | undefined
  return {
    text,
    say: setText,
    sayAndFocus: (next: string) => {
      setText(next)
      queueMicrotask(() => status?.focus())
    },
    ref: (el: HTMLParagraphElement) => {
      status = el
    },
  }
}

export function Announcement(props: { testid: string; announcement: ReturnType<typeof createAnnouncement> }) {
  return (
    <p
      role="status"
      aria-live="polite"
      class="good"
      data-testid={props.testid}
      tabindex="-1"
      ref={props.announcement.ref}
    >
      {props.announcement.text()}
    </p>
  )
}

/** Loading, failure, or the content once every query has its data. */
export function Loaded(props: {
  queries: { isPending: boolean; isError: boolean; error: Error | null }[]
  children: JSX.Element
}) {
  const { t } = useI18n()
  const failed = () => props.queries.find((q) => q.isError)
  return (
    <Switch fallback={props.children}>
      <Match when={failed()}>
        {(q) => (
          <p role="alert" class="bad">
            {t('records.common.failed', { message: q().error?.message ?? '' })}
          </p>
        )}
      </Match>
      <Match when={props.queries.some((q) => q.isPending)}>
        <p role="status">{t('records.common.loading')}</p>
      </Match>
    </Switch>
  )
}

/** The month chooser of a page header (`<input type="month">`, Beijing months). */
export function MonthPicker(props: { id: string; value: string; onChange: (month: string) => void }) {
  const { t } = useI18n()
  return (
    <>
      <label for={props.id}>{t('records.common.month')}</label>
      <input
        id={props.id}
        type="month"
        value={props.value}
        onChange={(e) => {
          const value = e.currentTarget.value
          if (isMonth(value)) props.onChange(value)
        }}
      />
    </>
  )
}

/** A message of an API failure: the Chinese one where the API has it. */
export function messageOf(err: unknown, locale: string): string {
  if (err && typeof err === 'object' && 'body' in err) {
    const body = (err as { body?: { error?: { message?: string; messageZh?: string } } }).body
    if (locale === 'zh-CN' && body?.error?.messageZh) return body.error.messageZh
  }
  return err instanceof Error ? err.message : String(err)
}
