/**
 * `/records/staff/:staffId`: one member of staff — name, whether on the books now (the domain's
 * `rosterAt`) and in which role, their joins and leaves, and their training records.
 */
import { rosterAt } from '@hotline/domain'
import { useParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import { type StaffLookup, useRecordsApi } from '../../api/records'
import { formatInstant } from '../../beijing-time'
import { DataTable } from '../../components/lists'
import { useI18n } from '../../i18n'
import { useMonthInContext } from '../../month'
import { useActorName } from '../../names'
import { byTime, useTrainingAmount } from '../compliance/shared'
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
  const amount = useTrainingAmount()
  const onBooks = () => rosterAt(props.data.events, Date.now())[0]
  const time = (at: string) => <time datetime={at}>{formatInstant(at, locale())}</time>
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
      <h3 id="staff-events-title">{t('records.staff.events')}</h3>
      <Show when={props.data.events.length > 0} fallback={<p role="status">{t('records.staff.noEvents')}</p>}>
        <DataTable
          labelledBy="staff-events-title"
          testid="staff-events"
          columns={[
            t('records.compliance.checks.columns.at'),
            t('records.compliance.staff.columns.change'),
            t('records.compliance.staff.columns.role'),
            t('records.compliance.checks.columns.recordedBy'),
          ]}
        >
          <For each={[...props.data.events].sort(byTime)}>
            {(e) => (
              <tr data-testid="staff-event">
                <td class="nowrap">{time(e.at)}</td>
                <td class="nowrap">{t(`records.compliance.staff.changes.${e.type}`)}</td>
                <td class="nowrap">{t(`records.compliance.staff.roles.${e.role}`)}</td>
                <td class="nowrap">{actorName(e.ingestedBy)}</td>
              </tr>
            )}
          </For>
        </DataTable>
      </Show>
      <h3 id="staff-training-title">{t('records.staff.training')}</h3>
      <Show
        when={props.data.training.length > 0}
        fallback={<p role="status">{t('records.staff.noTraining')}</p>}
      >
        <DataTable
          labelledBy="staff-training-title"
          testid="staff-training"
          columns={[
            t('records.compliance.checks.columns.at'),
            t('records.compliance.training.columns.type'),
            t('records.compliance.training.columns.amount'),
          ]}
        >
          <For each={[...props.data.training].sort(byTime)}>
            {(r) => (
              <tr data-testid="staff-training-row">
                <td class="nowrap">{time(r.at)}</td>
                <td class="nowrap">{t(`records.compliance.training.types.${r.type}`)}</td>
                <td class="nowrap">{amount(r)}</td>
              </tr>
            )}
          </For>
        </DataTable>
      </Show>
    </>
  )
}
