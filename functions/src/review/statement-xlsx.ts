/**
 * The statement's rows as an XLSX workbook (exceljs, amounts as numbers in yuan), the same rows
 * as the page and the CSV. A module of its own because exceljs and its packages are ~890 KB: only
 * the statement export function loads it (`routes/statement-export.ts`, docs/lambda-bundles.md).
 */
import { STATEMENT_COLUMNS, type StatementRow, type StatementTable } from '@hotline/domain'
import ExcelJS from 'exceljs'
import { isAmount, preamble } from './statement'

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const YUAN_FORMAT = '"¥"#,##0.00'
const BOLD_ROWS = new Set<StatementRow['kind']>([
  'quarter',
  'unsettled',
  'subtotal',
  'withheld',
  'net',
  'total',
])
const TONE_COLOURS: Partial<Record<NonNullable<StatementRow['tone']>, string>> = {
  bad: 'FFB42318',
  warn: 'FF9A5B00',
}

export async function statementXlsx(table: StatementTable): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.creator = table.lang === 'en' ? '12345 Hotline Operations Platform' : '12345 热线运营平台'
  const sheet = book.addWorksheet(table.lang === 'en' ? 'Statement' : '结算单')
  sheet.columns = [12, 12, 36, 16, 12, 16, 16, 16, 14, 60].map((width) => ({ width }))
  const head = preamble(table)
  for (const cells of head) sheet.addRow(cells)
  sheet.getRow(1).font = { bold: true, size: 14 }
  sheet.getRow(head.length).font = { bold: true }
  sheet.views = [{ state: 'frozen', ySplit: head.length }]
  for (const row of table.rows) {
    const added = sheet.addRow(
      STATEMENT_COLUMNS.map((column) => {
        const value = row[column]
        if (isAmount(column)) return typeof value === 'number' ? value / 100 : null
        return value ?? ''
      }),
    )
    for (const [index, column] of STATEMENT_COLUMNS.entries()) {
      if (isAmount(column)) added.getCell(index + 1).numFmt = YUAN_FORMAT
    }
    const colour = row.tone ? TONE_COLOURS[row.tone] : undefined
    added.font = { bold: BOLD_ROWS.has(row.kind), ...(colour ? { color: { argb: colour } } : {}) }
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}
