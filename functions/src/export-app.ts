/**
 * The statement and its export apart from the API (docs/lambda-bundles.md): on AWS their own
 * function (`export-main.ts`, the only one that loads the XLSX writer), to which API Gateway sends
 * `GET /api/v1/statement` and `GET /api/v1/statement/export`; locally and in tests, mounted beside
 * the API at the same URLs.
 */
import { Hono, type Schema } from 'hono'
import { type AppDeps, apiMiddleware, createApiRoutes, type MiddlewareDeps } from './app'
import type { AuthEnv } from './auth/middleware'
import { errorHandler, notFoundHandler } from './errors'
import type { Logger } from './logger'
import { type ExportDeps, statementRoutes } from './routes/statement-export'

/** `routes` with the API's one error mapping and JSON 404s, as every deployed app has them. */
function withErrors<S extends Schema>(routes: Hono<AuthEnv, S, '/'>, logger: Logger): Hono {
  const app = new Hono().route('/', routes)
  app.notFound(notFoundHandler)
  app.onError(errorHandler(logger))
  return app
}

/** The export function's app: the API's middleware (origin secret, authentication, limits), the statement and its export. */
export function createExportApp(deps: MiddlewareDeps & ExportDeps) {
  return withErrors(apiMiddleware(deps).route('/api/v1', statementRoutes(deps)), deps.logger)
}

/** Every API route and the export in one URL space, as API Gateway routes them: the local server's. */
export function apiRoutesWithExport(deps: AppDeps) {
  return createApiRoutes(deps).route('/api/v1', statementRoutes(deps))
}

/** The API and the export as one app (tests drive it in-process, as they drive `createApp`). */
export function createAppWithExport(deps: AppDeps) {
  return withErrors(apiRoutesWithExport(deps), deps.logger)
}
