/**
 * The reviewer's decision on one deduction, at the version shown: approve (`a`; a ¥0 breach is
 * recorded instead), not deduct with a reason (`r`), or adjust the amount with a reason (above the
 * draft only with an explicit confirmation); a decided one can be reopened with a reason until the
 * month is closed. A refusal is said in words, and a stale version offers to reload. Others see the
 * decision as recorded, and nothing of the reviewer's tools.
 */
import { formatYuan } from '@hotline/domain'
import { useQueryClient } from '@tanstack/solid-query'
import { createSignal, Match, Show, Switch } from 'solid-js'
import { ApiRequestError } from '../api/client'
import { DECIDED_STATUSES, type Deduction, useDeductionsApi } from '../api/deductions'
import { errorCodeOf, useErrorText } from '../api/errors'
import { useI18n } from '../i18n'
import { AdjustForm, type Adjustment } from './AdjustForm'
import { applyUpdate, reloadMonth } from './cache'
import { DecisionRecord } from './DecisionRecord'
import { isRecordOnly } from './queue'
import { ReasonForm } from './ReasonForm'
import { useShortcuts } from './shortcuts'

type Mode = 'idle' | 'reject' | 'adjust' | 'reopen'

/** Refusals that mean the deduction changed since it was shown: reloading shows what it is now. */
const CHANGED = new Set(['conflict', 'stale_version', 'already_decided', 'not_decided', 'superseded'])
/** Refusals that mean the month was closed meanwhile. */
const CLOSED = new Set(['month_closed', 'frozen'])

export type DecisionPanelProps = {
  deduction: Deduction
  mayDecide: boolean
  /** An agency viewer: told who decides. */
  viewer: boolean
  closed: boolean
  /** A quick decision (approve, record) was made: the page offers to undo it. */
  onQuick: (decided: Deduction) => void
}

