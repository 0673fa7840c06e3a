/** The contractor's form to log a weekly safety or cleaning check (checked with the domain's schema first). */
import { FacilityCheckRecord, isoWeekOf, localDateOf } from '@hotline/domain'
import { useQueryClient } from '@tanstack/solid-query'
import { createSignal } from 'solid-js'
import { type FacilityCheckInput, useRecordsApi } from '../../api/records'
import { fromPickerValue, toPickerValue } from '../../beijing-time'
import {
  AtField,
  createRecordForm,
  Field,
  RecordForm,
  Select,
  TextArea,
  TextInput,
} from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { usePeriodText } from '../../names'
import { checkTypeName, monthOfWeek, type OnRecorded } from './shared'

const CHECK_TYPES = ['safety', 'cleaning'] as const

export function CheckForm(props: { onRecorded: OnRecorded }) {
  const { t, locale } = useI18n()
  const periodText = usePeriodText()
  const api = useRecordsApi()
  const queryClient = useQueryClient()
  const form = createRecordForm()
  const [type, setType] = createSignal<'safety' | 'cleaning'>('safety')
  const [at, setAt] = createSignal(toPickerValue(Date.now()))
  const [checkId, setCheckId] = createSignal('')
  const [notes, setNotes] = createSignal('')
  const labels = () => ({
    type: t('records.compliance.checks.form.type'),
    at: t('records.compliance.checks.form.at'),
    checkId: t('records.compliance.checks.form.checkId'),
    notes: t('records.compliance.checks.form.notes'),
  })

  const onSubmit = form.submit(() => {
    const when = fromPickerValue(at())
    const body: FacilityCheckInput = {
      type: type(),
      at: when ?? '',
      ...(checkId().trim() ? { checkId: checkId().trim() } : {}),
      ...(notes().trim() ? { notes: notes().trim() } : {}),
    }
    const errors = {
      ...form.errorsOf(FacilityCheckRecord, { kind: 'facility_check', ...body }),
      ...(when ? {} : { at: t('records.common.invalidTime') }),
    }
    return {
      errors,
      save: async () => {
        const report = await api.logFacilityCheck(body)
        const week = isoWeekOf(localDateOf(body.at))
        const month = monthOfWeek(week)
        await queryClient.invalidateQueries({ queryKey: ['facility-checks', month] })
        props.onRecorded(
          month,
          report.created > 0
            ? t('records.compliance.checks.form.done', {
                type: checkTypeName(body.type, locale()),
                week: periodText(week),
              })
            : t('records.common.duplicate'),
        )
        if (report.created > 0) {
          setCheckId('')
          setNotes('')
        }
      },
    }
  })

  return (
    <RecordForm
      name="check"
      title={t('records.compliance.checks.form.title')}
      form={form}
      labels={labels()}
      submitLabel={t('records.compliance.checks.form.submit')}
      onSubmit={onSubmit}
    >
      <Field id="check-type" name="type" label={labels().type} error={form.errors().type}>
        {(aria) => (
          <Select
            {...aria}
            value={type()}
            options={CHECK_TYPES}
            label={(value) => checkTypeName(value, locale())}
            onValue={setType}
          />
        )}
      </Field>
      <AtField id="check-at" label={labels().at} error={form.errors().at} value={at()} onValue={setAt} />
      <Field
        id="check-id"
        name="checkId"
        label={labels().checkId}
        error={form.errors().checkId}
        hint={t('records.compliance.checks.form.checkIdHint')}
      >
        {(aria) => <TextInput {...aria} maxLength={128} value={checkId()} onValue={setCheckId} />}
      </Field>
      <Field id="check-notes" name="notes" label={labels().notes} error={form.errors().notes}>
        {(aria) => <TextArea {...aria} rows={2} maxLength={2000} value={notes()} onValue={setNotes} />}
      </Field>
    </RecordForm>
  )
}
