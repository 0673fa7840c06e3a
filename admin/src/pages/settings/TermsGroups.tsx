/**
 * A contract terms document in words, grouped as the contract is (the contract, payment, counting,
 * service level, objection window, intake, the bound on an adjusted deduction, each KPI's target
 * and charge with its clause): the version in force, any version of the history, and what a new
 * version changes.
 */
import {
  type ContractTerms,
  formatBp,
  formatYuan,
  type KpiId,
  type PeriodSpec,
  smallestInstalmentFen,
} from '@hotline/domain'
import { For, type JSX } from 'solid-js'
import { DataTable } from '../../components/lists'
import { formatDate } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { kpiName } from '../../kpi-view'

const KPI_COLUMNS = ['kpi', 'clause', 'target', 'charge'] as const

type Row = { label: string; value: JSX.Element }

function Group(props: { id: string; title: string; rows: Row[] }) {
  return (
    <section class="terms-group" aria-labelledby={props.id}>
      <h4 id={props.id}>{props.title}</h4>
      <dl>
        <For each={props.rows}>
          {(row) => (
            <>
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </>
          )}
        </For>
      </dl>
    </section>
  )
}

/** The words the terms are read in: dates, periods, partial points, flat charges. */
function useTermsWords() {
  const { t, locale } = useI18n()
  return {
    date: (d: string) => formatDate(d, locale(), { year: true }),
    period: (p: PeriodSpec) =>
      t(p.unit === 'workingDays' ? 'records.settings.terms.workingDays' : 'records.settings.terms.days', {
        n: String(p.count),
      }),
    partial: (mode: 'floor' | 'ceil' | 'prorate') => t(`records.settings.terms.partial.${mode}`),
    flat: (fen: number) =>
      fen === 0
        ? t('records.settings.terms.recordedOnly')
        : t('records.settings.terms.each', { amount: formatYuan(fen) }),
  }
}

/** One KPI of a terms document as the table shows it: its clause, its target and its charge in words. */
export type KpiRow = { id: KpiId; clause: string; target: string; charge: string }

/**
 * Each KPI's row of a terms document, in words: the table of `TermsGroups`, and what a new version
 * changes (two documents' rows compared), so both read the same.
 */
