/**
 * The month's writes as steps that need a second look: `useMonthWrite` sends one (busy while it
 * runs, its failure kept, the close record that comes back put in the cache, the month list and the
 * month's deductions reloaded); `ConfirmStep` is a dialog that says what will happen, then confirm
 * or cancel; `TextStep` asks for a text first (a reason, an objection) with the review's
 * `TextForm`, checked before it is sent.
 */
import { useQueryClient } from '@tanstack/solid-query'
import { createSignal, type JSX, Show } from 'solid-js'
import { ApiRequestError } from '../api/client'
import { deductionsKey } from '../api/deductions'
import { useErrorText } from '../api/errors'
import { type MonthClose, type MonthCloseApi, monthCloseKey, useMonthCloseApi } from '../api/month-close'
import { monthsKey } from '../api/months'
import { Dialog } from '../components/Dialog'
import { type TextFieldSpec, TextForm } from '../deductions/ReasonForm'
import { useI18n } from '../i18n'

export type MonthWrite = ReturnType<typeof useMonthWrite>

/** One write at a time; resolves to the close record as it now is, or `null` when it failed. */
export function useMonthWrite() {
  const api = useMonthCloseApi()
  const client = useQueryClient()
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<unknown>(null)
  const run = async (write: (api: MonthCloseApi) => Promise<MonthClose>): Promise<MonthClose | null> => {
    setBusy(true)
    setError(null)
    try {
      const updated = await write(api)
      client.setQueryData(monthCloseKey(updated.month), updated)
      void client.invalidateQueries({ queryKey: monthsKey })
      void client.invalidateQueries({ queryKey: deductionsKey(updated.month) })
      return updated
    } catch (err) {
      setError(err)
      // Changed meanwhile: the record is read again, so the next try is at the version now in force.
      if (err instanceof ApiRequestError && err.status === 409)
        void client.invalidateQueries({ queryKey: ['month-close'] })
      return null
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run, clear: () => setError(null) }
}

type StepProps = {
  title: string
  testid: string
  write: MonthWrite
  /** Put before the failure's words: "未能确认本月：". */
  failed: string
  confirm: string
  onCancel: () => void
}

/** The failure of the last try, in words; then confirm (busy while it runs) or cancel. */
function StepEnd(props: StepProps & { submit?: boolean; onConfirm?: () => void }) {
  const { t } = useI18n()
  const errorText = useErrorText()
  return (
    <>
      <Show when={props.write.error()}>
        {(error) => (
          <p role="alert" class="bad" data-testid="month-close-error">
            {`${props.failed}${errorText(error())}`}
          </p>
        )}
      </Show>
      <div class="actions">
        <button
          type={props.submit ? 'submit' : 'button'}
          class="primary"
          disabled={props.write.busy()}
          onClick={() => props.onConfirm?.()}
        >
          {props.write.busy() ? t('monthClose.busy') : props.confirm}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('monthClose.cancel')}
        </button>
      </div>
    </>
  )
}

export function ConfirmStep(props: StepProps & { onConfirm: () => void; children: JSX.Element }) {
  return (
    <Dialog title={props.title} testid={props.testid} onCancel={props.onCancel}>
      {props.children}
      <StepEnd {...props} />
    </Dialog>
  )
}

/** Asks for a text (`TextForm`, as the review asks for a reason), then sends it or cancels. */
export function TextStep(
  props: StepProps & { intro?: string; field: TextFieldSpec; onSend: (text: string) => void },
) {
  return (
    <Dialog title={props.title} testid={props.testid} onCancel={props.onCancel}>
      <Show when={props.intro}>
        <p>{props.intro}</p>
      </Show>
      <TextForm
        field={props.field}
        rows={4}
        fieldClass="mc-field"
        busy={props.write.busy()}
        onSubmit={(text) => props.onSend(text)}
        end={<StepEnd {...props} submit />}
      />
    </Dialog>
  )
}
