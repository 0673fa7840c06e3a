/** The form to record a joining or a leaving (the contractor's or an agency reviewer's). */
import { localMonthOf, StaffEventRecord, StaffRole } from '@hotline/domain'
import { useQueryClient } from '@tanstack/solid-query'
import { createSignal } from 'solid-js'
import { type StaffEventInput, useRecordsApi } from '../../api/records'
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

const STAFF_CHANGES = ['joined', 'left'] as const

export function StaffForm(props: { onRecorded: OnRecorded }) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const queryClient = useQueryClient()
  const form = createRecordForm()
  const [staffId, setStaffId] = createSignal('')
  const [name, setName] = createSignal('')
  const [role, setRole] = createSignal<StaffRole>('agent')
  const [type, setType] = createSignal<'joined' | 'left'>('joined')
  const [at, setAt] = createSignal(toPickerValue(Date.now()))
  const labels = () => ({
    staffId: t('records.compliance.staff.columns.staffId'),
    name: t('records.compliance.staff.columns.name'),
    role: t('records.compliance.staff.columns.role'),
    type: t('records.compliance.staff.columns.change'),
    at: t('records.compliance.staff.form.at'),
  })

  const onSubmit = form.submit(() => {
    const when = fromPickerValue(at())
    const body: StaffEventInput = {
      staffId: staffId().trim(),
      type: type(),
      at: when ?? '',
      role: role(),
      ...(name().trim() ? { name: name().trim() } : {}),
    }
    const found: FieldErrors = {}
    if (!body.staffId) found.staffId = t('records.common.required')
    if (!when) found.at = t('records.common.invalidTime')
    return {
      errors: { ...form.errorsOf(StaffEventRecord, { kind: 'staff_event', ...body }), ...found },
      save: async () => {
        const report = await api.recordStaffEvent(body)
        await queryClient.invalidateQueries({ queryKey: ['staff-events'] })
        props.onRecorded(
          localMonthOf(body.at),
          report.created > 0
            ? t('records.compliance.staff.form.done', {
                id: body.staffId,
                change: t(`records.compliance.staff.changes.${body.type}`),
              })
            : t('records.common.duplicate'),
          [body.staffId],
        )
        if (report.created > 0) {
          setStaffId('')
          setName('')
        }
      },
    }
  })

  return (
    <RecordForm
      name="staff"
      title={t('records.compliance.staff.form.title')}
      form={form}
      labels={labels()}
      submitLabel={t('records.compliance.staff.form.submit')}
      onSubmit={onSubmit}
    >
      <Field id="staff-id" name="staffId" label={labels().staffId} error={form.errors().staffId}>
        {(aria) => <TextInput {...aria} maxLength={128} value={staffId()} onValue={setStaffId} />}
      </Field>
      <Field id="staff-name" name="name" label={labels().name} error={form.errors().name}>
        {(aria) => <TextInput {...aria} maxLength={100} value={name()} onValue={setName} />}
      </Field>
      <Field id="staff-role" name="role" label={labels().role} error={form.errors().role}>
        {(aria) => (
          <Select
            {...aria}
            value={role()}
            options={StaffRole.options}
            label={(value) => t(`records.compliance.staff.roles.${value}`)}
            onValue={setRole}
          />
        )}
      </Field>
      <Field id="staff-type" name="type" label={labels().type} error={form.errors().type}>
        {(aria) => (
          <Select
            {...aria}
            value={type()}
            options={STAFF_CHANGES}
            label={(value) => t(`records.compliance.staff.changes.${value}`)}
            onValue={setType}
          />
        )}
      </Field>
      <AtField id="staff-at" label={labels().at} error={form.errors().at} value={at()} onValue={setAt} />
    </RecordForm>
  )
}
