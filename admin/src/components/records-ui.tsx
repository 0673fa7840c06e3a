/**
 * Pieces the incidents, compliance, settings and record pages share: the page's month, dates in
 * words, a record's audit trail with people's names, form fields whose errors are in the reader's
 * language, and the inline "change it, with a reason" form (verifying an incident, correcting a
 * publication). Every failure reads through `useErrorText`. Only those lazy pages import it.
 */
import { localDateOf } from '@hotline/domain'
import { useQueryClient } from '@tanstack/solid-query'
import { createSignal, For, type JSX, Match, Show, Switch, splitProps } from 'solid-js'
import type { z } from 'zod'
import { useErrorText } from '../api/errors'
import type { AuditEntry } from '../api/records'
import { formatInstant, fromPickerValue, toPickerValue } from '../beijing-time'
import { type Dictionary, type Locale, useI18n, zhDictionary } from '../i18n'
import { useActorName } from '../names'
import { IdText } from './IdText'
import { usePageMonth } from './MonthPicker'

export { isMonth } from '../month'

/** The Beijing month now: `2026-10`. */
export const currentMonth = (): string => localDateOf(new Date()).slice(0, 7)
export const currentDay = (): string => localDateOf(new Date())

/**
 * The month a records page shows: the address's (or the one the app opens on, see `usePageMonth`);
 * the Beijing month now when the platform has no month with results yet. `null` while unknown.
 */
export function useRecordsMonth(): () => string | null {
  const { month, months } = usePageMonth()
  return () => month() ?? (months.isSuccess || months.isError ? currentMonth() : null)
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** A local date as people write it: `10月5日` / `Oct 5` (with the year: `2026年10月5日` / `Oct 5, 2026`). */
export function formatDate(date: string, locale: Locale, options: { year?: boolean } = {}): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  if (locale === 'zh-CN') return `${options.year ? `${y}年` : ''}${m}月${d}日`
  return `${EN_MONTHS[m - 1]} ${d}${options.year ? `, ${y}` : ''}`
}

export type FieldErrors = Record<string, string>

type Issue = z.core.$ZodIssue

/** Messages of the domain's own checks (`custom` issues), as Chinese sentences. */
const CUSTOM_MESSAGES: [RegExp, 'notNear' | 'twice' | 'notWeekend' | 'alsoOff' | 'required'][] = [
  [/^(\S+) is not in or next to (\d{4})$/, 'notNear'],
  [/^(\S+) listed twice$/, 'twice'],
  [/^(\S+) is not a Saturday or Sunday$/, 'notWeekend'],
  [/^(\S+) is also a day off$/, 'alsoOff'],
  [/^required for /, 'required'],
]

/**
 * What a schema found wrong with one field, in the language shown: in English the schema's own
 * message; in Chinese words for its kind of problem (too long, not a date…) with its limits.
 */
export function useIssueText(): (issue: Issue) => string {
  const { t, locale } = useI18n()
  return (issue) => {
    if (locale() === 'en') return issue.message
    const n = (value: number | bigint) => String(value)
    switch (issue.code) {
      case 'too_small':
        if (issue.origin === 'string')
          return Number(issue.minimum) <= 1
            ? t('records.issues.required')
            : t('records.issues.tooShort', { n: n(issue.minimum) })
        if (issue.origin === 'array') return t('records.issues.tooFew', { n: n(issue.minimum) })
        return issue.inclusive
          ? t('records.issues.tooSmall', { n: n(issue.minimum) })
          : t('records.issues.notAbove', { n: n(issue.minimum) })
      case 'too_big':
        if (issue.origin === 'string') return t('records.issues.tooLong', { n: n(issue.maximum) })
        if (issue.origin === 'array') return t('records.issues.tooMany', { n: n(issue.maximum) })
        return t('records.issues.tooBig', { n: n(issue.maximum) })
      case 'invalid_format':
        return issue.message === 'no spaces or #' ? t('records.issues.noSpaces') : t('records.issues.format')
      case 'invalid_type':
        return issue.input === undefined ? t('records.issues.required') : t('records.issues.format')
      case 'invalid_value':
        return t('records.issues.notAnOption')
      case 'custom': {
        for (const [pattern, key] of CUSTOM_MESSAGES) {
          const match = pattern.exec(issue.message)
          if (match) return t(`records.issues.${key}`, { date: match[1] ?? '', year: match[2] ?? '' })
        }
        return t('records.issues.invalid')
      }
      default:
        return t('records.issues.invalid')
    }
  }
}

