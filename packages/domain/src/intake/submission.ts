/**
 * What a citizen submits through the web form or the mini-program (SPEC §8), and the categories a
 * 12345 hotline sorts requests into.
 */
import { z } from 'zod'
import { MainlandMobile } from './phone'

export const CATEGORIES = {
  consultation: { zh: '咨询', en: 'Enquiry' },
  request: { zh: '求助', en: 'Request for help' },
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
  suggestion: { zh: '建议', en: 'Suggestion' },
  praise: { zh: '表扬', en: 'Praise' },
} as const
export const Category = z.enum(
  Object.keys(CATEGORIES) as [keyof typeof CATEGORIES, ...(keyof typeof CATEGORIES)[]],
)
export type Category = z.infer<typeof Category>

/** Text the citizen writes: trimmed, control characters other than newlines removed. */
const CitizenText = (min: number, max: number) =>
  z
    .string()
    .transform((s) => s.replace(/[^\P{Cc}\n]/gu, '').trim())
    .pipe(
      z.string().min(min, `must be at least ${min} characters`).max(max, `must be at most ${max} characters`),
    )

export const CONTENT_MAX = 2000

export const WebSubmission = z.object({
  name: CitizenText(1, 50).optional(),
  phone: MainlandMobile,
  content: CitizenText(5, CONTENT_MAX),
  category: Category,
  location: CitizenText(1, 200).optional(),
})
export type WebSubmission = z.infer<typeof WebSubmission>

/** The mini-program client posts the same fields, plus the user's openid when it has one. */
export const MiniProgramSubmission = WebSubmission.extend({
  openid: z
    .string()
    .regex(/^[A-Za-z0-9_-]{6,64}$/, 'must be a WeChat openid')
    .optional(),
})
export type MiniProgramSubmission = z.infer<typeof MiniProgramSubmission>

/** Text arriving by SMS or WeChat, bounded like the form's content (shorter is fine). */
export const MessageText = CitizenText(1, CONTENT_MAX)
