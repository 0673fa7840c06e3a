/** The contractor's form to log a weekly safety or cleaning check (checked with the domain's schema first). */
import { FacilityCheckRecord, isoWeekOf, localDateOf } from '@hotline/domain'
import { createSignal } from 'solid-js'
import { type FacilityCheckInput, useRecordsApi } from '../../api/records'
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
  const form = createRecordForm(() => ({
    type: t('records.compliance.checks.form.type'),
    at: t('records.compliance.checks.form.at'),
    checkId: t('records.compliance.checks.form.checkId'),
    notes: t('records.compliance.checks.form.notes'),
  }))
  const [type, setType] = createSignal<'safety' | 'cleaning'>('safety')
  const [checkId, setCheckId] = createSignal('')
  const [notes, setNotes] = createSignal('')

  const onSubmit = form.submit(() => {
    const body: FacilityCheckInput = {
      type: type(),
      at: form.when() ?? '',
      ...(checkId().trim() ? { checkId: checkId().trim() } : {}),
      ...(notes().trim() ? { notes: notes().trim() } : {}),
    }
    return {
      errors: form.recordErrors(FacilityCheckRecord, { kind: 'facility_check', ...body }),
      save: async () => {
        const report = await api.logFacilityCheck(body)
        const week = isoWeekOf(localDateOf(body.at))
        const month = monthOfWeek(week)
        const created = await form.saved(report, {
          reload: ['facility-checks', month],
          month,
          done: () =>
            t('records.compliance.checks.form.done', {
              type: checkTypeName(body.type, locale()),
              week: periodText(week),
            }),
          onRecorded: props.onRecorded,
        })
        if (created) {
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
      submitLabel={t('records.compliance.checks.form.submit')}
      onSubmit={onSubmit}
    >
      <Field id="check-type" {...form.field('type')}>
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
      <AtField id="check-at" form={form} />
      <Field id="check-id" {...form.field('checkId')} hint={t('records.compliance.checks.form.checkIdHint')}>
        {(aria) => <TextInput {...aria} maxLength={128} value={checkId()} onValue={setCheckId} />}
      </Field>
      <Field id="check-notes" {...form.field('notes')}>
        {(aria) => <TextArea {...aria} rows={2} maxLength={2000} value={notes()} onValue={setNotes} />}
      </Field>
    </RecordForm>
  )
}
