/** The form to record a joining or a leaving (the contractor's or an agency reviewer's). */
import { localMonthOf, StaffEventRecord, StaffRole } from '@hotline/domain'
import { createSignal } from 'solid-js'
import { type StaffEventInput, useRecordsApi } from '../../api/records'
import { AtField, createRecordForm, Field, RecordForm, Select, TextInput } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import type { OnRecorded } from './shared'

const STAFF_CHANGES = ['joined', 'left'] as const

export function StaffForm(props: { onRecorded: OnRecorded }) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const form = createRecordForm(() => ({
    staffId: t('records.compliance.staff.columns.staffId'),
    name: t('records.compliance.staff.columns.name'),
    role: t('records.compliance.staff.columns.role'),
    type: t('records.compliance.staff.columns.change'),
    at: t('records.compliance.staff.form.at'),
  }))
  const [staffId, setStaffId] = createSignal('')
  const [name, setName] = createSignal('')
  const [role, setRole] = createSignal<StaffRole>('agent')
  const [type, setType] = createSignal<'joined' | 'left'>('joined')

  const onSubmit = form.submit(() => {
    const body: StaffEventInput = {
      staffId: staffId().trim(),
      type: type(),
      at: form.when() ?? '',
      role: role(),
      ...(name().trim() ? { name: name().trim() } : {}),
    }
    return {
      errors: form.recordErrors(StaffEventRecord, { kind: 'staff_event', ...body }, ['staffId']),
      save: async () => {
        const report = await api.recordStaffEvent(body)
        const created = await form.saved(report, {
          reload: ['staff-events'],
          month: localMonthOf(body.at),
          done: () =>
            t('records.compliance.staff.form.done', {
              id: body.staffId,
              change: t(`records.compliance.staff.changes.${body.type}`),
            }),
          ids: [body.staffId],
          onRecorded: props.onRecorded,
        })
        if (created) {
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
      submitLabel={t('records.compliance.staff.form.submit')}
      onSubmit={onSubmit}
    >
      <Field id="staff-id" {...form.field('staffId')}>
        {(aria) => <TextInput {...aria} maxLength={128} value={staffId()} onValue={setStaffId} />}
      </Field>
      <Field id="staff-name" {...form.field('name')}>
        {(aria) => <TextInput {...aria} maxLength={100} value={name()} onValue={setName} />}
      </Field>
      <Field id="staff-role" {...form.field('role')}>
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
      <Field id="staff-type" {...form.field('type')}>
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
      <AtField id="staff-at" form={form} />
    </RecordForm>
  )
}