/**
 * Checks values with the domain's schemas; errors are keyed by the field's path
 * (`holidays.0.dates.1`), the first problem per field, in the language shown.
 */
export function useSchemaCheck() {
  const issueText = useIssueText()
  function check<S extends z.ZodType>(
    schema: S,
    value: unknown,
  ): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
    const result = schema.safeParse(value)
    if (result.success) return { ok: true, data: result.data }
    const errors: FieldErrors = {}
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.') || '(document)'
      errors[path] ??= issueText(issue)
    }
    return { ok: false, errors }
  }
  /** The errors a record's schema finds in `value`, by field (none when it is valid). */
  const errorsOf = (schema: z.ZodType, value: unknown): FieldErrors => {
    const checked = check(schema, value)
    return checked.ok ? {} : checked.errors
  }
  return { check, errorsOf }
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
  /** The record's field name (`at`, `hours`): the error's `data-field`. */
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
          {props.error}
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

/** A record's `at`: a Beijing date and time (`<input type="datetime-local">`), the form's own. */
export function AtField(props: { id: string; form: RecordFormState }) {
  return (
    <Field id={props.id} {...props.form.field('at')}>
      {(aria) => (
        <TextInput {...aria} type="datetime-local" value={props.form.at()} onValue={props.form.setAt} />
      )}
    </Field>
  )
}

/**
 * The state of a form that records something: its fields' `labels` (by field name), its errors by
 * field, the failure of its last save, whether a save is under way, and the record's `at` (picked
 * in Beijing time; now, at first). `submit(prepare)` makes the form's submit handler: `prepare`
 * checks the form and says its errors (`recordErrors`), or (with none) how to save it; a failed
 * save is reported in words (`useErrorText`). `field(name)` is what `Field` shows of one field;
 * `saved` reloads what lists the record and says what the save did.
 */
export function createRecordForm(labels: () => Record<string, string>) {
  const { t } = useI18n()
  const errorText = useErrorText()
  const queryClient = useQueryClient()
  const { errorsOf } = useSchemaCheck()
  const [errors, setErrors] = createSignal<FieldErrors>({})
  const [failure, setFailure] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  const [at, setAt] = createSignal(toPickerValue(Date.now()))
  /** The picked `at` as the API takes it; `null` when it is not a time. */
  const when = () => fromPickerValue(at())
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
        setFailure(t('records.common.saveFailed', { message: errorText(err) }))
      } finally {
        setBusy(false)
      }
    }
  /**
   * What is wrong with `record` (with its `kind`): its schema's errors, then each of `required`
   * left empty and an `at` that is not a time.
   */
  const recordErrors = (
    schema: z.ZodType,
    record: Record<string, unknown>,
    required: readonly string[] = [],
  ): FieldErrors => {
    const found: FieldErrors = {}
    for (const name of required) if (!record[name]) found[name] = t('records.common.required')
    if (!when()) found.at = t('records.common.invalidTime')
    return { ...errorsOf(schema, record), ...found }
  }
  /** `Field`'s name, label and error for the field `name`. */
  const field = (name: string) => ({
    name,
    get label() {
      return labels()[name] ?? ''
    },
    get error() {
      return errors()[name]
    },
  })
  /**
   * After a save: `reload` (the key of what lists the record) read again, then `onRecorded` told
   * the record's month and `done` — or, when it was there already, `duplicate` (by default: nothing
   * changed) — with the `ids` in it. Says whether the record was new.
   */
  const saved = async (
    report: { created: number },
    said: {
      reload: readonly unknown[]
      month: string
      done: () => string
      duplicate?: string
      ids?: readonly string[]
      onRecorded: (month: string, text: string, ids?: readonly string[]) => void
    },
  ): Promise<boolean> => {
    await queryClient.invalidateQueries({ queryKey: said.reload })
    const created = report.created > 0
    const text = created ? said.done() : (said.duplicate ?? t('records.common.duplicate'))
    said.onRecorded(said.month, text, said.ids)
    return created
  }
  return { labels, errors, setErrors, failure, busy, submit, at, setAt, when, recordErrors, field, saved }
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
  submitLabel: string
  onSubmit: (event: SubmitEvent) => void
  children: JSX.Element
}) {
  return (
    <section aria-labelledby={`${props.name}-form-title`}>
      <h3 id={`${props.name}-form-title`}>{props.title}</h3>
      <form class="form record-form" onSubmit={props.onSubmit} novalidate data-testid={`${props.name}-form`}>
        <ErrorSummary errors={props.form.errors()} labels={props.form.labels()} />
        {props.children}
        <FormEnd busy={props.form.busy()} label={props.submitLabel} failure={props.form.failure()} />
      </form>
    </section>
  )
}

