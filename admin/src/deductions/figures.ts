/**
 * A draft's evidence figures as a reviewer reads them: each labelled in words with its unit
 * ("放弃 3 通", "超时 1470 分钟"), instants in Beijing time, days and months in words, incident types
 * and ticket events by name. A deadline breach (转办/回退/回访超时, 应急事件上报) says truthfully
 * what the figures know: the deadline, when it was done or "截至考核时未办理", and the minutes late
 * only when it was done (the job measures a clock still running up to the moment it assessed it).
 */
import { INCIDENT_KPI, type IncidentType, KPI_NAMES } from '@hotline/domain'
import type { Deduction } from '../api/deductions'
import { formatInstant } from '../beijing-time'
import { type Dictionary, useI18n, zhDictionary } from '../i18n'
import { inLocale } from '../labels'
import { usePeriodText } from '../names'
import { isInstant } from './evidence'

type Figures = Dictionary['deductions']['figures']
type Unit = keyof Dictionary['deductions']['units']
type Value = string | number | boolean | null

/** The unit of each count. */
const UNITS: Readonly<Record<string, Unit>> = {
  offered: 'calls',
  answeredWithin: 'calls',
  answeredLate: 'calls',
  answered: 'calls',
  abandoned: 'calls',
  shortAbandons: 'calls',
  ivrOnly: 'calls',
  minCallsPerAgentDay: 'calls',
  shortfall: 'calls',
  checks: 'times',
  published: 'items',
  accurate: 'items',
  inaccurate: 'items',
  ratings: 'items',
  satisfied: 'items',
  basicallySatisfied: 'items',
  dissatisfied: 'items',
  submissions: 'items',
  decided: 'items',
  handledInTime: 'items',
  late: 'items',
  undecided: 'items',
  daysWithData: 'days',
  daysWithoutData: 'days',
  daysBelowTarget: 'days',
  daysMet: 'days',
  onboardingDays: 'days',
  practiceDays: 'days',
  leavers: 'people',
  headcountAtMonthEnd: 'people',
  monthsWithData: 'months',
  lateMinutes: 'minutes',
  hours: 'classHours',
}

/** The figure that says when a deadline's clock was stopped, per KPI kind; `null` when not by then. */
const DONE_KEYS = ['doneAt', 'reportedAt'] as const

const MONTH = /^\d{4}-\d{2}$/
const DAY = /^\d{4}-\d{2}-\d{2}$/

const isLabel = (key: string): key is keyof Figures['labels'] & string =>
  Object.hasOwn(zhDictionary.deductions.figures.labels, key)
const isEvent = (value: string): value is keyof Figures['events'] & string =>
  Object.hasOwn(zhDictionary.deductions.figures.events, value)
const isPart = (value: string): value is keyof Figures['missingParts'] & string =>
  Object.hasOwn(zhDictionary.deductions.figures.missingParts, value)
const isIncidentType = (value: string): value is IncidentType => Object.hasOwn(INCIDENT_KPI, value)

export type FigureRow = { key: string; label: string; text: string; datetime?: string }

/** The rows of a deduction's figures, in the order the job wrote them. */
export function useFigureRows(): (d: Deduction) => FigureRow[] {
  const { t, locale } = useI18n()
  const periodText = usePeriodText()
  const episode = (d: Deduction) => {
    const kind = d.kpi.split('.')[1]
    return kind === 'transfer' || kind === 'return' || kind === 'callback' ? kind : 'other'
  }
  const label = (d: Deduction, key: string): string => {
    if (key === 'startedAt') return t(`deductions.figures.startedAt.${episode(d)}`)
    if (MONTH.test(key)) return t('deductions.figures.monthRate', { month: periodText(key) })
    if (isLabel(key)) return t(`deductions.figures.labels.${key}`)
    return locale() === 'en' ? key : t('deductions.figures.other')
  }
  const text = (key: string, value: Value): string => {
    if (value === null) {
      if (key === 'doneAt') return t('deductions.figures.notDone')
      if (key === 'reportedAt') return t('deductions.figures.notReported')
      return '—'
    }
    if (typeof value === 'boolean') return value ? t('deductions.yes') : t('deductions.no')
    if (typeof value === 'number') {
      const unit = UNITS[key]
      return unit ? t(`deductions.units.${unit}`, { n: String(value) }) : String(value)
    }
    if (isInstant(value)) return formatInstant(value, locale())
    if (DAY.test(value) || MONTH.test(value)) return periodText(value)
    if (key === 'type' && isIncidentType(value)) return inLocale(KPI_NAMES[INCIDENT_KPI[value]], locale())
    if (key === 'doneBy' && isEvent(value)) return t(`deductions.figures.events.${value}`)
    if (key === 'missing') {
      const parts = value.split(',').filter((part) => part !== '')
      if (parts.length === 0) return '—'
      return parts
        .map((part) => (isPart(part) ? t(`deductions.figures.missingParts.${part}`) : part))
        .join(locale() === 'zh-CN' ? '、' : ', ')
    }
    return value
  }
  return (d) => {
    const figures = d.draft.evidence.figures
    // Not done by the time it was assessed: how late it is is not known, only that it was.
    const notDone = DONE_KEYS.some((key) => key in figures && figures[key] === null)
    return Object.entries(figures).flatMap(([key, value]): FigureRow[] => {
      if (key === 'doneBy' && value === null) return []
      if (key === 'lateMinutes' && (notDone || value === null || value === 0)) return []
      const row: FigureRow = { key, label: label(d, key), text: text(key, value) }
      return [typeof value === 'string' && isInstant(value) ? { ...row, datetime: value } : row]
    })
  }
}