export function DecisionPanel(props: DecisionPanelProps) {
  const { t } = useI18n()
  const api = useDeductionsApi()
  const client = useQueryClient()
  const errorText = useErrorText()
  const d = () => props.deduction
  const [mode, setMode] = createSignal<Mode>('idle')
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<unknown>(null)
  // Said of the version decided: once the record changes again (undone, reloaded), it no longer holds.
  const [done, setDone] = createSignal<{ text: string; version: number } | null>(null)
  const doneText = () => (done()?.version === d().version ? done()?.text : undefined)
  let doneMessage: HTMLParagraphElement | undefined
  let firstButton: HTMLButtonElement | undefined

  const open = () => props.mayDecide && !props.closed
  const canDecide = () => open() && d().status === 'draft'
  const canReopen = () => open() && DECIDED_STATUSES.includes(d().status) && !d().supersededBy
  const zero = () => isRecordOnly(d())

  const start = (next: Mode) => {
    if (busy()) return
    setMode(next)
    setError(null)
  }
  const cancel = () => {
    setMode('idle')
    queueMicrotask(() => firstButton?.focus())
  }

  /** Sends one decision or reopen; the answer replaces the cached record at once. */
  async function run(send: () => Promise<Deduction>, quick = false) {
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      const updated = await send()
      applyUpdate(client, updated)
      setMode('idle')
      const outcome = updated.status === 'draft' ? 'reopened' : updated.decision?.decision
      if (outcome) {
        const text = t(`deductions.decision.done.${outcome}`, {
          amount: formatYuan(updated.finalAmountFen ?? 0),
        })
        setDone({ text, version: updated.version })
      }
      if (quick) props.onQuick(updated)
      queueMicrotask(() => doneMessage?.focus())
    } catch (err) {
      setError(err)
      if (CLOSED.has(errorCodeOf(err) ?? '')) void reloadMonth(client, d().billingMonth, d().deductionId)
    } finally {
      setBusy(false)
    }
  }

  // The version the reviewer sees is the version sent: a change since makes it a 409.
  const month = () => d().billingMonth
  const id = () => d().deductionId
  const approve = () => {
    if (busy() || !canDecide() || mode() !== 'idle') return
    const decision = zero() ? 'acknowledged' : 'approved'
    void run(() => api.decide(month(), id(), { decision, expectedVersion: d().version }), true)
  }
  const reject = (reason: string) =>
    run(() => api.decide(month(), id(), { decision: 'rejected', reason, expectedVersion: d().version }))
  const adjust = (adjustment: Adjustment) =>
    run(() =>
      api.decide(month(), id(), { decision: 'adjusted', ...adjustment, expectedVersion: d().version }),
    )
  const reopen = (reason: string) =>
    run(() => api.reopen(month(), id(), { reason, expectedVersion: d().version }))
  const reload = async () => {
    setError(null)
    await reloadMonth(client, month(), id())
  }
  useShortcuts(() => (canDecide() && mode() === 'idle' ? { a: approve, r: () => start('reject') } : {}))

  const changed = () => {
    const err = error()
    return err instanceof ApiRequestError && err.status === 409 && CHANGED.has(errorCodeOf(err) ?? 'conflict')
  }

  return (
    <section class="panel" aria-labelledby="decision-title" data-testid="decision">
      <h3 id="decision-title">{t('deductions.decision.title')}</h3>
      <DecisionRecord deduction={d()} />
      <Show when={!d().decision && !canDecide() && d().status !== 'withdrawn'}>
        <p class="muted">{t('deductions.decision.none')}</p>
      </Show>
      <p
        ref={doneMessage}
        tabindex="-1"
        class="good"
        aria-live="polite"
        data-testid="decision-done"
        classList={{ 'visually-hidden': !doneText() }}
      >
        {doneText() ?? ''}
      </p>
      <Show when={props.viewer}>
        <p class="muted">{t('deductions.decision.viewerNote')}</p>
      </Show>
      <Show when={props.mayDecide && d().status === 'withdrawn'}>
        <p class="muted">{t('deductions.decision.withdrawn')}</p>
      </Show>
      <Show when={canDecide()}>
        <p class="muted note-small" data-testid="decision-version">
          {t('deductions.decision.version', { version: String(d().version) })}
        </p>
        <Show when={d().objection && d().objection?.answer === null}>
          <p class="note-small">{t('deductions.decision.answersObjection')}</p>
        </Show>
        <Show when={zero()}>
          <p class="note-small">{t('deductions.decision.zeroNote')}</p>
        </Show>
        <Switch>
          <Match when={mode() === 'idle'}>
            <div class="actions">
              <button
                type="button"
                class="primary"
                ref={firstButton}
                onClick={approve}
                disabled={busy()}
                aria-keyshortcuts="a"
              >
                {busy()
                  ? t('deductions.busy')
                  : zero()
                    ? t('deductions.decision.acknowledge')
                    : t('deductions.decision.approve')}{' '}
                <kbd>A</kbd>
              </button>
              <button type="button" onClick={() => start('reject')} disabled={busy()} aria-keyshortcuts="r">
                {t('deductions.decision.reject')} <kbd>R</kbd>
              </button>
              <Show when={!zero()}>
                <button type="button" onClick={() => start('adjust')} disabled={busy()}>
                  {t('deductions.decision.adjust')}
                </button>
              </Show>
            </div>
          </Match>
          <Match when={mode() === 'reject'}>
            <ReasonForm
              testId="reject-form"
              label={t('deductions.decision.rejectReason')}
              confirm={t('deductions.decision.confirmReject')}
              busy={busy()}
              onSubmit={reject}
              onCancel={cancel}
            />
          </Match>
          <Match when={mode() === 'adjust'}>
            <AdjustForm draftFen={d().amountFen} busy={busy()} onSubmit={adjust} onCancel={cancel} />
          </Match>
        </Switch>
      </Show>
      <Show when={canReopen()}>
        <Show
          when={mode() === 'reopen'}
          fallback={
            <div class="actions">
              <button type="button" ref={firstButton} onClick={() => start('reopen')} disabled={busy()}>
                {t('deductions.decision.reopen')}
              </button>
            </div>
          }
        >
          <ReasonForm
            testId="reopen-form"
            label={t('deductions.decision.reopenReason')}
            confirm={t('deductions.decision.confirmReopen')}
            hint={t('deductions.decision.reopenHint')}
            busy={busy()}
            onSubmit={reopen}
            onCancel={cancel}
          />
        </Show>
      </Show>
      <Show when={error()}>
        <div role="alert" class="problem" data-testid="decision-error">
          <Show
            when={changed()}
            fallback={<p class="bad">{t('deductions.decision.failed', { message: errorText(error()) })}</p>}
          >
            <p class="bad">{t('deductions.decision.conflict')}</p>
            <p>{t('deductions.decision.serverSaid', { message: errorText(error()) })}</p>
            <button type="button" onClick={reload}>
              {t('deductions.decision.reload')}
            </button>
          </Show>
        </div>
      </Show>
    </section>
  )
}
