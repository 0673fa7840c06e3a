/**
 * A deduction in words, never by its raw ids: the KPI's name (the domain's `KPI_NAMES`), the period
 * ("2026年10月9日", "2026 年第 41 周"), the subject ("T1（第 2 次回退）") and the two together, as
 * the queue, the toast and the bulk report name one; and the ids those words may quote.
 */
import { episodeOf, KPI_NAMES, type KpiId } from '@hotline/domain'
import type { Deduction } from '../api/deductions'
import { useI18n } from '../i18n'
import { inLocale } from '../labels'
import { usePeriodText } from '../names'

export function useDeductionWords() {
  const { t, locale } = useI18n()
  const periodText = usePeriodText()
  const kpiName = (kpi: KpiId): string => inLocale(KPI_NAMES[kpi], locale())
  /** The domain's episode (`T1/return/2`) in the review's words: `T1（第 2 次回退）`; other subjects as they are. */
  const subjectText = (subject: string | null): string => {
    if (subject === null) return '—'
    const episode = episodeOf(subject)
    if (!episode) return subject
    return t(`deductions.subject.${episode.kind}`, { id: episode.ticket, n: episode.n })
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

/** The ids a deduction's words may quote: its subject (and the ticket in it), its evidence, its close. */
export function idsOf(d: Deduction): string[] {
  const subject = d.subject === null ? [] : [d.subject, d.subject.split('/')[0] ?? d.subject]
  return [...subject, ...d.draft.evidence.ids, ...(d.frozenBy ? [d.frozenBy] : [])]
}
