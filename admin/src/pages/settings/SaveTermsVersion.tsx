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
import { useErrorText } from '../../api/errors'
import { useRecordsApi } from '../../api/records'
import { currentMonth, type FieldErrors, formatDate, useSchemaCheck } from '../../components/records-ui'
import { type Dictionary, useI18n, zhDictionary } from '../../i18n'
import { kpiName } from '../../kpi-view'
import { usePeriodText, useTermsText } from '../../names'
import { useKpiRows } from './TermsGroups'

type PathWord = keyof Dictionary['records']['settings']['saveTerms']['paths']
const isPathWord = (part: string): part is PathWord =>
  Object.hasOwn(zhDictionary.records.settings.saveTerms.paths, part)

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
  const errorText = useErrorText()
  const periodText = usePeriodText()
  const termsText = useTermsText()
  const changes = useChanges()
  const { check } = useSchemaCheck()
  const api = useRecordsApi()
  const queryClient = useQueryClient()
  const months = monthsOffered()
  const earliest = months[0] as string
  const [text, setText] = createSignal('')
  const [from, setFrom] = createSignal(earliest)
  const [errors, setErrors] = createSignal<FieldErrors>({})
  const [valid, setValid] = createSignal<ContractTerms | null>(null)
  const [busy, setBusy] = createSignal(false)
  const [outcome, setOutcome] = createSignal<{ ok: boolean; text: string } | null>(null)

  const validate = (): ContractTerms | null => {
    setOutcome(null)
    setValid(null)
    if (!text().trim()) {
      setErrors({ '(document)': t('records.settings.saveTerms.emptyDocument') })
      return null
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text())
    } catch {
      setErrors({ '(document)': t('records.settings.saveTerms.notJson') })
      return null
    }
    const checked = check(ContractTerms, parsed)
    if (!checked.ok) {
      setErrors(checked.errors)
      return null
    }
    setErrors({})
    setValid(checked.data)
    return checked.data
  }

  async function onFile(file: File | undefined) {
    if (!file) return
    setText(await file.text())
    validate()
  }

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault()
    if (busy()) return
    const terms = validate()
    if (!terms) return
    setBusy(true)
    try {
      const saved = await api.saveTermsVersion(from(), terms)
      await queryClient.invalidateQueries({ queryKey: ['terms'] })
      setValid(null)
      const words = { version: termsText(saved.version), from: periodText(saved.from) }
      setOutcome({
        ok: true,
        text: t(
          saved.saved ? 'records.settings.saveTerms.done' : 'records.settings.saveTerms.already',
          words,
        ),
      })
    } catch (err) {
      setOutcome({ ok: false, text: t('records.common.saveFailed', { message: errorText(err) }) })
    } finally {
      setBusy(false)
    }
  }

  const errorList = () => Object.entries(errors())
  /** `kpis.answer15s.targetBp` → 考核指标 15秒应答及时率 目标: the document's fields in words. */
  const pathText = (path: string): string => {
    if (path === '(document)') return t('records.settings.saveTerms.paths.document')
    const parts = path.split('.')
    return parts
      .map((part, i) => {
        const parent = parts[i - 1]
        if (/^\d+$/.test(part))
          return t('records.settings.saveTerms.paths.item', { n: String(Number(part) + 1) })
        const kpi =
          parent === 'kpis' ? KPI_KEYS[part] : parent === 'serviceError' ? SERVICE_ERROR_KEYS[part] : null
        if (kpi) return kpiName(kpi, locale())
        return isPathWord(part) ? t(`records.settings.saveTerms.paths.${part}`) : part
      })
      .join(' ')
  }

  return (
    <section aria-labelledby="save-terms-title" class="load-year">
      <h3 id="save-terms-title">{t('records.settings.saveTerms.title')}</h3>
      <p class="muted" id="save-terms-intro">
        {t('records.settings.saveTerms.intro')}
      </p>
      <form
        class="form"
        onSubmit={onSubmit}
        novalidate
        aria-describedby="save-terms-intro"
        data-testid="save-terms-form"
      >
        <label for="save-terms-file">{t('records.settings.saveTerms.file')}</label>
        <input
          id="save-terms-file"
          type="file"
          accept=".json,application/json"
          onChange={(e) => void onFile(e.currentTarget.files?.[0])}
        />
        <label for="save-terms-text">{t('records.settings.saveTerms.paste')}</label>
        <textarea
          id="save-terms-text"
          class="mono"
          rows={10}
          spellcheck={false}
          value={text()}
          aria-invalid={errorList().length > 0}
          aria-describedby={errorList().length > 0 ? 'save-terms-errors' : undefined}
          onInput={(e) => {
            setText(e.currentTarget.value)
            setValid(null)
          }}
        />
        <label for="save-terms-from">{t('records.settings.saveTerms.from')}</label>
        <select
          id="save-terms-from"
          value={from()}
          aria-describedby="save-terms-from-hint"
          onChange={(e) => {
            setFrom(e.currentTarget.value)
            setValid(null)
          }}
        >
          <For each={months}>{(month) => <option value={month}>{periodText(month)}</option>}</For>
        </select>
        <p id="save-terms-from-hint" class="muted field-hint">
          {t('records.settings.saveTerms.fromHint', { month: periodText(earliest) })}
        </p>
        <div class="actions">
          <button type="button" onClick={() => validate()}>
            {t('records.settings.saveTerms.check')}
          </button>
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? t('records.common.saving') : t('records.settings.saveTerms.submit')}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        <Show when={errorList().length > 0}>
          <div id="save-terms-errors" role="alert" class="error-summary" data-testid="save-terms-errors">
            <p class="bad">{t('records.settings.saveTerms.invalid')}</p>
            <ul>
              <For each={errorList()}>
                {([path, message]) => (
                  <li data-testid="save-terms-error">
                    {pathText(path)}：{message}
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
        <Show when={valid()}>
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
        <Show when={outcome()}>
          {(o) => (
            <p
              role={o().ok ? 'status' : 'alert'}
              class={o().ok ? 'good' : 'bad'}
              data-testid="save-terms-outcome"
            >
              {o().text}
            </p>
          )}
        </Show>
      </div>
    </section>
  )
}
