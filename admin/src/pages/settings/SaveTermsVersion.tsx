/**
 * For an agency reviewer: saving a new version of the contract terms (a renewal, a supplementary
 * agreement). The document is pasted or uploaded and checked here with the domain's `ContractTerms`
 * schema — errors name the field in words — and what it changes against the version in force is
 * summed up (its name, the contract's end, each KPI target and charge that differs) before it is
 * sent with the month it takes effect (next month at the earliest: a month already begun is never
 * recomputed). The server's refusals (another contract, a version name taken, a month too early…)
 * are shown in its Chinese.
 */
import { ContractTerms, type KpiId, nextMonth, termsVersionOf } from '@hotline/domain'
import { useQueryClient } from '@tanstack/solid-query'
import { createSignal, For, Show } from 'solid-js'
import { useRecordsApi } from '../../api/records'
import { currentMonth, formatDate } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { kpiName } from '../../kpi-view'
import { usePeriodText, useTermsText } from '../../names'
import { JsonDocumentForm, useJsonDocument } from './json-document'
import { useKpiRows } from './TermsGroups'

/** The document's KPI groups (`kpis.<key>`) by the KPI they hold, named from the domain's one table. */
const KPI_KEYS: Record<string, KpiId> = {
  satisfaction: 'satisfaction',
  complaint: 'complaint',
  connection: 'connection',
  agentWorkload: 'agent_workload',
  answer15s: 'answer_15s',
  microPlatform: 'micro_platform',
  publishAccuracy: 'publish_accuracy',
  turnover: 'turnover',
  confidentiality: 'confidentiality',
  inspection: 'inspection',
  emergencyReport: 'emergency_report',
  safetyCheck: 'safety_check',
  cleaningCheck: 'cleaning_check',
}
const SERVICE_ERROR_KEYS: Record<string, KpiId> = {
  transfer: 'service_error.transfer',
  return: 'service_error.return',
  callback: 'service_error.callback',
}

/** How many months ahead a version may be saved to take effect: two years' worth. */
const MONTHS_OFFERED = 24

/**
 * The months a new version may take effect from, first to last: from the Beijing month after this
 * one (a month already begun is never recomputed). A list, not `<input type="month">`, which the
 * browser renders in its own language.
 */
function monthsOffered(): string[] {
  const months = [nextMonth(currentMonth())]
  while (months.length < MONTHS_OFFERED) months.push(nextMonth(months.at(-1) as string))
  return months
}

/** What a candidate changes against the version in force, as lines of words. */
function useChanges(): (current: ContractTerms, candidate: ContractTerms) => string[] {
  const { t, locale } = useI18n()
  const termsText = useTermsText()
  const kpiRows = useKpiRows()
  const date = (d: string) => formatDate(d, locale(), { year: true })
  return (current, candidate) => {
    const lines = [
      t('records.settings.saveTerms.versionChange', {
        from: termsText(termsVersionOf(current)),
        to: termsText(termsVersionOf(candidate)),
      }),
      current.contract.end === candidate.contract.end
        ? t('records.settings.saveTerms.contractEndSame', { date: date(current.contract.end) })
        : t('records.settings.saveTerms.contractEnd', {
            from: date(current.contract.end),
            to: date(candidate.contract.end),
          }),
    ]
    const before = kpiRows(current)
    const kpiLines = kpiRows(candidate).flatMap((row, i) => {
      const old = before[i]
      if (!old) return []
      const kpi = kpiName(row.id, locale())
      return [
        ...(old.target === row.target
          ? []
          : [t('records.settings.saveTerms.kpiTarget', { kpi, from: old.target, to: row.target })]),
        ...(old.charge === row.charge
          ? []
          : [t('records.settings.saveTerms.kpiCharge', { kpi, from: old.charge, to: row.charge })]),
      ]
    })
    return [...lines, ...(kpiLines.length > 0 ? kpiLines : [t('records.settings.saveTerms.noKpiChanges')])]
  }
}

/** The form; `current` is the version in force (what the summary compares against). */
export function SaveTermsVersion(props: { current: ContractTerms | undefined }) {
  const { t, locale } = useI18n()
  const periodText = usePeriodText()
  const termsText = useTermsText()
  const changes = useChanges()
  const api = useRecordsApi()
  const queryClient = useQueryClient()
  const months = monthsOffered()
  const earliest = months[0] as string
  const [from, setFrom] = createSignal(earliest)
  const terms = useJsonDocument(ContractTerms, {
    id: 'save-terms',
    section: 'saveTerms',
    send: async (document) => {
      const saved = await api.saveTermsVersion(from(), document)
      await queryClient.invalidateQueries({ queryKey: ['terms'] })
      const words = { version: termsText(saved.version), from: periodText(saved.from) }
      return t(saved.saved ? 'records.settings.saveTerms.done' : 'records.settings.saveTerms.already', words)
    },
    /** `kpis.answer15s` → 考核指标 15秒应答及时率: a KPI group by the KPI's own name. */
    partName: (part, parent) => {
      const kpi =
        parent === 'kpis' ? KPI_KEYS[part] : parent === 'serviceError' ? SERVICE_ERROR_KEYS[part] : undefined
      return kpi ? kpiName(kpi, locale()) : undefined
    },
  })

  return (
    <JsonDocumentForm
      document={terms}
      fields={
        <>
          <label for="save-terms-from">{t('records.settings.saveTerms.from')}</label>
          <select
            id="save-terms-from"
            value={from()}
            aria-describedby="save-terms-from-hint"
            onChange={(e) => {
              setFrom(e.currentTarget.value)
              terms.changed()
            }}
          >
            <For each={months}>{(month) => <option value={month}>{periodText(month)}</option>}</For>
          </select>
          <p id="save-terms-from-hint" class="muted field-hint">
            {t('records.settings.saveTerms.fromHint', { month: periodText(earliest) })}
          </p>
        </>
      }
    >
      <Show when={terms.valid()}>
        {(doc) => (
          <div class="good" data-testid="save-terms-valid">
            <p>
              {t('records.settings.saveTerms.valid', {
                version: termsText(termsVersionOf(doc())),
                from: periodText(from()),
              })}
            </p>
            <Show when={props.current}>
              {(current) => (
                <>
                  <p>
                    {t('records.settings.saveTerms.changes', {
                      current: termsText(termsVersionOf(current())),
                    })}
                  </p>
                  <ul data-testid="save-terms-changes">
                    <For each={changes(current(), doc())}>{(line) => <li>{line}</li>}</For>
                  </ul>
                </>
              )}
            </Show>
          </div>
        )}
      </Show>
    </JsonDocumentForm>
  )
}
