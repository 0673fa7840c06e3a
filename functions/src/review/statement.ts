/**
 * The quarterly payment statement from stored deductions and payments (SPEC §7): the domain's
 * statement over the deductions that stand on its date (the domain's `standingAsOf`: the latest
 * decided record of each supersession chain, and the drafts awaiting review) — with its rows in
 * words (the domain's `statementTable`, people named by their display names), and the same rows as
 * CSV (UTF-8 with BOM, so Excel opens Chinese correctly; formula-like cells neutralised). The XLSX
 * writer is `statement-xlsx.ts`, apart: exceljs is ~890 KB the API function must not load.
 */
import {
  AMOUNT_COLUMNS,
  type ContractTerms,
  DECIDED_STATUSES,
  DEDUCTION_STATUSES,
  decidedAtOf,
  formatYuanPlain,
  type LocalDate,
  LocalDateSchema,
  type Payment,
  paymentStatement,
  type Quarter,
  STATEMENT_COLUMNS,
  STATEMENT_LANGS,
  type Statement,
  type StatementDeduction,
  type StatementDeductionStatus,
  type StatementLang,
  type StatementRow,
  type StatementTable,
  standingAsOf,
  statementTable,
} from '@hotline/domain'
import { type Deduction, deductionsByStatus, listPayments, listPeople, type Store } from '@hotline/store'
import { z } from 'zod'

/** `?asOf=&lang=` of the statement and its export: the date (today when absent) and the language. */
export const StatementQuery = z.object({
  asOf: LocalDateSchema.optional(),
  lang: z.enum(STATEMENT_LANGS).default('zh-CN'),
})
export const StatementExportQuery = StatementQuery.extend({ format: z.enum(['csv', 'xlsx']) })

/**
 * The deductions that stand on `asOf`, as the statement reads them (`standingAsOf`): the decided
 * records that stood then, and those awaiting review then. One gsi1 Query per status (but
 * withdrawn), all at once.
 */
async function statementDeductions(store: Store, asOf: LocalDate): Promise<StatementDeduction[]> {
  const statuses = DEDUCTION_STATUSES.filter((s) => s !== 'withdrawn')
  const records = (await Promise.all(statuses.map((status) => deductionsByStatus(store, status)))).flat()
  const isDecided = (d: Deduction) => DECIDED_STATUSES.includes(d.status)
  return standingAsOf(records, asOf).map((d) => ({
    id: d.deductionId,
    billingMonth: d.billingMonth,
    kpi: d.kpi,
    period: d.period,
    subject: d.subject,
    status: d.status as StatementDeductionStatus,
    draftedFen: d.amountFen,
    finalFen: isDecided(d) ? (d.finalAmountFen ?? 0) : null,
    reason: isDecided(d) ? (d.decision?.reason ?? null) : null,
    draftedAt: d.draftedAt,
    decidedAt: isDecided(d) ? decidedAtOf(d) : null,
  }))
}

async function statementPayments(store: Store): Promise<Payment[]> {
  return (await listPayments(store)).map((p) => ({
    quarter: p.quarter as Quarter,
    paidOn: p.paidOn,
    amountFen: p.amountFen,
    recordedBy: p.recordedBy,
    recordedAt: p.recordedAt,
  }))
}

async function buildStatement(store: Store, terms: ContractTerms, asOf: LocalDate): Promise<Statement> {
  const [deductions, payments] = await Promise.all([
    statementDeductions(store, asOf),
    statementPayments(store),
  ])
  return paymentStatement({ terms, deductions, payments, asOf })
}

/** `GET /statement`: the domain's statement and its rows in words, in `lang`. */
export type StatementView = Statement & { readonly table: StatementTable }

export async function statementView(
  store: Store,
  terms: ContractTerms,
  asOf: LocalDate,
  lang: StatementLang,
): Promise<StatementView> {
  const [statement, people] = await Promise.all([buildStatement(store, terms, asOf), listPeople(store)])
  const names = new Map(people.map((p) => [p.username, p.name]))
  const table = statementTable(statement, {
    lang,
    contract: { title: lang === 'en' ? terms.title.en : terms.title.zh, version: terms.version },
    nameOf: (username) => names.get(username) ?? username,
  })
  return { ...statement, table }
}

/** What precedes the rows in an export: the title, the contract, the rule, a blank line, the header. */
export const preamble = (table: StatementTable): string[][] => [
  [table.title],
  [table.contract],
  [table.rule],
  [],
  STATEMENT_COLUMNS.map((column) => table.columns[column]),
]

/** Whether `column` holds an amount (fen in the table; yuan in the exports). */
export const isAmount = (column: (typeof STATEMENT_COLUMNS)[number]) => AMOUNT_COLUMNS.includes(column)

/**
 * One CSV cell: a cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first)
 * gets a leading `'`; quotes, commas and line breaks are quoted.
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

const csvRow = (row: StatementRow): string[] =>
  STATEMENT_COLUMNS.map((column) => {
    const value = row[column]
    if (isAmount(column)) return typeof value === 'number' ? formatYuanPlain(value) : ''
    return String(value ?? '')
  })

export function statementCsv(table: StatementTable): string {
  const lines = [...preamble(table), ...table.rows.map(csvRow)]
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`
}

/** The export's file name in the statement's language, as `Content-Disposition` (RFC 6266 / 5987). */
export function exportDisposition(table: StatementTable, asOf: LocalDate, format: 'csv' | 'xlsx'): string {
  const ascii = `payment-statement-${asOf}.${format}`
  const name = table.lang === 'en' ? ascii : `付款结算单-${asOf}.${format}`
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}