export function useKpiRows(): (terms: ContractTerms) => KpiRow[] {
  const { t } = useI18n()
  const { period, partial, flat } = useTermsWords()
  return (terms) => {
    const k = () => terms.kpis
    return [
      {
        id: 'satisfaction',
        clause: k().satisfaction.clause,
        target: `≥ ${formatBp(k().satisfaction.targetBp)}`,
        charge: t('records.settings.terms.perPointBelow', {
          amount: formatYuan(k().satisfaction.perPointFen),
          mode: partial(k().satisfaction.partialPoints),
        }),
      },
      { id: 'complaint', clause: k().complaint.clause, target: '—', charge: flat(k().complaint.amountFen) },
      {
        id: 'service_error.transfer',
        clause: k().serviceError.clause,
        target: t('records.settings.terms.within', { period: period(k().serviceError.transfer.within) }),
        charge: flat(k().serviceError.transfer.amountFen),
      },
      {
        id: 'service_error.return',
        clause: k().serviceError.clause,
        target: t('records.settings.terms.within', { period: period(k().serviceError.return.within) }),
        charge: flat(k().serviceError.return.amountFen),
      },
      {
        id: 'service_error.callback',
        clause: k().serviceError.clause,
        target: t('records.settings.terms.within', { period: period(k().serviceError.callback.within) }),
        charge: flat(k().serviceError.callback.amountFen),
      },
      {
        id: 'connection',
        clause: k().connection.clause,
        target: `≥ ${formatBp(k().connection.targetBp)}`,
        charge: t('records.settings.terms.perDayBelow', {
          amount: formatYuan(k().connection.amountPerDayFen),
        }),
      },
      {
        id: 'agent_workload',
        clause: k().agentWorkload.clause,
        target: t('records.settings.terms.callsPerAgentDay', {
          n: String(k().agentWorkload.minCallsPerAgentDay),
        }),
        charge:
          k().agentWorkload.amountFen === null
            ? t('records.settings.terms.reportedOnly')
            : flat(k().agentWorkload.amountFen ?? 0),
      },
      {
        id: 'answer_15s',
        clause: k().answer15s.clause,
        target: `≥ ${formatBp(k().answer15s.targetBp)}`,
        charge: t('records.settings.terms.perDayBelow', {
          amount: formatYuan(k().answer15s.amountPerDayFen),
        }),
      },
      {
        id: 'micro_platform',
        clause: k().microPlatform.clause,
        target: `${t('records.settings.terms.within', { period: period(k().microPlatform.handleWithin) })}${
          k().microPlatform.targetBp === null ? '' : `, ≥ ${formatBp(k().microPlatform.targetBp ?? 0)}`
        }`,
        charge: t('records.settings.terms.perVerifiedIncident', {
          amount: formatYuan(k().microPlatform.incidentAmountFen),
        }),
      },
      {
        id: 'publish_accuracy',
        clause: k().publishAccuracy.clause,
        target: `≥ ${formatBp(k().publishAccuracy.targetBp)}`,
        charge: t('records.settings.terms.perPointBelow', {
          amount: formatYuan(k().publishAccuracy.perPointFen),
          mode: partial(k().publishAccuracy.partialPoints),
        }),
      },
      {
        id: 'turnover',
        clause: k().turnover.clause,
        target: t('records.settings.terms.annualMax', { max: formatBp(k().turnover.maxBp) }),
        charge: t('records.settings.terms.perPointAbove', {
          amount: formatYuan(k().turnover.perPointFen),
          mode: partial(k().turnover.partialPoints),
        }),
      },
      {
        id: 'confidentiality',
        clause: k().confidentiality.clause,
        target: '—',
        charge: flat(k().confidentiality.amountFen),
      },
      {
        id: 'inspection',
        clause: k().inspection.clause,
        target: '—',
        charge: flat(k().inspection.amountFen),
      },
      {
        id: 'emergency_report',
        clause: k().emergencyReport.clause,
        target: t('records.settings.terms.withinMinutes', {
          n: String(k().emergencyReport.reportWithinMinutes),
        }),
        charge: flat(k().emergencyReport.amountFen),
      },
      {
        id: 'safety_check',
        clause: k().safetyCheck.clause,
        target: t('records.settings.terms.perWeek', { n: String(k().safetyCheck.minPerWeek) }),
        charge: flat(k().safetyCheck.amountFen),
      },
      {
        id: 'cleaning_check',
        clause: k().cleaningCheck.clause,
        target: t('records.settings.terms.perWeek', { n: String(k().cleaningCheck.minPerWeek) }),
        charge: flat(k().cleaningCheck.amountFen),
      },
      {
        id: 'training.onboarding',
        clause: k().training.clause,
        target: t('records.settings.terms.onboarding', {
          days: String(k().training.onboardingMinDays),
          practice: String(k().training.practiceMinDays),
          exam: k().training.examRequired ? t('records.settings.terms.examRequired') : '',
        }),
        charge: flat(k().training.amountFen),
      },
      {
        id: 'training.in_service',
        clause: k().training.clause,
        target: t('records.settings.terms.inService', {
          hours: String(k().training.inServiceMinHoursPerMonth),
        }),
        charge: flat(k().training.amountFen),
      },
    ]
  }
}

/**
 * A terms document grouped as the contract is: the whole of it, in words, read-only. `idPrefix`
 * keeps the ids of its headings apart when two documents are on the page (default `terms`).
 */
