/**
 * The contract-terms document: every threshold, amount, window, rounding choice, counting mode
 * and service-level option of the contract (SPEC §2, §5, §6, §7) as validated data. A KPI result
 * and a deduction record the `termsVersion` (`id@version`) that produced them.
 */
import { z } from 'zod'
import { FenSchema } from '../money'
import { CountingMode, PeriodSpec } from '../periods'
import { LocalDateSchema } from '../time'

const Bp = z.number().int().min(0).max(10_000).describe('basis points: 100 = 1%')
const PartialPoints = z.enum(['floor', 'ceil', 'prorate'])
const Text = z.object({ zh: z.string().min(1), en: z.string().min(1) })
const Clause = z.string().min(1).describe('the contract clause, e.g. §4.5')

/** A rate KPI charged per whole (or partial) percentage point beyond its target. */
const PerPoint = z.object({ perPointFen: FenSchema, partialPoints: PartialPoints.default('floor') })
/** A flat amount per breach (per day below, per event, per missed week…). `0` still records the breach. */
const Flat = z.object({ amountFen: FenSchema })

const AckSmsLimits = z.object({
  perHour: z.number().int().min(1).max(100),
  perDay: z.number().int().min(1).max(1000),
})
const ACK_SMS_DEFAULTS = { perHour: 3, perDay: 10 }

export const RatingLevel = z.enum(['satisfied', 'basically_satisfied', 'dissatisfied'])
export type RatingLevel = z.infer<typeof RatingLevel>

