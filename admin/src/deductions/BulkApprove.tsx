/**
 * Approving a selection at once: what is ticked (how many, how much), one confirmation that shows
 * the count and the sum ("批准 12 条扣款，合计 ¥2,400.00？"), and the report of what was done (which
 * stays when nothing is left to select).
 */
import { formatYuan } from '@hotline/domain'
import { createMemo, createSignal, createUniqueId, Show } from 'solid-js'
import type { Deduction } from '../api/deductions'
import { Dialog } from '../components/Dialog'
import { useI18n } from '../i18n'
import { BulkReport } from './BulkReport'
import { useBulkDecision } from './bulk'
import type { Selection } from './selection'

export function BulkApprove(props: {
  month: string
  selectable: readonly Deduction[]
  selection: Selection
}) {
  const { t } = useI18n()
  const bulk = useBulkDecision()
  const [confirming, setConfirming] = createSignal(false)
  const textId = createUniqueId()
  let cancel: HTMLButtonElement | undefined
  const selected = createMemo(() => props.selection.ticked(props.selectable))
  const sum = () => selected().reduce((total, d) => total + d.amountFen, 0)
  const words = () => ({ count: String(selected().length), amount: formatYuan(sum()) })

  const approve = async () => {
    // What the dialog showed is what is sent: these items, this count, this sum.
    const items = selected()
    const answered = await bulk.run(props.month, 'approved', items)
    setConfirming(false)
    if (answered)
      props.selection.setAll(
        items.map((d) => d.deductionId),
        false,
      )
  }

  return (
    <div data-testid="bulk-approve">
      <Show when={props.selectable.length > 0}>
        <div class="bulk-bar">
          <p>
            <Show
              when={selected().length > 0}
              fallback={<span class="muted">{t('deductions.select.none')}</span>}
            >
              <span data-testid="selection-summary">{t('deductions.select.selected', words())}</span>
            </Show>
          </p>
          <div class="actions">
            <button
              type="button"
              class="primary"
              disabled={selected().length === 0 || bulk.busy()}
              onClick={() => setConfirming(true)}
            >
              {t('deductions.select.approve')}
            </button>
            <Show when={selected().length > 0}>
              <button type="button" onClick={() => props.selection.clear()}>
                {t('deductions.select.clear')}
              </button>
            </Show>
          </div>
        </div>
      </Show>
      <BulkReport report={bulk.report()} testId="bulk-approve-report" />
      <Show when={confirming()}>
        <Dialog
          title={t('deductions.select.dialogTitle')}
          testid="bulk-approve-dialog"
          describedBy={textId}
          busy={bulk.busy()}
          initialFocus={() => cancel}
          onCancel={() => setConfirming(false)}
        >
          <div id={textId}>
            <p class="dialog-question">{t('deductions.select.dialogText', words())}</p>
            <p class="muted note-small">{t('deductions.select.dialogNote')}</p>
          </div>
          <div class="actions">
            <button type="button" class="primary" onClick={() => void approve()} disabled={bulk.busy()}>
              {t('deductions.select.confirm')}
            </button>
            <button type="button" ref={cancel} onClick={() => setConfirming(false)} disabled={bulk.busy()}>
              {t('deductions.select.cancel')}
            </button>
          </div>
        </Dialog>
      </Show>
    </div>
  )
}