export function TermsGroups(props: { terms: ContractTerms; idPrefix?: string }) {
  const { t, locale } = useI18n()
  const id = (group: string) => `${props.idPrefix ?? 'terms'}-${group}`
  const { date, period } = useTermsWords()
  const kpiRows = useKpiRows()
  const kpis = () => kpiRows(props.terms)
  const c = () => props.terms
  const total = () => c().contract.totalFen
  const prepaymentFen = () => Math.floor((total() * c().payment.prepaymentBp) / 10_000)

  return (
    <div class="terms-groups">
      <Group
        id={id('contract')}
        title={t('records.settings.terms.groups.contract')}
        rows={[
          {
            label: t('records.settings.terms.contractTitle'),
            value: locale() === 'zh-CN' ? c().title.zh : c().title.en,
          },
          { label: t('records.settings.terms.agency'), value: c().agency },
          { label: t('records.settings.terms.contractor'), value: c().contractor },
          {
            label: t('records.settings.terms.term'),
            value: `${date(c().contract.start)} – ${date(c().contract.end)}`,
          },
          { label: t('records.settings.terms.signed'), value: date(c().contract.signed) },
          { label: t('records.settings.terms.effective'), value: date(c().contract.effective) },
          { label: t('records.settings.terms.total'), value: formatYuan(total()) },
        ]}
      />
      <Group
        id={id('payment')}
        title={t('records.settings.terms.groups.payment', { clause: c().payment.clause })}
        rows={[
          {
            label: t('records.settings.terms.prepayment'),
            value: `${formatBp(c().payment.prepaymentBp)} = ${formatYuan(prepaymentFen())}`,
          },
          {
            label: t('records.settings.terms.remainingParts'),
            value: t('records.settings.terms.parts', { n: String(c().payment.remainingParts) }),
          },
          {
            label: t('records.settings.terms.lateFee'),
            value: t('records.settings.terms.lateFeeValue', {
              rate: formatBp(c().payment.lateFeeBpPerDay),
              amount: formatYuan(Math.floor((total() * c().payment.lateFeeBpPerDay) / 10_000)),
            }),
          },
          {
            label: t('records.settings.terms.warn'),
            value: t('records.settings.terms.daysBefore', { n: String(c().payment.warnDaysBefore) }),
          },
        ]}
      />
      <Group
        id={id('counting')}
        title={t('records.settings.terms.groups.counting')}
        rows={[
          {
            label: t('records.settings.terms.countingMode'),
            value: t(`records.settings.terms.counting.${c().counting}`),
          },
        ]}
      />
      <Group
        id={id('service')}
        title={t('records.settings.terms.groups.serviceLevel')}
        rows={[
          {
            label: t('records.settings.terms.answerThreshold'),
            value: t('records.settings.terms.seconds', {
              n: String(c().serviceLevel.answerThresholdSeconds),
            }),
          },
          {
            label: t('records.settings.terms.shortAbandon'),
            value:
              c().serviceLevel.shortAbandonSeconds === 0
                ? t('records.settings.terms.shortAbandonNone')
                : t('records.settings.terms.seconds', { n: String(c().serviceLevel.shortAbandonSeconds) }),
          },
          {
            label: t('records.settings.terms.ivrOnly'),
            value: c().serviceLevel.excludeIvrOnly
              ? t('records.settings.terms.excluded')
              : t('records.settings.terms.included'),
          },
        ]}
      />
      <Group
        id={id('objection')}
        title={t('records.settings.terms.groups.objection')}
        rows={[{ label: t('records.settings.terms.objectionWindow'), value: period(c().objectionWindow) }]}
      />
      <Group
        id={id('intake')}
        title={t('records.settings.terms.groups.intake')}
        rows={[
          {
            label: t('records.settings.terms.ticketPrefix'),
            value: (
              <span class="mono" translate="no">
                {c().intake.ticketPrefix}
              </span>
            ),
          },
          { label: t('records.settings.terms.smsSignature'), value: `【${c().intake.smsSignature}】` },
          {
            label: t('records.settings.terms.surveyWindow'),
            value: t('records.settings.terms.hours', { n: String(c().intake.surveyReplyWindowHours) }),
          },
          {
            label: t('records.settings.terms.appendWindow'),
            value: t('records.settings.terms.hours', { n: String(c().intake.appendWindowHours) }),
          },
          {
            label: t('records.settings.terms.ackSmsPerPhone'),
            value: t('records.settings.terms.ackSmsPerPhoneValue', {
              perHour: String(c().intake.acknowledgementSmsPerPhone.perHour),
              perDay: String(c().intake.acknowledgementSmsPerPhone.perDay),
            }),
          },
        ]}
      />
      <Group
        id={id('review')}
        title={t('records.settings.terms.groups.review')}
        rows={[
          {
            label: t('records.settings.terms.adjustmentCeiling'),
            value: t('records.settings.terms.adjustmentCeilingValue', {
              times: String(c().review.maxAdjustmentTimesDraft),
              amount: formatYuan(smallestInstalmentFen(c())),
            }),
          },
        ]}
      />
      <section class="terms-group" aria-labelledby={id('kpis')}>
        <h4 id={id('kpis')}>{t('records.settings.terms.groups.kpis')}</h4>
        <DataTable
          labelledBy={id('kpis')}
          testid={id('kpis')}
          columns={KPI_COLUMNS.map((column) => t(`records.settings.terms.kpiColumns.${column}`))}
        >
          <For each={kpis()}>
            {(row) => (
              <tr data-testid={id('kpi')} data-kpi={row.id}>
                <th scope="row">{kpiName(row.id, locale())}</th>
                <td class="nowrap">{row.clause}</td>
                <td>{row.target}</td>
                <td>{row.charge}</td>
              </tr>
            )}
          </For>
        </DataTable>
      </section>
    </div>
  )
}
