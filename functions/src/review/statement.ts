/**
 * The quarterly payment statement from stored decisions and payments (SPEC §7): the domain's
 * statement over the deductions that stand — the latest decided record of each supersession chain
 * (an approved deduction superseded by a decided successor is replaced by it) — and its exports:
 * CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and XLSX (exceljs).
 */
import {
  type ApprovedDeduction,
  type ContractTerms,
  formatYuan,
  KPI_NAMES,
  type KpiId,
  type LocalDate,
  paymentStatement,
  type Quarter,
  type Statement,
} from '@hotline/domain'
import { type Deduction, deductionsByStatus, listPayments, type Store } from '@hotline/store'
import ExcelJS from 'exceljs'

/** Decided deductions that stand: approved or adjusted, not replaced by a decided successor. */
export async function standingDeductions(store: Store): Promise<Deduction[]> {
  const decided = [
    ...(await deductionsByStatus(store, 'approved')),
    ...(await deductionsByStatus(store, 'adjusted')),
    ...(await deductionsByStatus(store, 'rejected')),
  ]
  const byId = new Map(decided.map((d) => [d.deductionId, d]))
  // Replaced only when the successor is itself decided; an undecided successor leaves this one standing.
  return decided.filter((d) => d.status !== 'rejected' && !(d.supersededBy && byId.has(d.supersededBy)))
}

export async function buildStatement(
  store: Store,
  terms: ContractTerms,
  asOf: LocalDate,
): Promise<{ statement: Statement; deductions: Deduction[] }> {
  const deductions = await standingDeductions(store)
  const approved: ApprovedDeduction[] = deductions.map((d) => ({
    id: d.deductionId,
    kpi: d.kpi as KpiId,
    period: d.period,
    subject: d.subject,
    amountFen: d.finalAmountFen ?? 0,
    decidedAt: d.decision?.at ?? d.updatedAt,
  }))
  const payments = (await listPayments(store)).map((p) => ({
    quarter: p.quarter as Quarter,
    paidOn: p.paidOn,
    amountFen: p.amountFen,
  }))
  return { statement: paymentStatement({ terms, approved, payments, asOf }), deductions }
}

type Row = (string | number)[]

/** The statement as rows: a heading per instalment, then each withheld deduction, then totals. */
function rows(statement: Statement, deductions: Deduction[]): Row[] {
  const byId = new Map(deductions.map((d) => [d.deductionId, d]))
  const out: Row[] = [['季度 Quarter', '项目 Item', '条款 Clause', '金额（元）Amount (CNY)', '说明 Notes']]
  for (const line of statement.instalments) {
    out.push([`Q${line.quarter}`, `应付 Gross (due ${line.due})`, '§2', line.grossFen / 100, line.status])
    for (const withheld of line.deductions) {
      const d = byId.get(withheld.id)
      const name = KPI_NAMES[withheld.kpi as KpiId]
      out.push([
        `Q${line.quarter}`,
        `扣款 ${name?.zh ?? withheld.kpi} ${withheld.period}${withheld.subject ? ` ${withheld.subject}` : ''}`,
        String(d?.draft.clause ?? ''),
        -withheld.amountFen / 100,
        String((d?.draft.formula as { zh?: string } | undefined)?.zh ?? ''),
      ])
    }
    out.push([
      `Q${line.quarter}`,
      '实付 Net',
      '',
      line.netFen / 100,
      line.paidOn ? `paid ${line.paidOn}` : `days left ${line.daysLeft}`,
    ])
  }
  out.push(['', '合计应付 Total gross', '', statement.totals.grossFen / 100, ''])
  out.push(['', '合计扣款 Total withheld', '', -statement.totals.withheldFen / 100, ''])
  out.push(['', '合计实付 Total net', '', statement.totals.netFen / 100, formatYuan(statement.totals.netFen)])
  return out
}

const csvCell = (v: string | number) => {
  const text = typeof v === 'number' ? v.toFixed(2) : v
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function statementCsv(statement: Statement, deductions: Deduction[]): string {
  return `\uFEFF${rows(statement, deductions)
    .map((r) => r.map(csvCell).join(','))
    .join('\r\n')}\r\n`
}

export async function statementXlsx(statement: Statement, deductions: Deduction[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.creator = '12345 Hotline Operations Platform'
  const sheet = book.addWorksheet('结算单 Statement')
  sheet.columns = [{ width: 10 }, { width: 48 }, { width: 8 }, { width: 20 }, { width: 60 }]
  for (const row of rows(statement, deductions)) sheet.addRow(row)
  sheet.getRow(1).font = { bold: true }
  sheet.getColumn(4).numFmt = '#,##0.00'
  return Buffer.from(await book.xlsx.writeBuffer())
}
