/**
 * The KPI dashboard's and the payment statement's calls (SPEC §5–§7): a month's KPI summary (what
 * the dashboard draws; its deductions come from the review's `GET /deductions`, `./deductions.ts`),
 * the statement as of a date, its CSV/XLSX export (a download with the session's token) and
 * recording a payment. Response schemas mirror the server's: the domain's `KpiSummary`
 * (`packages/domain/src/api/kpi-summary.ts`) and `Statement` (`packages/domain/src/payment/statement.ts`);
 * a drift fails the parse loudly. A KPI's results with their evidence are the records API's
 * (`GET /kpis?month=&kpi=`, `./records.ts`), fetched by the page that shows them.
 *
 * Only the dashboard and statement pages import this module (both lazy): zod stays out of the entry chunk.
 */
import { ApiError, KpiSummary } from '@hotline/domain'
import { z } from 'zod'
import { useSession } from '../session'
import { type ApiAuth, ApiRequestError, request } from './client'

const Quarter = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])

export const WithheldDeduction = z.object({
  id: z.string(),
  billingMonth: z.string(),
  kpi: z.string(),
  period: z.string(),
  subject: z.string().nullable(),
  status: z.enum(['approved', 'adjusted']),
  draftedFen: z.number().int(),
  finalFen: z.number().int(),
  reason: z.string().nullable(),
  decidedOn: z.string(),
  amountFen: z.number().int(),
  carried: z.boolean(),
  continues: z.boolean(),
})
export type WithheldDeduction = z.infer<typeof WithheldDeduction>

/** One billing month's part of an instalment (the domain's `MonthGroup`). */
export const MonthGroup = z.object({
  billingMonth: z.string(),
  deductions: z.array(WithheldDeduction),
  withheldFen: z.number().int(),
  pending: z.object({ count: z.number().int(), amountFen: z.number().int() }),
  acknowledged: z.number().int(),
  rejected: z.number().int(),
})

export const InstalmentStatus = z.enum(['paid', 'overdue', 'due_soon', 'upcoming', 'nothing_due'])
export type InstalmentStatus = z.infer<typeof InstalmentStatus>

export const StatementLine = z.object({
  quarter: Quarter,
  kind: z.enum(['prepayment', 'part']),
  grossFen: z.number().int(),
  due: z.string(),
  months: z.array(MonthGroup),
  deductions: z.array(WithheldDeduction),
  withheldFen: z.number().int(),
  netFen: z.number().int(),
  paidOn: z.string().nullable(),
  paidFen: z.number().int().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string().nullable(),
  status: InstalmentStatus,
  daysLeft: z.number().int().nullable(),
  daysLate: z.number().int(),
  lateFeeFen: z.number().int(),
  warn: z.boolean(),
  termination: z.object({
    state: z.enum(['none', 'approaching', 'applies', 'arose']),
    from: z.string().nullable(),
    daysLeft: z.number().int().nullable(),
  }),
})
export type StatementLine = z.infer<typeof StatementLine>

const Fen = z.number().int().nullable()

/** A row of the statement in words (the domain's `StatementRow`): the page's and the exports'. */
export const StatementRow = z.object({
  kind: z.enum([
    'quarter',
    'gross',
    'deduction',
    'subtotal',
    'pending',
    'counted',
    'withheld',
    'net',
    'status',
    'payment',
    'lateFee',
    'termination',
    'unsettled',
    'total',
  ]),
  section: z.union([Quarter, z.literal('unsettled'), z.literal('totals')]),
  billingMonth: z.string().nullable(),
  deductionId: z.string().nullable(),
  tone: z.enum(['good', 'warn', 'bad']).nullable(),
  quarter: z.string(),
  month: z.string(),
  item: z.string(),
  period: z.string(),
  subject: z.string(),
  draftedFen: Fen,
  finalFen: Fen,
  amountFen: Fen,
  status: z.string(),
  note: z.string(),
})
export type StatementRow = z.infer<typeof StatementRow>

/** The columns' words, in the order the exports write them (the domain's `STATEMENT_COLUMNS`). */
export const StatementColumns = z.object({
  quarter: z.string(),
  month: z.string(),
  item: z.string(),
  period: z.string(),
  subject: z.string(),
  draftedFen: z.string(),
  finalFen: z.string(),
  amountFen: z.string(),
  status: z.string(),
  note: z.string(),
})

/** `GET /api/v1/statement?asOf=&lang=`: the domain's `Statement` and its rows in words (`StatementTable`). */
export const Statement = z.object({
  termsVersion: z.string(),
  asOf: z.string(),
  lateFeePerDayFen: z.number().int(),
  lateFeeBpPerDay: z.number().int(),
  terminateAfterDaysLate: z.number().int(),
  instalments: z.array(StatementLine),
  unsettled: z.array(WithheldDeduction),
  unsettledMonths: z.array(MonthGroup),
  totals: z.object({
    grossFen: z.number().int(),
    withheldFen: z.number().int(),
    netFen: z.number().int(),
    paidFen: z.number().int(),
    unsettledFen: z.number().int(),
    lateFeeFen: z.number().int(),
    lateQuarters: z.number().int(),
  }),
  table: z.object({
    lang: z.enum(['zh-CN', 'en']),
    title: z.string(),
    contract: z.string(),
    rule: z.string(),
    columns: StatementColumns,
    rows: z.array(StatementRow),
  }),
})
export type Statement = z.infer<typeof Statement>

/** `POST /api/v1/payments` echoes what it recorded, with who and when. */
export const PaymentRecorded = z.object({
  quarter: Quarter,
  paidOn: z.string(),
  amountFen: z.number().int(),
  recordedBy: z.string(),
  recordedAt: z.string(),
})
export type PaymentRecorded = z.infer<typeof PaymentRecorded>

/** A payment to record: the quarter (1–4), the local date it was paid, the amount in fen. */
export type PaymentInput = { quarter: number; paidOn: string; amountFen: number }

export type ExportFormat = 'csv' | 'xlsx'
/** The statement's language: the page's. */
export type StatementLang = 'zh-CN' | 'en'

/**
 * The file name of a download from `Content-Disposition`: `filename*=UTF-8''…` (a Chinese name)
 * first, else `filename="…"`, else `fallback`.
 */
export function filenameOf(disposition: string | null, fallback: string): string {
  const encoded = disposition ? /filename\*=UTF-8''([^;]+)/i.exec(disposition) : null
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1].trim())
    } catch {
      // A malformed name: the plain one below.
    }
  }
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
  lang: StatementLang,
): Promise<{ blob: Blob; filename: string }> {
  const token = auth.token()
  const params = new URLSearchParams({ format, asOf, lang })
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
    filename: filenameOf(response.headers.get('content-disposition'), `payment-statement-${asOf}.${format}`),
  }
}

export function createKpiApi(auth: ApiAuth) {
  return {
    /** `GET /api/v1/kpis/summary?month=`: the month's figures and per-subject counts, no evidence. */
    kpiSummary: (month: string) =>
      request(`/api/v1/kpis/summary?${new URLSearchParams({ month })}`, KpiSummary, { auth }),
    statement: (asOf: string, lang: StatementLang) =>
      request(`/api/v1/statement?${new URLSearchParams({ asOf, lang })}`, Statement, { auth }),
    exportStatement: (format: ExportFormat, asOf: string, lang: StatementLang) =>
      download(auth, format, asOf, lang),
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
