/**
 * `/deductions/:month/:id`: one deduction (`DeductionView`), in the queue it was opened from (the
 * queue's month, KPI, period, status and order are in the address, so `j`/`k` walk it). After a
 * quick decision (`a`) the page offers to undo it for a few seconds — the undo reopens it with a
 * reason the audit trail keeps — and the offer stays while the reviewer walks on to the next one.
 */
import { formatYuan } from '@hotline/domain'
import { A, useParams, useSearchParams } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { createMemo, createSignal, Match, Show, Switch } from 'solid-js'
import { ApiRequestError } from '../api/client'
import { type Deduction, deductionKey, useDeductionsApi, useMonthDeductions } from '../api/deductions'
import { useErrorText } from '../api/errors'
import { useMonthClosed } from '../deductions/ClosedNote'
import { applyUpdate } from '../deductions/cache'
import { DeductionView } from '../deductions/DeductionView'
import { type QueueParams, queueAsSeen, queueLink, readQueueQuery } from '../deductions/queue'
import { useShortcuts } from '../deductions/shortcuts'
import { type Toast, UndoToast } from '../deductions/UndoToast'
import { idsOf, useDeductionWords } from '../deductions/words'
import { useI18n } from '../i18n'
import '../deductions/review.css'
import { isMonth } from '../month'
import { decodeSegment, queueHref } from './records/links'

export default function DeductionPage() {
  const { t } = useI18n()
  const api = useDeductionsApi()
  const client = useQueryClient()
  const errorText = useErrorText()
  const words = useDeductionWords()
  const params = useParams<{ month: string; id: string }>()
  const [search] = useSearchParams<QueueParams>()
  const month = () => decodeSegment(params.month)
  const id = () => decodeSegment(params.id)
  const queue = createMemo(() => readQueueQuery(search, isMonth(month()) ? month() : ''))

  const detail = useQuery(() => ({
    queryKey: deductionKey(month(), id()),
    queryFn: () => api.one(month(), id()),
    retry: false,
  }))
  // The queue it was opened from, for `j`/`k`: the same cached list the queue page shows.
  const list = useMonthDeductions(() => queue().month)
  const order = createMemo(() => (list.data ? queueAsSeen(list.data.deductions, queue(), id()) : null))
  const closed = useMonthClosed(month, () => [
    ...(list.data?.deductions ?? []),
    ...(detail.data ? [detail.data] : []),
  ])

  // The undo offer after a quick decision.
  const [toast, setToast] = createSignal<Toast | null>(null)
  const [undoing, setUndoing] = createSignal(false)
  let toasts = 0
  const show = (message: string, d: Deduction, undo?: () => void) =>
    setToast({ id: ++toasts, message, ids: idsOf(d), ...(undo ? { undo } : {}) })
  async function undo(decided: Deduction) {
    const kind = decided.status === 'acknowledged' ? 'acknowledged' : 'approved'
    setUndoing(true)
    try {
      const reopened = await api.reopen(decided.billingMonth, decided.deductionId, {
        reason: t(`deductions.undo.reason.${kind}`),
        expectedVersion: decided.version,
      })
      applyUpdate(client, reopened)
      show(t('deductions.undo.done', { what: words.label(decided) }), decided)
    } catch (err) {
      show(t('deductions.undo.failed', { message: errorText(err) }), decided)
    } finally {
      setUndoing(false)
    }
  }
  const onQuick = (decided: Deduction) => {
    const kind = decided.status === 'acknowledged' ? 'acknowledged' : 'approved'
    const message = t(`deductions.undo.${kind}`, {
      what: words.label(decided),
      amount: formatYuan(decided.finalAmountFen ?? 0),
    })
    show(message, decided, () => void undo(decided))
  }
  useShortcuts(() => {
    const offer = toast()?.undo
    return offer && !undoing() ? { u: offer } : {}
  })

  return (
    <section class="card deduction" aria-labelledby="deduction-title">
      <UndoToast toast={toast()} busy={undoing()} onDismiss={() => setToast(null)} />
      <Switch>
        <Match when={detail.isPending}>
          <h2 id="deduction-title">{t('deductions.detail.loadingTitle')}</h2>
          <p role="status">{t('deductions.loading')}</p>
        </Match>
        <Match when={detail.isError}>
          <h2 id="deduction-title">{t('deductions.detail.loadingTitle')}</h2>
          <p role="alert" class="bad">
            {detail.error instanceof ApiRequestError && detail.error.status === 404
              ? t('deductions.detail.notFound')
              : t('deductions.detail.failed', { message: errorText(detail.error) })}
          </p>
          <A href={queueHref(queue().month, queueLink(queue()))}>{t('deductions.detail.back')}</A>
        </Match>
        <Match when={detail.data}>
          {(data) => (
            // A fresh view (forms, messages) for each deduction walked to with `j`/`k`; keyed on the
            // data, not the address, so it never starts with the previous deduction's record.
            <Show when={`${data().billingMonth}/${data().deductionId}`} keyed>
              <DeductionView
                deduction={data()}
                order={order()}
                queue={queue()}
                closed={closed()}
                canUndo={Boolean(toast()?.undo)}
                onQuick={onQuick}
              />
            </Show>
          )}
        </Match>
      </Switch>
    </section>
  )
}
