/**
 * The one way an agency reviewer hands the settings page a JSON document — a calendar year, a new
 * version of the contract terms: upload a file or paste it, check it here with the domain's schema
 * (each wrong field named in words, never a path like `holidays.0.dates`), then send it. Both forms
 * share their state (`useJsonDocument`) and their markup (`JsonDocumentForm`); each keeps only what
 * is its own: the schema, what it sends, extra fields, and how a valid document is summed up.
 */
import { createSignal, For, type JSX, Show } from 'solid-js'
import type { z } from 'zod'
import { useErrorText } from '../../api/errors'
import { type FieldErrors, useSchemaCheck } from '../../components/records-ui'
import { type Dictionary, useI18n, zhDictionary } from '../../i18n'

/** The dictionary sections of the document forms: each holds the same words for reading a document. */
export type DocumentSection = 'load' | 'saveTerms'

type Settings = Dictionary['records']['settings']
/** A field's word in a section's `paths`, as a dictionary key. */
type PathKey = {
  [S in DocumentSection]: `records.settings.${S}.paths.${keyof Settings[S]['paths'] & string}`
}[DocumentSection]

export type JsonDocumentOptions<T> = {
  /** The prefix of the form's ids and test ids (`load` → `load-form`, `load-errors`…). */
  id: string
  /** Where the form's words are: `records.settings.<section>.*`. */
  section: DocumentSection
  /**
   * Sends a valid document; resolves to the words telling it was done. A refusal (thrown) is
   * shown as the failure to save.
   */
  send: (document: T) => Promise<string>
  /** A field's name the dictionary has no word for (a KPI named by its group); `undefined` if none. */
  partName?: (part: string, parent: string | undefined) => string | undefined
}

/** A document form's state, for `JsonDocumentForm` and for what the form shows of a valid document. */
export type JsonDocument<T> = ReturnType<typeof useJsonDocument<T>>

/**
 * Reads, checks and sends one JSON document against `schema`. The check runs on demand, on upload
 * and before sending; editing the text (or any field of the form: `changed`) drops the last "valid".
 */
export function useJsonDocument<T>(schema: z.ZodType<T>, options: JsonDocumentOptions<T>) {
  const { t } = useI18n()
  const errorText = useErrorText()
  const { check } = useSchemaCheck()
  const { id, section } = options
  const [text, setText] = createSignal('')
  const [errors, setErrors] = createSignal<FieldErrors>({})
  const [valid, setValid] = createSignal<T | null>(null)
  const [busy, setBusy] = createSignal(false)
  const [outcome, setOutcome] = createSignal<{ ok: boolean; text: string } | null>(null)

  /** The document if it parses and passes the schema; else `null`, with its errors by field. */
  const validate = (): T | null => {
    setOutcome(null)
    setValid(null)
    if (!text().trim()) {
      setErrors({ '(document)': t(`records.settings.${section}.emptyDocument`) })
      return null
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text())
    } catch {
      setErrors({ '(document)': t(`records.settings.${section}.notJson`) })
      return null
    }
    const checked = check(schema, parsed)
    if (!checked.ok) {
      setErrors(checked.errors)
      return null
    }
    setErrors({})
    setValid(() => checked.data)
    return checked.data
  }

  async function onFile(file: File | undefined) {
    if (!file) return
    setText(await file.text())
    validate()
  }

  function onInput(value: string) {
    setText(value)
    setValid(null)
  }

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault()
    if (busy()) return
    const document = validate()
    if (!document) return
    setBusy(true)
    try {
      const done = await options.send(document)
      setValid(null)
      setOutcome({ ok: true, text: done })
    } catch (err) {
      setOutcome({ ok: false, text: t('records.common.saveFailed', { message: errorText(err) }) })
    } finally {
      setBusy(false)
    }
  }

  /** A field's own word in this section's `paths`, if it has one. */
  const pathWord = (part: string): string | undefined =>
    Object.hasOwn(zhDictionary.records.settings[section].paths, part)
      ? t(`records.settings.${section}.paths.${part}` as PathKey)
      : undefined

  /** `adjustedWorkdays.0.date` → 调休上班日 第 1 项 日期: the document's fields in words. */
  const pathText = (path: string): string => {
    if (path === '(document)') return t(`records.settings.${section}.paths.document`)
    const parts = path.split('.')
    return parts
      .map((part, i) =>
        /^\d+$/.test(part)
          ? t(`records.settings.${section}.paths.item`, { n: String(Number(part) + 1) })
          : (options.partName?.(part, parts[i - 1]) ?? pathWord(part) ?? part),
      )
      .join(' ')
  }

  return {
    id,
    section,
    text,
    errorList: () => Object.entries(errors()),
    valid,
    busy,
    outcome,
    validate,
    onFile,
    onInput,
    onSubmit,
    pathText,
    /** Another field of the form changed: the last check no longer holds for what would be sent. */
    changed: () => setValid(null),
  }
}

/**
 * The form around a document: title and intro, the file and the text box, any `fields` of the
 * form's own, check and send; under it, live, the errors by field, `children` (what the form shows
 * of a valid document), and the outcome of sending.
 */
export function JsonDocumentForm<T>(props: {
  document: JsonDocument<T>
  fields?: JSX.Element
  children?: JSX.Element
}) {
  const { t } = useI18n()
  const doc = () => props.document
  const id = (part: string) => `${doc().id}-${part}`
  const words = (key: 'title' | 'intro' | 'file' | 'paste' | 'check' | 'submit') =>
    t(`records.settings.${doc().section}.${key}`)
  const invalid = () => doc().errorList().length > 0

  return (
    <section aria-labelledby={id('title')} class="load-year">
      <h3 id={id('title')}>{words('title')}</h3>
      <p class="muted" id={id('intro')}>
        {words('intro')}
      </p>
      <form
        class="form"
        onSubmit={(e) => void doc().onSubmit(e)}
        novalidate
        aria-describedby={id('intro')}
        data-testid={id('form')}
      >
        <label for={id('file')}>{words('file')}</label>
        <input
          id={id('file')}
          type="file"
          accept=".json,application/json"
          onChange={(e) => void doc().onFile(e.currentTarget.files?.[0])}
        />
        <label for={id('text')}>{words('paste')}</label>
        <textarea
          id={id('text')}
          class="mono"
          rows={10}
          spellcheck={false}
          value={doc().text()}
          aria-invalid={invalid()}
          aria-describedby={invalid() ? id('errors') : undefined}
          onInput={(e) => doc().onInput(e.currentTarget.value)}
        />
        {props.fields}
        <div class="actions">
          <button type="button" onClick={() => doc().validate()}>
            {words('check')}
          </button>
          <button type="submit" class="primary" disabled={doc().busy()}>
            {doc().busy() ? t('records.common.saving') : words('submit')}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        <Show when={invalid()}>
          <div id={id('errors')} role="alert" class="error-summary" data-testid={id('errors')}>
            <p class="bad">{t(`records.settings.${doc().section}.invalid`)}</p>
            <ul>
              <For each={doc().errorList()}>
                {([path, message]) => (
                  <li data-testid={id('error')}>
                    {doc().pathText(path)}：{message}
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
        {props.children}
        <Show when={doc().outcome()}>
          {(o) => (
            <p role={o().ok ? 'status' : 'alert'} class={o().ok ? 'good' : 'bad'} data-testid={id('outcome')}>
              {o().text}
            </p>
          )}
        </Show>
      </div>
    </section>
  )
}
