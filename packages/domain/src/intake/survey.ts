/**
 * The satisfaction survey by SMS (SPEC §8, §9 `rating`): the question sent when a ticket closes,
 * and how a reply is read.
 */
import type { RatingLevel } from '../terms/schema'

const FULL_WIDTH_DIGITS = /[０-９]/g

/**
 * The rating a survey reply gives, or `null` when the reply is not an answer (then it is a new
 * message). Accepts `1`/`2`/`3` (also full-width, with spaces or trailing punctuation) and the words.
 *
 * @example parseSurveyReply(' １ ') // 'satisfied'
 */
export function parseSurveyReply(text: string): RatingLevel | null {
  const t = text
    .replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s。.!！,，]/g, '')
  switch (t) {
    case '1':
    case '满意':
      return 'satisfied'
    case '2':
    case '基本满意':
      return 'basically_satisfied'
    case '3':
    case '不满意':
      return 'dissatisfied'
    default:
      return null
  }
}

export const RATING_LABELS: Record<RatingLevel, { zh: string; en: string }> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
}
