/**
 * The HTTP API as a Hono app, built from its ports. The Lambda handler and the local server wrap
 * the same app; tests drive it with `app.request()` in-process.
 */
import type { Calendar, ContractTerms } from '@hotline/domain'
import type { Store } from '@hotline/store'
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createApiKeyVerifier } from './auth/api-keys'
import type { LocalIssuer } from './auth/local-issuer'
import { type AuthEnv, authenticate } from './auth/middleware'
import { requireOrigin } from './auth/origin'
import type { Verifier } from './auth/verifier'
import type { CalendarSource } from './config/calendar'
import { errorBody, errorHandler, notFoundHandler } from './errors'
import type { SmsSender } from './intake/ports'
import type { IntakeDeps } from './intake/usecases'
import type { Vault } from './intake/vault'
import type { WeChatConfig } from './intake/wechat'
import { type Logger, requestLog } from './logger'
import type { AppMetrics } from './metrics'
import { authRoutes } from './routes/auth'
import { directoryRoutes } from './routes/directory'
import { healthRoutes } from './routes/health'
import { importRoutes } from './routes/import'
import { jobRoutes } from './routes/jobs'
import { lookupRoutes } from './routes/lookup'
import { monthRoutes } from './routes/months'
import { outboxRoutes } from './routes/outbox'
import { recordRoutes } from './routes/records'
import { reviewRoutes } from './routes/review'
import { submissionRoutes } from './routes/submissions'
import { ticketRoutes } from './routes/tickets'
import { webhookRoutes } from './routes/webhooks'

export type AppDeps = {
  store: Store
  logger: Logger
  version: string
  /** The clock; tests pass a fixed one. */
  now: () => Date
  terms: ContractTerms
  /** Working days with 调休 (built-in years plus those loaded): `calendarSource.calendar`. */
  calendar: Calendar
  calendarSource: CalendarSource
  vault: Vault
  sms: SmsSender
  auth: { verifier: Verifier | null; localIssuer: LocalIssuer | null }
  /** Secrets of the provider webhooks; a provider left unconfigured answers 401/404. */
  webhooks: { smsToken: string | null; wechat: WeChatConfig | null }
  /** Business figures for CloudWatch (none locally); flushed after each request. */
  metrics: AppMetrics
  /** The caller's address for rate limits (the viewer's behind CloudFront, or the socket's). */
  clientAddress: (c: Context) => string
  /**
   * On AWS, the values CloudFront may send as `X-Origin-Verify` (the current one, and the previous
   * during a rotation): requests without one get 403.
   */
  originSecrets?: (() => Promise<readonly string[]>) | undefined
}

/** What route modules receive: the app's ports plus the intake use cases' view of them. */
export type RouteDeps = AppDeps & { intake: IntakeDeps }

const MAX_BODY_BYTES = 256 * 1024
/** API Gateway's own limit; larger files go through `pnpm hotline import`, which sends chunks. */
const MAX_IMPORT_BYTES = 10 * 1024 * 1024

/** API routes under `/api/v1`, without error or not-found handling (see `createApp`). */
export function createApiRoutes(deps: AppDeps) {
  const routeDeps: RouteDeps = {
    ...deps,
    intake: {
      store: deps.store,
      calendar: deps.calendar,
      vault: deps.vault,
      sms: deps.sms,
      terms: deps.terms,
      now: deps.now,
      logger: deps.logger,
      metrics: deps.metrics,
    },
  }
  const app = new Hono<AuthEnv>().use('/api/*', requestLog(deps.logger)).use('/api/*', async (_c, next) => {
    try {
      await next()
    } finally {
      deps.metrics.flush()
    }
  })
  if (deps.originSecrets) app.use('/api/*', requireOrigin(deps.originSecrets))
  return app
    .use('/api/*', async (c, next) => {
      const maxSize = c.req.path === '/api/v1/import' ? MAX_IMPORT_BYTES : MAX_BODY_BYTES
      return bodyLimit({
        maxSize,
        onError: (c) => c.json(errorBody('payload_too_large', `request body over ${maxSize} bytes`), 413),
      })(c, next)
    })
    .use('/api/*', authenticate(deps.auth.verifier, createApiKeyVerifier(deps.store)))
    .use('/api/*', async (_c, next) => {
      await deps.calendarSource.refresh()
      return next()
    })
    .route('/api/v1', healthRoutes(deps))
    .route('/api/v1', authRoutes(routeDeps))
    .route('/api/v1', submissionRoutes(routeDeps))
    .route('/api/v1', webhookRoutes(routeDeps))
    .route('/api/v1', ticketRoutes(routeDeps))
    .route('/api/v1', outboxRoutes(routeDeps))
    .route('/api/v1', recordRoutes(routeDeps))
    .route('/api/v1', lookupRoutes(routeDeps))
    .route('/api/v1', directoryRoutes(routeDeps))
    .route('/api/v1', importRoutes(routeDeps))
    .route('/api/v1', jobRoutes(routeDeps))
    .route('/api/v1', reviewRoutes(routeDeps))
    .route('/api/v1', monthRoutes(routeDeps))
}

export type ApiRoutes = ReturnType<typeof createApiRoutes>

/** The API as deployed: routes plus the one error mapping and JSON 404s. */
export function createApp(deps: AppDeps) {
  const app = new Hono().route('/', createApiRoutes(deps))
  app.notFound(notFoundHandler)
  app.onError(errorHandler(deps.logger))
  return app
}
