/** The contractor's form to record a training: onboarding or practice days, in-service hours, an exam passed or not. */
import { localMonthOf, TrainingRecord } from '@hotline/domain'
import { createSignal, Show } from 'solid-js'
import { type TrainingInput, useRecordsApi } from '../../api/records'
import { AtField, createRecordForm, Field, RecordForm, Select, TextInput } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import type { OnRecorded } from './shared'

const TRAINING_TYPES = ['onboarding', 'exam', 'practice', 'in_service'] as const
type TrainingType = (typeof TRAINING_TYPES)[number]

export function TrainingForm(props: { onRecorded: OnRecorded }) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const form = createRecordForm(() => ({
    staffId: t('records.compliance.staff.columns.staffId'),
    type: t('records.compliance.training.columns.type'),
    at: t('records.compliance.training.form.at'),
    hours: t('records.compliance.training.form.hours'),
    days: t('records.compliance.training.form.days'),
    passed: t('records.compliance.training.form.passed'),
  }))
  const [staffId, setStaffId] = createSignal('')
  const [type, setType] = createSignal<TrainingType>('in_service')
  const [amount, setAmount] = createSignal('')
  const [passed, setPassed] = createSignal(true)
  const unit = (): 'hours' | 'days' | null =>
    type() === 'in_service' ? 'hours' : type() === 'exam' ? null : 'days'

  const onSubmit = form.submit(() => {
    const u = unit()
    const n = amount().trim() === '' ? undefined : Number(amount())
    const body: TrainingInput = {
      staffId: staffId().trim(),
      type: type(),
      at: form.when() ?? '',
      ...(u && n !== undefined ? { [u]: n } : {}),
      ...(type() === 'exam' ? { passed: passed() } : {}),
    }
    return {
      errors: {
        ...form.recordErrors(TrainingRecord, { kind: 'training', ...body }, ['staffId']),
        ...(u && n !== undefined && !Number.isFinite(n) ? { [u]: t('records.common.notANumber') } : {}),
      },
      save: async () => {
        const report = await api.recordTraining(body)
        const month = localMonthOf(body.at)
        const created = await form.saved(report, {
          reload: ['training', month],
          month,
          done: () => t('records.compliance.training.form.done', { id: body.staffId }),
          ids: [body.staffId],
          onRecorded: props.onRecorded,
        })
        if (created) setAmount('')
      },
    }
  })

  return (
    <RecordForm
      name="training"
      title={t('records.compliance.training.form.title')}
      form={form}
      submitLabel={t('records.compliance.training.form.submit')}
      onSubmit={onSubmit}
    >
      <Field id="training-staff" {...form.field('staffId')}>
        {(aria) => <TextInput {...aria} maxLength={128} value={staffId()} onValue={setStaffId} />}
      </Field>
      <Field id="training-type" {...form.field('type')}>
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
      <AtField id="training-at" form={form} />
      <Show
        when={unit()}
        fallback={
          <label class="check">
            <input type="checkbox" checked={passed()} onChange={(e) => setPassed(e.currentTarget.checked)} />{' '}
            {form.labels().passed}
          </label>
        }
      >
        {(u) => (
          <Field id="training-amount" name={u()} label={form.labels()[u()] ?? ''} error={form.errors()[u()]}>
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
