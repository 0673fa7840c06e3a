/**
 * The KPI dashboard's and the payment statement's calls (SPEC §5–§7): a month's KPI results and
 * deductions, the statement as of a date, its CSV/XLSX export (a download with the session's
 * token) and recording a payment. Response schemas mirror the server's: the stored KPI result and
 * deduction of `@hotline/store` (`repos/kpis.ts`, `repos/deductions.ts`) and the domain's
 * `Statement` (`packages/domain/src/payment/statement.ts`); a drift fails the parse loudly.
 *
 * Only the dashboard and statement pages import this module (both lazy): zod stays out of the entry chunk.
 */
import { ApiError, KpiResultRecord } from '@hotline/domain'
import { z } from 'zod'
import { useSession } from '../session'
import { type ApiAuth, ApiRequestError, request } from './client'

/** A stored KPI result as the API serves it; the dashboard does not read when or by which run. */
export const KpiResult = KpiResultRecord.omit({ computedAt: true, jobRunId: true })
export type KpiResult = z.infer<typeof KpiResult>

/** `GET /api/v1/kpis?month=&kpi=`: the results filed under a billing month. */
export const KpisResponse = z.object({ month: z.string(), results: z.array(KpiResult) })
export type KpisResponse = z.infer<typeof KpisResponse>

export const DeductionStatus = z.enum(['draft', 'approved', 'rejected', 'adjusted', 'withdrawn'])

export const Deduction = z.object({
  deductionId: z.string(),
  billingMonth: z.string(),
  kpi: z.string(),
  period: z.string(),
  subject: z.string().nullable(),
  status: DeductionStatus,
  /** The drafted amount (fen). */
  amountFen: z.number().int(),
  /** What is withheld once decided (fen): 0 when rejected, `null` while a draft. */
  finalAmountFen: z.number().int().nullable(),
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
  version: z.number().int(),
})
export type Deduction = z.infer<typeof Deduction>

/** `GET /api/v1/deductions?month=`: a billing month's deductions, every status. */
export const DeductionsResponse = z.object({ deductions: z.array(Deduction) })
export type DeductionsResponse = z.infer<typeof DeductionsResponse>

const Quarter = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])

export const WithheldDeduction = z.object({
  id: z.string(),
  kpi: z.string(),
  period: z.string(),
  subject: z.string().nullable(),
  decidedOn: z.string(),
  amountFen: z.number().int(),
  fullAmountFen: z.number().int(),
  carried: z.boolean(),
})
export type WithheldDeduction = z.infer<typeof WithheldDeduction>

export const InstalmentStatus = z.enum(['paid', 'overdue', 'due_soon', 'upcoming', 'nothing_due'])
export type InstalmentStatus = z.infer<typeof InstalmentStatus>

export const StatementLine = z.object({
  quarter: Quarter,
  kind: z.enum(['prepayment', 'part']),
  grossFen: z.number().int(),
  due: z.string(),
  deductions: z.array(WithheldDeduction),
  withheldFen: z.number().int(),
  netFen: z.number().int(),
  paidOn: z.string().nullable(),
  paidFen: z.number().int().nullable(),
  status: InstalmentStatus,
  daysLeft: z.number().int().nullable(),
  daysLate: z.number().int(),
  lateFeeFen: z.number().int(),
  warn: z.boolean(),
})
export type StatementLine = z.infer<typeof StatementLine>

/** `GET /api/v1/statement?asOf=`: the domain's `Statement`. */
export const Statement = z.object({
  termsVersion: z.string(),
  asOf: z.string(),
  lateFeePerDayFen: z.number().int(),
  instalments: z.array(StatementLine),
  unsettled: z.array(WithheldDeduction),
  totals: z.object({
    grossFen: z.number().int(),
    withheldFen: z.number().int(),
    netFen: z.number().int(),
    paidFen: z.number().int(),
    unsettledFen: z.number().int(),
    lateFeeFen: z.number().int(),
  }),
})
export type Statement = z.infer<typeof Statement>

/** `POST /api/v1/payments` echoes what it recorded. */
export const PaymentRecorded = z.object({ quarter: Quarter, paidOn: z.string(), amountFen: z.number().int() })
export type PaymentRecorded = z.infer<typeof PaymentRecorded>

/** A payment to record: the quarter (1–4), the local date it was paid, the amount in fen. */
export type PaymentInput = { quarter: number; paidOn: string; amountFen: number }

export type ExportFormat = 'csv' | 'xlsx'

/** The file name of a download: `filename="…"` of `Content-Disposition`, else `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const match = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null
  return match?.[1]?.trim() || fallback
}

/**
 * The statement's export as a file, fetched with the session's token (a plain link could not send
 * it). Errors as `ApiRequestError`; a 401 ends the session.
 */
async function download(
  auth: ApiAuth,
  format: ExportFormat,
  asOf: string,
): Promise<{ blob: Blob; filename: string }> {
  const token = auth.token()
  const params = new URLSearchParams({ format, asOf })
  const response = await fetch(`/api/v1/statement/export?${params}`, {
    method: 'GET',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}) },
  })
  if (!response.ok) {
    if (response.status === 401) auth.onUnauthorized()
    const parsed = ApiError.safeParse(await response.json().catch(() => undefined))
    throw new ApiRequestError(response.status, parsed.success ? parsed.data : undefined)
  }
  return {
    blob: await response.blob(),
    filename: filenameOf(response.headers.get('content-disposition'), `statement-${asOf}.${format}`),
  }
}

export function createKpiApi(auth: ApiAuth) {
  return {
    kpis: (month: string) =>
      request(`/api/v1/kpis?${new URLSearchParams({ month })}`, KpisResponse, { auth }),
    deductions: (month: string) =>
      request(`/api/v1/deductions?${new URLSearchParams({ month })}`, DeductionsResponse, { auth }),
    statement: (asOf: string) =>
      request(`/api/v1/statement?${new URLSearchParams({ asOf })}`, Statement, { auth }),
    exportStatement: (format: ExportFormat, asOf: string) => download(auth, format, asOf),
    /** Agency reviewers only; a quarter already paid is a 409. */
    recordPayment: (payment: PaymentInput) =>
      request('/api/v1/payments', PaymentRecorded, { method: 'POST', body: payment, auth }),
  }
}

export type KpiApi = ReturnType<typeof createKpiApi>

/** The calls bound to the signed-in session of the surrounding `<SessionProvider>`. */
export function useKpiApi(): KpiApi {
  const session = useSession()
  return createKpiApi({ token: session.token, onUnauthorized: session.signOut })
}
