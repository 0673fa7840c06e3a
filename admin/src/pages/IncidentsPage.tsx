/**
 * `/incidents`: a month's incidents (complaints §4.2, micro-platform §4.6, confidentiality §4.9,
 * inspections §4.10, emergency reporting §4.11; each type named by the KPI it counts for) — type,
 * time, description, verified or not, who recorded it, what it costs as it stands (its deduction's
 * state: 待审核, 已扣款, 不予扣款…, or what verifying leads to) and its audit trail. Agency reviewers
 * and the contractor record incidents (the contractor's are always unverified); agency reviewers
 * verify or unverify one with a reason. Each incident opens its own page. The month is the app's.
 */
import { IncidentRecord, IncidentType, localMonthOf, RECORD_WRITERS } from '@hotline/domain'
import { A, useSearchParams } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { createSignal, For, Show } from 'solid-js'
import { type Deduction, useMonthDeductions } from '../api/deductions'
import {
  type IncidentInput,
  type StoredIncident,
  type TermsResponse,
  useRecordsApi,
  useTerms,
} from '../api/records'
import { formatInstant, toPickerValue } from '../beijing-time'
import { DataTable } from '../components/lists'
import { MonthPicker } from '../components/MonthPicker'
import {
  Announcement,
  AtField,
  AuditTrail,
  createAnnouncement,
  createRecordForm,
  Field,
  Loaded,
  ReasonAction,
  RecordForm,
  Select,
  TextArea,
  TextInput,
  useRecordsMonth,
  VerifiedBadge,
} from '../components/records-ui'
import { useI18n } from '../i18n'
import { withMonth } from '../month'
import { useActorName, usePeriodText } from '../names'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'
import { byTime } from './compliance/shared'
import { currentDeduction, IncidentCharge, incidentTypeName } from './records/incident-charge'
import { incidentHref } from './records/links'
import '../records.css'

const TYPES = IncidentType.options

export default function IncidentsPage() {
  const { t, locale } = useI18n()
  const session = useSession()
  const [, setParams] = useSearchParams<{ month?: string }>()
  const month = useRecordsMonth()
  const roles = () => session.current()?.user.roles
  const mayRecord = () => hasAnyRole(roles(), RECORD_WRITERS.incident)
  const mayVerify = () => hasAnyRole(roles(), RECORD_WRITERS.review)
  const announcement = createAnnouncement()

  return (
    <section class="card records" aria-labelledby="incidents-title">
      <header>
        <h2 id="incidents-title">{t('records.incidents.title')}</h2>
        <Show when={month()}>{(m) => <MonthPicker month={m()} />}</Show>
      </header>
      <p class="muted">
        {t('records.incidents.intro', {
          types: TYPES.map((type) => incidentTypeName(type, locale())).join(
            locale() === 'zh-CN' ? '、' : ', ',
          ),
        })}
      </p>
      <Announcement testid="incidents-announcement" announcement={announcement} />
      <Show when={month()} fallback={<p role="status">{t('records.common.loading')}</p>}>
        {(m) => <MonthIncidents month={m()} mayVerify={mayVerify()} onChanged={announcement.sayAndFocus} />}
      </Show>
      <Show when={mayVerify()}>
        <p class="note">{t('records.incidents.jobNote')}</p>
      </Show>

      <Show when={mayRecord()}>
        <IncidentForm
          reviewer={mayVerify()}
          onRecorded={(recordedMonth, text, ids) => {
            announcement.say(text, ids)
            if (recordedMonth !== month()) setParams({ month: recordedMonth })
          }}
        />
      </Show>
    </section>
  )
}

/** The month's incidents with the deductions drafted for them. */
function MonthIncidents(props: {
  month: string
  mayVerify: boolean
  onChanged: (text: string, ids: readonly string[]) => void
}) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const periodText = usePeriodText()
  const incidents = useQuery(() => ({
    queryKey: ['incidents', props.month],
    queryFn: () => api.incidents(props.month),
  }))
  // The month's list every page shares: a decision made elsewhere shows here at once.
  const deductions = useMonthDeductions(() => props.month)
  const terms = useTerms()
  return (
    <>
      <div class="filters">
        <button type="button" onClick={() => void incidents.refetch()} disabled={incidents.isFetching}>
          {t('records.common.refresh')}
        </button>
      </div>
      <Loaded queries={[incidents]}>
        <Show
          when={(incidents.data ?? []).length > 0}
          fallback={<p role="status">{t('records.incidents.empty', { month: periodText(props.month) })}</p>}
        >
          <IncidentsTable
            incidents={[...(incidents.data ?? [])].sort(byTime)}
            deductions={deductions.data?.deductions ?? []}
            month={props.month}
            terms={terms.data?.terms}
            mayVerify={props.mayVerify}
            onChanged={props.onChanged}
          />
        </Show>
      </Loaded>
    </>
  )
}

