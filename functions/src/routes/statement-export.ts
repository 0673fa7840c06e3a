/**
 * `GET /api/v1/statement/export`: the statement's rows as CSV or XLSX, the same rows as the page.
 * Apart from the review routes because the XLSX writer (exceljs, ~890 KB) must stay out of the API
 * function: on AWS this route has a function of its own (`export-main.ts`), chosen by measurement
 * (docs/lambda-bundles.md); locally the server mounts it beside the API, at the same URL.
 */
import { localDateOf } from '@hotline/domain'
import { Hono } from 'hono'
import type { AppDeps } from '../app'
import { type AuthEnv, allow } from '../auth/middleware'
import { exportDisposition, StatementExportQuery, statementCsv, statementView } from '../review/statement'
import { statementXlsx, XLSX_TYPE } from '../review/statement-xlsx'
import { STAFF } from './common'

/** What the export reads: the store, the terms in force and the clock (for today's date). */
export type ExportDeps = Pick<AppDeps, 'store' | 'terms' | 'now'>

export function statementExportRoutes(deps: ExportDeps) {
  return new Hono<AuthEnv>().get('/statement/export', allow(...STAFF), async (c) => {
    const query = StatementExportQuery.parse(c.req.query())
    const asOf = query.asOf ?? localDateOf(deps.now())
    const { table } = await statementView(deps.store, deps.terms.at(asOf), asOf, query.lang)
    c.header('Content-Disposition', exportDisposition(table, asOf, query.format))
    if (query.format === 'csv')
      return c.body(statementCsv(table), 200, { 'content-type': 'text/csv; charset=utf-8' })
    return c.body(new Uint8Array(await statementXlsx(table)), 200, { 'content-type': XLSX_TYPE })
  })
}
