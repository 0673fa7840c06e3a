/**
 * `/incidents`: a month's incidents (complaints §4.2, micro-platform §4.6, confidentiality §4.9,
 * inspections §4.10, emergency reporting §4.11) — type, time, description, verified or not, who
 * recorded it and its audit trail. Agency reviewers and the contractor record incidents (the
 * contractor's are always unverified); agency reviewers verify or unverify one with a reason. Only
 * a verified incident counts: the monthly job drafts its deduction. The month is in the address.
 */
import { formatYuan, IncidentRecord, IncidentType, localMonthOf } from '@hotline/domain'
import { useSearchParams } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { createSignal, For, Show } from 'solid-js'
import {
  type IncidentInput,
  type StoredIncident,
  type TermsResponse,
  useRecordsApi,
  WRITERS,
} from '../api/records'
import { formatInstant, fromPickerValue, toPickerValue } from '../beijing-time'
import { DataTable } from '../components/lists'
import {
  Announcement,
  AtField,
  AuditTrail,
  createAnnouncement,
  createRecordForm,
  currentMonth,
  Field,
  type FieldErrors,
  formatMonth,
  isMonth,
  Loaded,
  MonthPicker,
  messageOf,
  ReasonAction,
  RecordForm,
  Select,
  schemaErrors,
  TextArea,
  TextInput,
} from '../components/records-ui'
import { useI18n } from '../i18n'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'
import '../records.css'

const TYPES = IncidentType.options

/** What a verified incident of each type is charged, and under which clause, from the terms in force. */
export function chargeOf(terms: TermsResponse['terms'], type: IncidentType): { fen: number; clause: string } {
  const k = terms.kpis
  switch (type) {
    case 'complaint':
      return { fen: k.complaint.amountFen, clause: k.complaint.clause }
    case 'confidentiality':
      return { fen: k.confidentiality.amountFen, clause: k.confidentiality.clause }
    case 'inspection':
      return { fen: k.inspection.amountFen, clause: k.inspection.clause }
    case 'micro_platform':
      return { fen: k.microPlatform.incidentAmountFen, clause: k.microPlatform.clause }
    case 'emergency':
      return { fen: k.emergencyReport.amountFen, clause: k.emergencyReport.clause }
  }
}

const byTime = (a: StoredIncident, b: StoredIncident) => Date.parse(a.at) - Date.parse(b.at)

export default function IncidentsPage() {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const session = useSession()
  const [params, setParams] = useSearchParams<{ month?: string }>()
  const month = () => (isMonth(params.month) ? params.month : currentMonth())
  const roles = () => session.current()?.user.roles
  const mayRecord = () => hasAnyRole(roles(), WRITERS.incident)
  const mayVerify = () => hasAnyRole(roles(), WRITERS.review)

  const incidents = useQuery(() => ({
    queryKey: ['incidents', month()],
    queryFn: () => api.incidents(month()),
  }))
  const terms = useQuery(() => ({ queryKey: ['terms'], queryFn: () => api.terms(), staleTime: Infinity }))
  const announcement = createAnnouncement()

  return (
    <section class="card records" aria-labelledby="incidents-title">
      <header>
        <h2 id="incidents-title">{t('records.incidents.title')}</h2>
        <div class="filters">
          <MonthPicker id="incidents-month" value={month()} onChange={(m) => setParams({ month: m })} />
          <button type="button" onClick={() => incidents.refetch()} disabled={incidents.isFetching}>
            {t('records.common.refresh')}
          </button>
        </div>
      </header>
      <p class="muted">{t('records.incidents.intro')}</p>
      <Announcement testid="incidents-announcement" announcement={announcement} />
      <Loaded queries={[incidents]}>
        <Show
          when={(incidents.data ?? []).length > 0}
          fallback={
            <p role="status">{t('records.incidents.empty', { month: formatMonth(month(), locale()) })}</p>
          }
        >
          <IncidentsTable
            incidents={[...(incidents.data ?? [])].sort(byTime)}
            month={month()}
            terms={terms.data?.terms}
            mayVerify={mayVerify()}
            onChanged={announcement.sayAndFocus}
          />
        </Show>
      </Loaded>
      <Show when={mayVerify()}>
        <p class="note">{t('records.incidents.jobNote')}</p>
      </Show>

      <Show when={mayRecord()}>
        <IncidentForm
          reviewer={mayVerify()}
          onRecorded={(recordedMonth, text) => {
            announcement.say(text)
            if (recordedMonth !== month()) setParams({ month: recordedMonth })
          }}
        />
      </Show>
    </section>
  )
}

