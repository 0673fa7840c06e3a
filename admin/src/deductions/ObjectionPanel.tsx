/**
 * The contractor's objection to a draft: filed here by the contractor (5 to 4000 characters, within
 * the objection window the server keeps), shown to everyone with its answer (the decision).
 */
import { useQueryClient } from '@tanstack/solid-query'
import { createSignal, Show } from 'solid-js'
import { ApiRequestError } from '../api/client'
import { type Deduction, useDeductionsApi } from '../api/deductions'
import { useErrorText } from '../api/errors'
import { formatInstant } from '../beijing-time'
import { useI18n } from '../i18n'
import { useActorName } from '../names'
import { applyUpdate } from './cache'

export const OBJECTION_MIN = 5
export const OBJECTION_MAX = 4000

const DECISION_ANSWERS = new Set(['approved', 'rejected', 'adjusted', 'acknowledged'])

export function ObjectionPanel(props: { deduction: Deduction; mayObject: boolean; closed: boolean }) {
  const { t, locale } = useI18n()
  const api = useDeductionsApi()
  const client = useQueryClient()
  const errorText = useErrorText()
  const actorName = useActorName()
  const d = () => props.deduction
  const [text, setText] = createSignal('')
  const [tried, setTried] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  const [filed, setFiled] = createSignal(false)
  const length = () => text().trim().length
  const problem = () =>
    length() < OBJECTION_MIN
      ? t('deductions.objection.tooShort', { min: String(OBJECTION_MIN) })
      : length() > OBJECTION_MAX
        ? t('deductions.objection.tooLong', { max: String(OBJECTION_MAX) })
        : null
  const showProblem = () => (tried() ? problem() : null)
  // A decision without a reason answers with its own name (`approved`): shown in the language chosen.
  const answerText = (answer: string) =>
    DECISION_ANSWERS.has(answer)
      ? t(`deductions.statuses.${answer as 'approved' | 'rejected' | 'adjusted' | 'acknowledged'}`)
      : answer
  const bracketed = (text: string) => (locale() === 'zh-CN' ? `（${text}）` : ` (${text})`)

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault()
    setTried(true)
    if (busy() || problem()) return
    setBusy(true)
    setError(null)
    try {
      applyUpdate(client, await api.object(d().billingMonth, d().deductionId, text().trim()))
      setFiled(true)
      setText('')
    } catch (err) {
      const message = errorText(err)
      setError(
        err instanceof ApiRequestError && err.status === 409
          ? t('deductions.objection.refused', { message })
          : t('deductions.objection.failed', { message }),
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="panel" aria-labelledby="objection-title" data-testid="objection">
      <h3 id="objection-title">{t('deductions.objection.title')}</h3>
      <Show when={d().objection} fallback={<p class="muted">{t('deductions.objection.none')}</p>}>
        {(objection) => (
          <>
            <p class="muted">
              {t('deductions.objection.filedBy', {
                by: actorName(objection().by),
                at: formatInstant(objection().at, locale()),
              })}
            </p>
            <blockquote class="prewrap" data-testid="objection-text">
              {objection().text}
            </blockquote>
            <Show
              when={objection().answer !== null}
              fallback={<p class="badge">{t('deductions.objection.pending')}</p>}
            >
              <p data-testid="objection-answer">
                <strong>{t('deductions.objection.answer')}</strong>
                {locale() === 'zh-CN' ? '：' : ': '}
                {answerText(objection().answer ?? '')}
                <Show when={objection().answeredAt}>
                  {(at) => <span class="muted">{bracketed(formatInstant(at(), locale()))}</span>}
                </Show>
              </p>
            </Show>
          </>
        )}
      </Show>
      <div aria-live="polite">
        <Show when={filed()}>
          <p class="good">{t('deductions.objection.filed')}</p>
        </Show>
      </div>
      <Show when={props.mayObject && !props.closed && d().status === 'draft' && !d().objection}>
        <form class="form" onSubmit={onSubmit} noValidate>
          <label for="objection-text">{t('deductions.objection.label')}</label>
          <textarea
            id="objection-text"
            rows={5}
            maxLength={OBJECTION_MAX}
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-invalid={showProblem() ? 'true' : undefined}
            aria-describedby="objection-hint objection-count"
          />
          <p id="objection-hint" class="muted note-small">
            {t('deductions.objection.hint', { min: String(OBJECTION_MIN), max: String(OBJECTION_MAX) })}
          </p>
          <p id="objection-count" class="muted note-small">
            {t('deductions.objection.count', { n: String(length()), max: String(OBJECTION_MAX) })}
          </p>
          <Show when={showProblem()}>
            {(message) => (
              <p class="bad" role="alert">
                {message()}
              </p>
            )}
          </Show>
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? t('deductions.busy') : t('deductions.objection.submit')}
          </button>
        </form>
      </Show>
      <Show when={props.mayObject && d().status !== 'draft' && !d().objection}>
        <p class="muted">{t('deductions.objection.onlyDrafts')}</p>
      </Show>
      <Show when={error()}>
        {(message) => (
          <p role="alert" class="bad" data-testid="objection-error">
            {message()}
          </p>
        )}
      </Show>
    </section>
  )
}