function IncidentsTable(props: {
  incidents: StoredIncident[]
  deductions: readonly Deduction[]
  month: string
  terms: TermsResponse['terms'] | undefined
  mayVerify: boolean
  onChanged: (text: string, ids: readonly string[]) => void
}) {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const queryClient = useQueryClient()
  const actorName = useActorName()
  const periodText = usePeriodText()

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
        [incident.incidentId],
      )
    } catch (err) {
      // A 409: someone changed it meanwhile. Show what is stored now, and say why it failed.
      void queryClient.invalidateQueries({ queryKey: ['incidents', props.month] })
      throw err
    }
  }

  return (
    <DataTable
      labelledBy="incidents-caption"
      testid="incidents"
      caption={t('records.incidents.caption', { month: periodText(props.month) })}
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
        {(incident) => (
          <>
            <tr data-testid="incident-row" data-incident={incident.incidentId} class="has-audit">
              <th scope="row" class="nowrap mono" id={`incident-${incident.incidentId}`} translate="no">
                <A href={withMonth(incidentHref(props.month, incident.incidentId), props.month)}>
                  {incident.incidentId}
                </A>
              </th>
              <td class="nowrap">{incidentTypeName(incident.type, locale())}</td>
              <td class="nowrap">
                <time datetime={incident.at}>{formatInstant(incident.at, locale())}</time>
              </td>
              <td class="text prewrap">{incident.description ?? ''}</td>
              <td class="nowrap" data-testid="incident-verified">
                <VerifiedBadge verified={incident.verified} />
              </td>
              <td class="nowrap">{actorName(incident.ingestedBy)}</td>
              <td>
                <IncidentCharge
                  incident={incident}
                  deduction={currentDeduction(incident, props.deductions)}
                  terms={props.terms}
                />
              </td>
              <Show when={props.mayVerify}>
                <td>
                  <ReasonAction
                    id={`verify-${incident.incidentId}`}
                    label={
                      incident.verified ? t('records.incidents.unverify') : t('records.incidents.verify')
                    }
                    labelledBy={`incident-${incident.incidentId}`}
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
        )}
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

function IncidentForm(props: {
  reviewer: boolean
  onRecorded: (month: string, text: string, ids?: readonly string[]) => void
}) {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const form = createRecordForm(() => ({
    incidentId: t('records.incidents.form.id'),
    type: t('records.incidents.form.type'),
    at: t('records.incidents.form.at'),
    description: t('records.incidents.form.description'),
    verified: t('records.incidents.form.verified'),
  }))
  const [incidentId, setIncidentId] = createSignal(suggestedId())
  const [type, setType] = createSignal<IncidentType>('complaint')
  const [description, setDescription] = createSignal('')
  const [verified, setVerified] = createSignal(false)

  const onSubmit = form.submit(() => {
    const body: IncidentInput = {
      incidentId: incidentId().trim(),
      type: type(),
      at: form.when() ?? '',
      // A contractor's report is always unverified: only an agency reviewer verifies.
      verified: props.reviewer ? verified() : false,
      ...(description().trim() ? { description: description().trim() } : {}),
    }
    return {
      errors: form.recordErrors(IncidentRecord, { kind: 'incident', ...body }, ['incidentId']),
      save: async () => {
        const report = await api.recordIncident(body)
        const recordedMonth = localMonthOf(body.at)
        const created = await form.saved(report, {
          reload: ['incidents', recordedMonth],
          month: recordedMonth,
          done: () => t('records.incidents.recorded', { id: body.incidentId }),
          duplicate: t('records.incidents.duplicate', { id: body.incidentId }),
          ids: [body.incidentId],
          onRecorded: props.onRecorded,
        })
        if (created) {
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
      submitLabel={t('records.incidents.form.submit')}
      onSubmit={onSubmit}
    >
      <Field id="incident-id" {...form.field('incidentId')} hint={t('records.incidents.form.idHint')}>
        {(aria) => <TextInput {...aria} maxLength={128} value={incidentId()} onValue={setIncidentId} />}
      </Field>
      <Field id="incident-type" {...form.field('type')}>
        {(aria) => (
          <Select
            {...aria}
            value={type()}
            options={TYPES}
            label={(value) => incidentTypeName(value, locale())}
            onValue={setType}
          />
        )}
      </Field>
      <AtField id="incident-at" form={form} />
      <Field id="incident-description" {...form.field('description')}>
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
          {form.labels().verified}
        </label>
        <p class="muted">{t('records.incidents.form.verifiedHint')}</p>
      </Show>
    </RecordForm>
  )
}
