/** The contractor's form to record a training: onboarding or practice days, in-service hours, an exam passed or not. */
import { localMonthOf, TrainingRecord } from '@hotline/domain'
import { useQueryClient } from '@tanstack/solid-query'
import { createSignal, Show } from 'solid-js'
import { type TrainingInput, useRecordsApi } from '../../api/records'
import { fromPickerValue, toPickerValue } from '../../beijing-time'
import {
  AtField,
  createRecordForm,
  Field,
  type FieldErrors,
  RecordForm,
  Select,
  TextInput,
} from '../../components/records-ui'
import { useI18n } from '../../i18n'
import type { OnRecorded } from './shared'

const TRAINING_TYPES = ['onboarding', 'exam', 'practice', 'in_service'] as const
type TrainingType = (typeof TRAINING_TYPES)[number]

export function TrainingForm(props: { onRecorded: OnRecorded }) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const queryClient = useQueryClient()
  const form = createRecordForm()
  const [staffId, setStaffId] = createSignal('')
  const [type, setType] = createSignal<TrainingType>('in_service')
  const [at, setAt] = createSignal(toPickerValue(Date.now()))
  const [amount, setAmount] = createSignal('')
  const [passed, setPassed] = createSignal(true)
  const unit = (): 'hours' | 'days' | null =>
    type() === 'in_service' ? 'hours' : type() === 'exam' ? null : 'days'
  const labels = () => ({
    staffId: t('records.compliance.staff.columns.staffId'),
    type: t('records.compliance.training.columns.type'),
    at: t('records.compliance.training.form.at'),
    hours: t('records.compliance.training.form.hours'),
    days: t('records.compliance.training.form.days'),
    passed: t('records.compliance.training.form.passed'),
  })

  const onSubmit = form.submit(() => {
    const when = fromPickerValue(at())
    const u = unit()
    const n = amount().trim() === '' ? undefined : Number(amount())
    const body: TrainingInput = {
      staffId: staffId().trim(),
      type: type(),
      at: when ?? '',
      ...(u && n !== undefined ? { [u]: n } : {}),
      ...(type() === 'exam' ? { passed: passed() } : {}),
    }
    const found: FieldErrors = {}
    if (!body.staffId) found.staffId = t('records.common.required')
    if (!when) found.at = t('records.common.invalidTime')
    if (u && n !== undefined && !Number.isFinite(n)) found[u] = t('records.common.notANumber')
    return {
      errors: { ...form.errorsOf(TrainingRecord, { kind: 'training', ...body }), ...found },
      save: async () => {
        const report = await api.recordTraining(body)
        const month = localMonthOf(body.at)
        await queryClient.invalidateQueries({ queryKey: ['training', month] })
        props.onRecorded(
          month,
          report.created > 0
            ? t('records.compliance.training.form.done', { id: body.staffId })
            : t('records.common.duplicate'),
          [body.staffId],
        )
        if (report.created > 0) setAmount('')
      },
    }
  })

  return (
    <RecordForm
      name="training"
      title={t('records.compliance.training.form.title')}
      form={form}
      labels={labels()}
      submitLabel={t('records.compliance.training.form.submit')}
      onSubmit={onSubmit}
    >
      <Field id="training-staff" name="staffId" label={labels().staffId} error={form.errors().staffId}>
        {(aria) => <TextInput {...aria} maxLength={128} value={staffId()} onValue={setStaffId} />}
      </Field>
      <Field id="training-type" name="type" label={labels().type} error={form.errors().type}>
        {(aria) => (
          <Select
            {...aria}
            value={type()}
            options={TRAINING_TYPES}
            label={(value) => t(`records.compliance.training.types.${value}`)}
            onValue={(value) => {
              setType(value)
              form.setErrors({})
            }}
          />
        )}
      </Field>
      <AtField id="training-at" label={labels().at} error={form.errors().at} value={at()} onValue={setAt} />
      <Show
        when={unit()}
        fallback={
          <label class="check">
            <input type="checkbox" checked={passed()} onChange={(e) => setPassed(e.currentTarget.checked)} />{' '}
            {labels().passed}
          </label>
        }
      >
        {(u) => (
          <Field id="training-amount" name={u()} label={labels()[u()]} error={form.errors()[u()]}>
            {(aria) => (
              <TextInput
                {...aria}
                type="number"
                inputMode="decimal"
                min="0"
                step="0.5"
                value={amount()}
                onValue={setAmount}
              />
            )}
          </Field>
        )}
      </Show>
    </RecordForm>
  )
}
