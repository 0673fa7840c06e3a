/**
 * What an incident costs, as it stands: the state of the deduction drafted for it (待审核, 已扣款,
 * 不予扣款…, linked to its page), else what the monthly job will draft (verified) or would once
 * verified. Shared by the incidents list and an incident's own page, so they say the same.
 */
import { deductionId, formatYuan, INCIDENT_KPI, type IncidentType, localDateOf } from '@hotline/domain'
import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import type { CitingDeduction, StoredIncident, TermsResponse } from '../../api/records'
import { type Locale, useI18n } from '../../i18n'
import { kpiName } from '../../kpi-view'
import { useMonthForLinks, withMonth } from '../../month'
import { deductionHref } from './links'

/** An incident type by the name of the KPI it counts for (投诉, 保密, 应急事件上报…). */
export const incidentTypeName = (type: IncidentType, locale: Locale): string =>
  kpiName(INCIDENT_KPI[type], locale)

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

/** The revision number of a deduction id: 0 for the first draft, n for `…~n`. */
const revisionOf = (id: string): number => {
  const tilde = id.lastIndexOf('~')
  return tilde < 0 ? 0 : Number(id.slice(tilde + 1)) || 0
}

/**
 * The deduction that now stands for `incident` among `deductions` (a month's, or those its record
 * lists): its id is the KPI's, the incident's local date and id, or a later revision of it (`~n`);
 * the latest revision wins. `null` when none was drafted.
 */
export function currentDeduction<D extends Pick<CitingDeduction, 'deductionId'>>(
  incident: Pick<StoredIncident, 'type' | 'at' | 'incidentId'>,
  deductions: readonly D[],
): D | null {
  const base = deductionId(INCIDENT_KPI[incident.type], localDateOf(incident.at), incident.incidentId)
  const cited = deductions.filter((d) => d.deductionId === base || d.deductionId.startsWith(`${base}~`))
  return cited.sort((a, b) => revisionOf(a.deductionId) - revisionOf(b.deductionId)).at(-1) ?? null
}

type Deduction = Pick<CitingDeduction, 'deductionId' | 'status' | 'amountFen' | 'finalAmountFen'> & {
  billingMonth: string
}

/** The incident's charge in words: its deduction's state (a link to it), else what verifying leads to. */
export function IncidentCharge(props: {
  incident: Pick<StoredIncident, 'type' | 'verified'>
  deduction: Deduction | null
  terms: TermsResponse['terms'] | undefined
}) {
  const { t } = useI18n()
  const month = useMonthForLinks()
  const charge = () => (props.terms ? chargeOf(props.terms, props.incident.type) : null)
  return (
    <Show
      when={props.deduction}
      fallback={
        <Show when={charge()}>
          {(c) => (
            <span title={c().clause} data-testid="incident-charge">
              {t(
                props.incident.verified
                  ? 'records.incidents.chargeDrafted'
                  : 'records.incidents.chargeIfVerified',
                {
                  amount: formatYuan(c().fen),
                },
              )}
            </span>
          )}
        </Show>
      }
    >
      {(d) => (
        <A
          href={withMonth(deductionHref(d().billingMonth, d().deductionId), month())}
          data-testid="incident-charge"
          data-status={d().status}
        >
          {t(`records.incidents.deduction.${d().status}`, {
            amount: formatYuan(d().finalAmountFen ?? d().amountFen),
          })}
        </A>
      )}
    </Show>
  )
}
