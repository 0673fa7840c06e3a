/** A deduction drafted from a KPI breach or a verified incident (SPEC §6). */
import type { Fraction } from '../fraction'
import type { Evidence, KpiId, KpiResult, Target } from '../kpi/types'

export type DeductionDraft = {
  /** Deterministic per (kpi, period, subject): re-running a job never duplicates a record. */
  readonly id: string
  readonly kpi: KpiId
  readonly period: string
  readonly subject: string | null
  /** Integer fen; 0 for a breach that is recorded but not charged. */
  readonly amountFen: number
  readonly clause: string
  readonly termsVersion: string
  /** The numbers the amount comes from. */
  readonly basis: {
    readonly value: Fraction | null
    readonly target: Target | null
    /** Percentage points beyond the target (exact), and those charged under the rounding rule. */
    readonly points?: { readonly exact: Fraction; readonly charged: Fraction }
    readonly rate?: {
      readonly perPointFen?: number
      readonly flatFen?: number
      readonly partialPoints?: string
    }
  }
  readonly evidence: Evidence
  /** The formula in words: "2026-10-09 15秒应答及时率 87.50% < 90%，扣除200元". */
  readonly formula: { readonly zh: string; readonly en: string }
}

export type { KpiResult }
