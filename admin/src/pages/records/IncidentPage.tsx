/**
 * `/records/incidents/:month/:incidentId`: one incident — its type (the name of the KPI it counts
 * for), time, description, verified or not, who recorded it — with the deductions drafted for it
 * and their state (待审核, 已扣款, 不予扣款…, each opening its page), and its audit trail.
 */
import { formatYuan } from '@hotline/domain'
import { A, useParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { useRecordsApi, useTerms } from '../../api/records'
import { Instant, RowsTable } from '../../components/lists'
import { VerifiedBadge } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { usePeriodText } from '../../names'
import { currentDeduction, IncidentCharge, incidentTypeName } from './incident-charge'
import { decodeSegment, deductionHref } from './links'
import { Facts, Provenance, RecordShell } from './RecordShell'

const DEDUCTION_COLUMNS = ['month', 'state', 'amount'] as const

export default function IncidentPage() {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const periodText = usePeriodText()
  const params = useParams<{ month: string; incidentId: string }>()
  const month = () => decodeSegment(params.month)
  const id = () => decodeSegment(params.incidentId)
  const incident = useQuery(() => ({
    queryKey: ['record', 'incident', month(), id()],
    queryFn: () => api.incident(month(), id()),
    retry: false,
  }))
  const terms = useTerms()

  return (
    <RecordShell
      title={t('records.incident.title', { id: id() })}
      ids={[id()]}
      back={{ href: '/incidents', label: t('records.incident.back'), month: month() }}
      query={incident}
      notFound={t('records.incident.notFound', { id: id(), month: periodText(month()) })}
    >
      {({ record, deductions }) => (
        <>
          <Facts
            label={t('records.incident.facts')}
            facts={[
              { label: t('records.incidents.columns.type'), value: incidentTypeName(record.type, locale()) },
              {
                label: t('records.incidents.columns.at'),
                value: <Instant at={record.at} />,
              },
              {
                label: t('records.incidents.columns.verified'),
                value: <VerifiedBadge verified={record.verified} />,
                testid: 'incident-verified',
              },
              {
                label: t('records.incidents.columns.charge'),
                value: (
                  <IncidentCharge
                    incident={record}
                    deduction={currentDeduction(record, deductions)}
                    terms={terms.data?.terms}
                  />
                ),
              },
              record.description !== undefined && {
                label: t('records.incidents.columns.description'),
                value: <span class="prewrap">{record.description}</span>,
              },
            ]}
          />
          <RowsTable
            testid="incident-deductions"
            title={t('records.incident.deductions')}
            rows={deductions}
            empty={t('records.incident.noDeductions')}
            columns={DEDUCTION_COLUMNS.map((column) => t(`records.incident.deductionColumns.${column}`))}
          >
            {(d) => (
              <tr data-testid="incident-deduction">
                <th scope="row" class="nowrap">
                  {periodText(d.billingMonth)}
                </th>
                <td>
                  <A href={deductionHref(d.billingMonth, d.deductionId)}>
                    {t(`records.incidents.deduction.${d.status}`, {
                      amount: formatYuan(d.finalAmountFen ?? d.amountFen),
                    })}
                  </A>
                </td>
                <td class="nowrap">{formatYuan(d.finalAmountFen ?? d.amountFen)}</td>
              </tr>
            )}
          </RowsTable>
          <Provenance record={record} />
        </>
      )}
    </RecordShell>
  )
}