export const ContractTerms = z
  .object({
    /** Stable identifier of the contract, e.g. `jiyuan-2026`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    /** Version of this document; a changed term is a new version. */
    version: z.string().min(1),
    title: Text,
    agency: z.string().min(1),
    contractor: z.string().min(1),
    timeZone: z.literal('Asia/Shanghai'),
    contract: z.object({
      start: LocalDateSchema,
      end: LocalDateSchema,
      signed: LocalDateSchema,
      /** The day the contract takes effect (§11.3: on signature). */
      effective: LocalDateSchema,
      totalFen: FenSchema,
    }),
    payment: z.object({
      clause: Clause,
      /** Share of the total prepaid as the first quarter's fee. */
      prepaymentBp: Bp,
      /** The rest is paid in this many equal parts, one per following quarter. */
      remainingParts: z.number().int().min(1).max(12),
      /** Late-payment penalty per day, as a share of the total (§6: 1%). */
      lateFeeBpPerDay: Bp,
      /** Warn this many days before a due date. */
      warnDaysBefore: z.number().int().min(0).max(90),
      /** §6: a payment late by more than this many days lets the contractor terminate (30). */
      terminateAfterDaysLate: z.number().int().min(1).max(365).default(30),
    }),
    counting: CountingMode,
    serviceLevel: z.object({
      /** Answered within this many seconds of entering the agent queue (inclusive). */
      answerThresholdSeconds: z.number().int().min(1).max(600),
      /** Abandons within this many seconds leave the denominator; 0 keeps every abandon in it. */
      shortAbandonSeconds: z.number().int().min(0).max(120),
      /** Calls that never left the IVR are not offered to agents and stay out of the denominator. */
      excludeIvrOnly: z.boolean(),
    }),
    /** How long the contractor may object to a draft deduction after it is drafted. */
    objectionWindow: PeriodSpec,
    /** Citizen intake (SPEC §8): ticket numbers, the SMS signature, survey and follow-up windows. */
    intake: z
      .object({
        /** Capital letters before the date in ticket numbers: `JY20261009-000123`. */
        ticketPrefix: z.string().regex(/^[A-Z]{1,4}$/, '1–4 capital letters'),
        /** The approved SMS signature, shown as 【济源12345】. */
        smsSignature: z.string().min(2).max(16),
        /** A reply within this many hours of the survey is a rating of that ticket. */
        surveyReplyWindowHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 30),
        /** A citizen's new message within this many hours of their open ticket's last message is appended to it. */
        appendWindowHours: z
          .number()
          .int()
          .min(0)
          .max(24 * 30),
        /**
         * At most this many acknowledgement SMS to one phone number per hour and per local day: a
         * form names any number, so without a cap it sends SMS to a stranger as often as it is posted.
         * Beyond the cap the ticket is still taken and its receipt shown; the SMS is withheld.
         */
        acknowledgementSmsPerPhone: AckSmsLimits.default(ACK_SMS_DEFAULTS),
      })
      .default({
        ticketPrefix: 'JY',
        smsSignature: '济源12345',
        surveyReplyWindowHours: 72,
        appendWindowHours: 24,
        acknowledgementSmsPerPhone: ACK_SMS_DEFAULTS,
      }),
    /** Sanity bounds on a reviewer's money decisions. */
    review: z
      .object({
        /**
         * An adjusted deduction may be at most this many times its draft (and never more than the
         * smallest instalment): a slip of the keyboard (20,000 fen typed as 20,000,000) is refused.
         */
        maxAdjustmentTimesDraft: z.number().int().min(1).max(100),
      })
      .default({ maxAdjustmentTimesDraft: 3 }),
    kpis: z.object({
      satisfaction: PerPoint.extend({
        clause: Clause,
        targetBp: Bp,
        satisfiedLevels: z.array(RatingLevel).min(1),
      }),
      complaint: Flat.extend({ clause: Clause }),
      serviceError: z.object({
        clause: Clause,
        transfer: Flat.extend({ within: PeriodSpec }),
        return: Flat.extend({ within: PeriodSpec }),
        callback: Flat.extend({ within: PeriodSpec }),
      }),
      connection: z.object({ clause: Clause, targetBp: Bp, amountPerDayFen: FenSchema }),
      agentWorkload: z.object({
        clause: Clause,
        minCallsPerAgentDay: z.number().int().min(0),
        /** `null`: reported and flagged, never drafted as a deduction. */
        amountFen: FenSchema.nullable(),
      }),
      answer15s: z.object({ clause: Clause, targetBp: Bp, amountPerDayFen: FenSchema }),
      microPlatform: z.object({
        clause: Clause,
        /** A micro-platform submission is handled in time when first transferred or closed within this. */
        handleWithin: PeriodSpec,
        /** Optional target for the monthly timeliness rate; `null` reports it without a target. */
        targetBp: Bp.nullable(),
        incidentAmountFen: FenSchema,
      }),
      publishAccuracy: PerPoint.extend({ clause: Clause, targetBp: Bp }),
      turnover: PerPoint.extend({
        clause: Clause,
        /** The annual rate may not exceed this. */
        maxBp: Bp,
      }),
      confidentiality: Flat.extend({ clause: Clause }),
      inspection: Flat.extend({ clause: Clause }),
      emergencyReport: Flat.extend({
        clause: Clause,
        reportWithinMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60),
      }),
      safetyCheck: Flat.extend({ clause: Clause, minPerWeek: z.number().int().min(1) }),
      cleaningCheck: Flat.extend({ clause: Clause, minPerWeek: z.number().int().min(1) }),
      training: Flat.extend({
        clause: Clause,
        onboardingMinDays: z.number().int().min(0),
        examRequired: z.boolean(),
        practiceMinDays: z.number().int().min(0),
        inServiceMinHoursPerMonth: z.number().int().min(0),
      }),
    }),
  })
  .superRefine((terms, ctx) => {
    const { start, end, signed, effective } = terms.contract
    if (end < start)
      ctx.addIssue({ code: 'custom', path: ['contract', 'end'], message: 'ends before it starts' })
    if (effective < signed)
      ctx.addIssue({ code: 'custom', path: ['contract', 'effective'], message: 'effective before signed' })
  })
export type ContractTerms = z.infer<typeof ContractTerms>
export type ContractTermsInput = z.input<typeof ContractTerms>

/** `jiyuan-2026@2026.1`: what results and deductions record. */
export const termsVersionOf = (terms: Pick<ContractTerms, 'id' | 'version'>): string =>
  `${terms.id}@${terms.version}`

export class InvalidTermsError extends Error {
  override readonly name = 'InvalidTermsError'
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`invalid contract terms: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)
  }
}

/** Parses a terms document, or throws `InvalidTermsError` naming each bad field (`kpis.answer15s.targetBp`). */
export function loadTerms(document: unknown): ContractTerms {
  const result = ContractTerms.safeParse(document)
  if (result.success) return result.data
  throw new InvalidTermsError(
    result.error.issues.map((i) => ({ path: i.path.join('.') || '(document)', message: i.message })),
  )
}
