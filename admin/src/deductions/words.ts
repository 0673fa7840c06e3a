/**
 * A deduction in words, never by its raw ids: the KPI's name (the domain's `KPI_NAMES`), the period
 * ("2026年10月9日", "2026 年第 41 周"), the subject ("T1（第 2 次回退）") and the two together, as
 * the queue, the toast and the bulk report name one.
 */
import { KPI_NAMES, type KpiId } from '@hotline/domain'
import type { Deduction } from '../api/deductions'
import { useI18n } from '../i18n'
import { inLocale } from '../labels'
import { usePeriodText } from '../names'

/** `T1/return/2` → the ticket and the episode; `null` for any other subject. */
const EPISODE = /^(.+)\/(return|callback)\/(\d+)$/

export function useDeductionWords() {
  const { t, locale } = useI18n()
  const periodText = usePeriodText()
  const kpiName = (kpi: KpiId): string => inLocale(KPI_NAMES[kpi], locale())
  const subjectText = (subject: string | null): string => {
    if (subject === null) return '—'
    const episode = EPISODE.exec(subject)
    if (!episode) return subject
    const [, id = '', kind, n = ''] = episode
    return t(kind === 'return' ? 'deductions.subject.return' : 'deductions.subject.callback', { id, n })
  }
  /** "15秒应答及时率 · 2026年10月9日", with the subject when it has one. */
  const label = (d: Pick<Deduction, 'kpi' | 'period' | 'subject'>): string =>
    [kpiName(d.kpi), periodText(d.period), ...(d.subject === null ? [] : [subjectText(d.subject)])].join(
      ' · ',
    )
  return { kpiName, periodText, subjectText, label }
}

/** A record of the same breach by its id: the original, or the n-th (`…~n`) after late data. */
export function useRecordName(): (id: string) => string {
  const { t } = useI18n()
  return (id) => {
    const n = /~(\d+)$/.exec(id)?.[1]
    return n ? t('deductions.supersession.revision', { n }) : t('deductions.supersession.original')
  }
}
