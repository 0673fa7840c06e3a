/** How a draft changed with late data: each earlier amount, status and computation, why, and by which job. */
import { formatYuan } from '@hotline/domain'
import type { Deduction } from '../api/deductions'
import { IdText } from '../components/IdText'
import { RowsTable, TimeCell } from '../components/lists'
import { useI18n } from '../i18n'
import { useActorName } from '../names'
import { idsOf } from './words'

const REVISION_COLUMNS = ['at', 'amount', 'status', 'formula', 'reason', 'job'] as const

/** The jobs' reasons for a revision (`packages/store/src/repos/deductions.ts`), by their words. */
const REASONS = {
  'recomputed with new data': 'recomputed',
  'breach again after new data': 'again',
  'no longer a breach after new data': 'gone',
} as const

/** A job's reason in the language shown; any other reason as it was written. */
export function useRevisionReason(): (reason: string) => string {
  const { t } = useI18n()
  return (reason) =>
    Object.hasOwn(REASONS, reason)
      ? t(`deductions.revisions.reasons.${REASONS[reason as keyof typeof REASONS]}`)
      : reason
}

export function Revisions(props: { deduction: Deduction }) {
  const { t, locale } = useI18n()
  const actorName = useActorName()
  const reasonText = useRevisionReason()
  return (
    <RowsTable
      testid="revisions"
      title={t('deductions.revisions.title')}
      rows={props.deduction.revisions}
      empty={t('deductions.revisions.none')}
      emptyAs="muted"
      columns={REVISION_COLUMNS.map((column) => t(`deductions.revisions.${column}`))}
    >
      {(revision) => (
        <tr data-testid="revision">
          <TimeCell at={revision.at} />
          <td class="nowrap">{formatYuan(revision.previousAmountFen)}</td>
          <td class="nowrap">{t(`deductions.statuses.${revision.previousStatus}`)}</td>
          <td class="text">
            <IdText
              text={locale() === 'zh-CN' ? revision.previousFormula.zh : revision.previousFormula.en}
              ids={idsOf(props.deduction)}
            />
          </td>
          <td>{reasonText(revision.reason)}</td>
          <td>{actorName(`job:${revision.jobRunId}`)}</td>
        </tr>
      )}
    </RowsTable>
  )
}