/**
 * A form's end: its submit button (saying `busyLabel` while busy, by default that it is saving),
 * then the failure of its last try.
 */
export function FormEnd(props: { busy: boolean; label: string; busyLabel?: string; failure: string | null }) {
  const { t } = useI18n()
  return (
    <>
      <div class="actions">
        <button type="submit" class="primary" disabled={props.busy}>
          {props.busy ? (props.busyLabel ?? t('records.common.saving')) : props.label}
        </button>
      </div>
      <Show when={props.failure}>
        {(message) => (
          <p role="alert" class="bad">
            {message()}
          </p>
        )}
      </Show>
    </>
  )
}

/** The list of what is wrong, by field (its label), at the top of a form (announced). */
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
                {props.labels[path.split('.')[0] ?? ''] ?? t('errors.someField')}：{message}
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  )
}

const AUDIT_FIELDS = ['verified', 'accurate'] as const
type AuditField = (typeof AUDIT_FIELDS)[number]
const isAuditField = (field: string): field is AuditField =>
  (AUDIT_FIELDS as readonly string[]).includes(field)

/** A record's append-only audit log, oldest first: who (by name), when, what changed and why. */
export function AuditTrail(props: { audit: readonly AuditEntry[] }) {
  const { t, locale } = useI18n()
  const actorName = useActorName()
  const value = (field: AuditField, v: unknown): string =>
    field === 'verified'
      ? t(v ? 'records.common.verified' : 'records.common.unverified')
      : t(v ? 'records.common.accurate' : 'records.common.inaccurate')
  const describe = (entry: AuditEntry): string => {
    const detail = entry.detail ?? {}
    if (entry.action === 'create') {
      return t('records.audit.created', { source: t(`records.audit.sources.${sourceKey(detail.source)}`) })
    }
    const field = entry.action.startsWith('set ') ? entry.action.slice(4) : ''
    if (isAuditField(field)) {
      return t('records.audit.changed', {
        field: t(`records.audit.fields.${field}`),
        before: value(field, detail.before),
        after: value(field, detail.after),
      })
    }
    return t('records.audit.other')
  }
  return (
    <ol class="audit" aria-label={t('records.audit.label')}>
      <For each={props.audit}>
        {(entry) => (
          <li data-testid="audit-entry">
            <time datetime={entry.at}>{formatInstant(entry.at, locale())}</time>{' '}
            <strong>{actorName(entry.by)}</strong> {describe(entry)}
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
 * characters, as the API requires); a failure is said in words. Escape or Cancel closes it; focus
 * returns to the button. In a table, `labelledBy` names the element that says which record (the
 * row's id cell): the button and the form are named by their words and that element together.
 */
export function ReasonAction(props: {
  id: string
  /** The button's text, e.g. 查实 / 撤销查实. */
  label: string
  /** The id of the element naming the record the action is for. */
  labelledBy?: string
  submitLabel: string
  onSubmit: (reason: string) => Promise<void>
}) {
  const { t } = useI18n()
  const errorText = useErrorText()
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
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="reason-action">
      <Show when={!open()}>
        <button
          type="button"
          id={`${props.id}-open`}
          ref={button}
          onClick={start}
          aria-labelledby={props.labelledBy ? `${props.id}-open ${props.labelledBy}` : undefined}
        >
          {props.label}
        </button>
      </Show>
      <Show when={open()}>
        <form
          class="reason-form"
          onSubmit={submit}
          onKeyDown={(e) => e.key === 'Escape' && close()}
          aria-labelledby={`${props.id}-title${props.labelledBy ? ` ${props.labelledBy}` : ''}`}
          novalidate
        >
          <span id={`${props.id}-title`} class="visually-hidden">
            {props.label}
          </span>
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
 * What a page says it did, in a polite live region. `say(text, ids)` says it (the record ids in it
 * marked as ids); `sayAndFocus(text, ids)` also moves focus there — for a change made in a table
 * row, which re-renders the row.
 */
export function createAnnouncement() {
  const [said, setSaid] = createSignal<{ text: string; ids: readonly string[] }>({ text: '', ids: [] })
  let status: HTMLParagraphElement | undefined
  const say = (text: string, ids: readonly string[] = []) => setSaid({ text, ids })
  return {
    said,
    say,
    sayAndFocus: (text: string, ids: readonly string[] = []) => {
      say(text, ids)
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
      <IdText text={props.announcement.said().text} ids={props.announcement.said().ids} />
    </p>
  )
}

/**
 * Loading, failure (in words), or the content once every query has its data. A page may say
 * `loading` and `failed` (around the failure's words) its own way.
 */
export function Loaded(props: {
  queries: { isPending: boolean; isError: boolean; error: Error | null }[]
  loading?: string
  failed?: (message: string) => string
  children: JSX.Element
}) {
  const { t } = useI18n()
  const errorText = useErrorText()
  const failed = () => props.queries.find((q) => q.isError)
  const failedText = (message: string) => props.failed?.(message) ?? t('records.common.failed', { message })
  return (
    <Switch fallback={props.children}>
      <Match when={failed()}>
        {(q) => (
          <p role="alert" class="bad">
            {failedText(errorText(q().error))}
          </p>
        )}
      </Match>
      <Match when={props.queries.some((q) => q.isPending)}>
        <p role="status">{props.loading ?? t('records.common.loading')}</p>
      </Match>
    </Switch>
  )
}

/** 已查实 / 未查实, as a badge. */
export function VerifiedBadge(props: { verified: boolean }) {
  const { t } = useI18n()
  return (
    <span classList={{ badge: true, 'good-badge': props.verified }}>
      {props.verified ? t('records.common.verified') : t('records.common.unverified')}
    </span>
  )
}

/** 准确 / 不准确, as a badge. */
export function AccuracyBadge(props: { accurate: boolean }) {
  const { t } = useI18n()
  return (
    <span classList={{ badge: true, 'good-badge': props.accurate, 'bad-badge': !props.accurate }}>
      {props.accurate ? t('records.common.accurate') : t('records.common.inaccurate')}
    </span>
  )
}

type SourceKey = keyof Dictionary['records']['audit']['sources']
/** How a record came in (`api`, `import`, `demo`, `connect`…) as a key of the dictionary's words. */
export const sourceKey = (source: unknown): SourceKey =>
  typeof source === 'string' && Object.hasOwn(zhDictionary.records.audit.sources, source)
    ? (source as SourceKey)
    : 'api'
