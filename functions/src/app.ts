/**
 * The HTTP API as a Hono app, built from its ports. The Lambda handler and the local
 * server wrap the same app; tests drive it with `app.request()` in-process.
 */
import type { Store } from '@hotline/store'
import { Hono } from 'hono'
import { errorHandler, notFoundHandler } from './errors'
import { type Logger, requestLog } from './logger'
import { healthRoutes } from './routes/health'

export type AppDeps = {
  store: Store
  logger: Logger
  version: string
  /** The clock; tests pass a fixed one. */
  now: () => Date
}

/** API routes under `/api/v1`, without error or not-found handling (see `createApp`). */
export function createApiRoutes(deps: AppDeps) {
  return new Hono().use('/api/*', requestLog(deps.logger)).route('/api/v1', healthRoutes(deps))
}

export type ApiRoutes = ReturnType<typeof createApiRoutes>

/** The API as deployed: routes plus the one error mapping and JSON 404s. */
export function createApp(deps: AppDeps) {
  const app = new Hono().route('/', createApiRoutes(deps))
  app.notFound(notFoundHandler)
  app.onError(errorHandler(deps.logger))
  return app
}