function IncidentsTable(props: {
  incidents: StoredIncident[]
  month: string
  terms: TermsResponse['terms'] | undefined
  mayVerify: boolean
  onChanged: (text: string) => void
}) {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const queryClient = useQueryClient()

  const verify = async (incident: StoredIncident, verified: boolean, reason: string) => {
    try {
      const updated = await api.verifyIncident(props.month, incident.incidentId, { verified, reason })
      queryClient.setQueryData<StoredIncident[]>(['incidents', props.month], (list) =>
        list?.map((item) => (item.incidentId === updated.incidentId ? updated : item)),
      )
      props.onChanged(
        verified
          ? t('records.incidents.verifiedDone', { id: incident.incidentId })
          : t('records.incidents.unverifiedDone', { id: incident.incidentId }),
      )
    } catch (err) {
      // A 409: someone changed it meanwhile. Show what is stored now.
      void queryClient.invalidateQueries({ queryKey: ['incidents', props.month] })
      throw new Error(messageOf(err, locale()))
    }
  }

  return (
    <DataTable
      labelledBy="incidents-caption"
      testid="incidents"
      caption={t('records.incidents.caption', { month: formatMonth(props.month, locale()) })}
      columns={[
        t('records.incidents.columns.id'),
        t('records.incidents.columns.type'),
        t('records.incidents.columns.at'),
        t('records.incidents.columns.description'),
        t('records.incidents.columns.verified'),
        t('records.incidents.columns.by'),
        t('records.incidents.columns.charge'),
        ...(props.mayVerify ? [t('records.incidents.columns.actions')] : []),
      ]}
    >
      <For each={props.incidents}>
        {(incident) => {
          const charge = () => (props.terms ? chargeOf(props.terms, incident.type) : null)
          return (
            <>
              <tr data-testid="incident-row" data-incident={incident.incidentId} class="has-audit">
                <th scope="row" class="nowrap mono">
                  {incident.incidentId}
                </th>
                <td class="nowrap">{t(`records.incidents.types.${incident.type}`)}</td>
                <td class="nowrap">
                  <time datetime={incident.at}>{formatInstant(incident.at, locale())}</time>
                </td>
                <td class="text prewrap">{incident.description ?? ''}</td>
                <td class="nowrap" data-testid="incident-verified">
                  <span classList={{ badge: true, 'good-badge': incident.verified }}>
                    {incident.verified ? t('records.common.verified') : t('records.common.unverified')}
                  </span>
                </td>
                <td class="nowrap">{incident.ingestedBy}</td>
                <td>
                  <Show when={charge()}>
                    {(c) => (
                      <span title={c().clause}>
                        {incident.verified
                          ? t('records.incidents.chargeDrafted', {
                              amount: formatYuan(c().fen),
                              clause: c().clause,
                            })
                          : t('records.incidents.chargeIfVerified', {
                              amount: formatYuan(c().fen),
                              clause: c().clause,
                            })}
                      </span>
                    )}
                  </Show>
                </td>
                <Show when={props.mayVerify}>
                  <td>
                    <ReasonAction
                      id={`verify-${incident.incidentId}`}
                      label={
                        incident.verified ? t('records.incidents.unverify') : t('records.incidents.verify')
                      }
                      ariaLabel={t(
                        incident.verified ? 'records.incidents.unverifyOf' : 'records.incidents.verifyOf',
                        { id: incident.incidentId },
                      )}
                      submitLabel={
                        incident.verified
                          ? t('records.incidents.confirmUnverify')
                          : t('records.incidents.confirmVerify')
                      }
                      onSubmit={(reason) => verify(incident, !incident.verified, reason)}
                    />
                  </td>
                </Show>
              </tr>
              <tr class="audit-row" data-testid="incident-audit">
                <td colSpan={props.mayVerify ? 8 : 7}>
                  <AuditTrail audit={incident.audit} />
                </td>
              </tr>
            </>
          )
        }}
      </For>
    </DataTable>
  )
}

