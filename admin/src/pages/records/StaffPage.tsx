/**
 * `/records/staff/:staffId`: one member of staff — name, whether on the books now (the domain's
 * `rosterAt`) and in which role, their joins and leaves, and their training records.
 */
import { rosterAt } from '@hotline/domain'
import { useParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { Show } from 'solid-js'
import { type StaffLookup, useRecordsApi } from '../../api/records'
import { formatInstant } from '../../beijing-time'
import { RowsTable, TimeCell } from '../../components/lists'
import { useI18n } from '../../i18n'
import { useMonthInContext } from '../../month'
import { useActorName } from '../../names'
import { byTime, TrainingCells } from '../compliance/shared'
import { decodeSegment } from './links'
import { Facts, RecordShell } from './RecordShell'

export default function StaffPage() {
  const { t } = useI18n()
  const api = useRecordsApi()
  const month = useMonthInContext()
  const params = useParams<{ staffId: string }>()
  const id = () => decodeSegment(params.staffId)
  const staff = useQuery(() => ({
    queryKey: ['record', 'staff', id()],
    queryFn: () => api.staff(id()),
    retry: false,
  }))

  return (
    <RecordShell
      title={t('records.staff.title', { id: id() })}
      ids={[id()]}
      back={{ href: '/compliance?tab=staff', label: t('records.staff.back'), month: month() }}
      query={staff}
      notFound={t('records.staff.notFound', { id: id() })}
    >
      {(data) => <StaffDetails data={data} />}
    </RecordShell>
  )
}

function StaffDetails(props: { data: StaffLookup }) {
  const { t, locale } = useI18n()
  const actorName = useActorName()
  const onBooks = () => rosterAt(props.data.events, Date.now())[0]
  return (
    <>
      <Facts
        label={t('records.staff.facts')}
        facts={[
          {
            label: t('records.compliance.staff.columns.staffId'),
            value: (
              <span class="mono" translate="no">
                {props.data.staffId}
              </span>
            ),
          },
          props.data.name !== null && {
            label: t('records.compliance.staff.columns.name'),
            value: props.data.name,
          },
          {
            label: t('records.staff.now'),
            value: (
              <Show when={onBooks()} fallback={t('records.staff.notOnBooks')}>
                {(p) =>
                  t('records.staff.onBooks', {
                    role: t(`records.compliance.staff.roles.${p().role}`),
                    since: formatInstant(p().since, locale()),
                  })
                }
              </Show>
            ),
            testid: 'staff-now',
          },
        ]}
      />
      <RowsTable
        testid="staff-events"
        title={t('records.staff.events')}
        rows={[...props.data.events].sort(byTime)}
        empty={t('records.staff.noEvents')}
        columns={[
          t('records.compliance.checks.columns.at'),
          t('records.compliance.staff.columns.change'),
          t('records.compliance.staff.columns.role'),
          t('records.compliance.checks.columns.recordedBy'),
        ]}
      >
        {(e) => (
          <tr data-testid="staff-event">
            <TimeCell at={e.at} />
            <td class="nowrap">{t(`records.compliance.staff.changes.${e.type}`)}</td>
            <td class="nowrap">{t(`records.compliance.staff.roles.${e.role}`)}</td>
            <td class="nowrap">{actorName(e.ingestedBy)}</td>
          </tr>
        )}
      </RowsTable>
      <RowsTable
        testid="staff-training"
        title={t('records.staff.training')}
        rows={[...props.data.training].sort(byTime)}
        empty={t('records.staff.noTraining')}
        columns={[
          t('records.compliance.checks.columns.at'),
          t('records.compliance.training.columns.type'),
          t('records.compliance.training.columns.amount'),
        ]}
      >
        {(r) => (
          <tr data-testid="staff-training-row">
            <TimeCell at={r.at} />
            <TrainingCells record={r} />
          </tr>
        )}
      </RowsTable>
    </>
  )
}
