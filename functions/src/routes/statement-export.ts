/**
 * `GET /api/v1/statement` (the quarterly statement as of a date, its rows in words) and
 * `GET /api/v1/statement/export` (the same rows as CSV or XLSX). Apart from the review routes:
 * on AWS they have a function of their own (`export-main.ts`), which keeps the XLSX writer
 * (exceljs, ~890 KB) and the statement's payment table (~16 KB) out of the API function
 * (docs/lambda-bundles.md); locally the server mounts them beside the API, at the same URLs.
 */
import { localDateOf } from '@hotline/domain'
import { Hono } from 'hono'
import type { AppDeps } from '../app'
import { type AuthEnv, allow } from '../auth/middleware'
import {
  exportDisposition,
  StatementExportQuery,
  StatementQuery,
  statementCsv,
  statementView,
} from '../review/statement'
import { statementXlsx, XLSX_TYPE } from '../review/statement-xlsx'
import { STAFF } from './common'

/** What the export reads: the store, the terms in force and the clock (for today's date). */
export type ExportDeps = Pick<AppDeps, 'store' | 'terms' | 'now'>

export function statementRoutes(deps: ExportDeps) {
  return (
    new Hono<AuthEnv>()
      // The statement as of a date (today in Beijing by default) with its rows in words, in `lang`.
      .get('/statement', allow(...STAFF), async (c) => {
        const { asOf, lang } = StatementQuery.parse(c.req.query())
        const date = asOf ?? localDateOf(deps.now())
        return c.json(await statementView(deps.store, deps.terms.at(date), date, lang))
      })
      .get('/statement/export', allow(...STAFF), async (c) => {
        const query = StatementExportQuery.parse(c.req.query())
        const asOf = query.asOf ?? localDateOf(deps.now())
        const { table } = await statementView(deps.store, deps.terms.at(asOf), asOf, query.lang)
        c.header('Content-Disposition', exportDisposition(table, asOf, query.format))
        if (query.format === 'csv')
          return c.body(statementCsv(table), 200, { 'content-type': 'text/csv; charset=utf-8' })
        return c.body(new Uint8Array(await statementXlsx(table)), 200, { 'content-type': XLSX_TYPE })
      })
  )
}