/** A new incident id to start from: `INC-` and the Beijing time now, to the second. */
function suggestedId(): string {
  const now = Date.now()
  const local = toPickerValue(now) // 2026-10-12T10:30
  const seconds = String(new Date(now).getUTCSeconds()).padStart(2, '0')
  return `INC-${local.slice(0, 10).replaceAll('-', '')}-${local.slice(11).replace(':', '')}${seconds}`
}

function IncidentForm(props: { reviewer: boolean; onRecorded: (month: string, text: string) => void }) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const queryClient = useQueryClient()
  const form = createRecordForm()
  const [incidentId, setIncidentId] = createSignal(suggestedId())
  const [type, setType] = createSignal<IncidentType>('complaint')
  const [at, setAt] = createSignal(toPickerValue(Date.now()))
  const [description, setDescription] = createSignal('')
  const [verified, setVerified] = createSignal(false)

  const labels = () => ({
    incidentId: t('records.incidents.form.id'),
    type: t('records.incidents.form.type'),
    at: t('records.incidents.form.at'),
    description: t('records.incidents.form.description'),
    verified: t('records.incidents.form.verified'),
  })

  const onSubmit = form.submit(() => {
    const when = fromPickerValue(at())
    const body: IncidentInput = {
      incidentId: incidentId().trim(),
      type: type(),
      at: when ?? '',
      // A contractor's report is always unverified: only an agency reviewer verifies.
      verified: props.reviewer ? verified() : false,
      ...(description().trim() ? { description: description().trim() } : {}),
    }
    const found: FieldErrors = {}
    if (!body.incidentId) found.incidentId = t('records.common.required')
    if (!when) found.at = t('records.common.invalidTime')
    return {
      errors: { ...schemaErrors(IncidentRecord, { kind: 'incident', ...body }), ...found },
      save: async () => {
        const report = await api.recordIncident(body)
        const recordedMonth = localMonthOf(body.at)
        await queryClient.invalidateQueries({ queryKey: ['incidents', recordedMonth] })
        props.onRecorded(
          recordedMonth,
          report.created > 0
            ? t('records.incidents.recorded', { id: body.incidentId })
            : t('records.incidents.duplicate', { id: body.incidentId }),
        )
        if (report.created > 0) {
          setIncidentId(suggestedId())
          setDescription('')
          setVerified(false)
        }
      },
    }
  })

  return (
    <RecordForm
      name="incident"
      title={t('records.incidents.form.title')}
      form={form}
      labels={labels()}
      submitLabel={t('records.incidents.form.submit')}
      onSubmit={onSubmit}
    >
      <Field
        id="incident-id"
        name="incidentId"
        label={labels().incidentId}
        error={form.errors().incidentId}
        hint={t('records.incidents.form.idHint')}
      >
        {(aria) => <TextInput {...aria} maxLength={128} value={incidentId()} onValue={setIncidentId} />}
      </Field>
      <Field id="incident-type" name="type" label={labels().type} error={form.errors().type}>
        {(aria) => (
          <Select
            {...aria}
            value={type()}
            options={TYPES}
            label={(value) => t(`records.incidents.types.${value}`)}
            onValue={setType}
          />
        )}
      </Field>
      <AtField id="incident-at" label={labels().at} error={form.errors().at} value={at()} onValue={setAt} />
      <Field
        id="incident-description"
        name="description"
        label={labels().description}
        error={form.errors().description}
      >
        {(aria) => (
          <TextArea {...aria} rows={3} maxLength={4000} value={description()} onValue={setDescription} />
        )}
      </Field>
      <Show
        when={props.reviewer}
        fallback={
          <p class="note" data-testid="contractor-unverified-note">
            {t('records.incidents.form.contractorNote')}
          </p>
        }
      >
        <label class="check">
          <input
            type="checkbox"
            checked={verified()}
            onChange={(e) => setVerified(e.currentTarget.checked)}
          />{' '}
          {labels().verified}
        </label>
        <p class="muted">{t('records.incidents.form.verifiedHint')}</p>
      </Show>
    </RecordForm>
  )
}
