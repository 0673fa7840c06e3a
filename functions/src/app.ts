/**
 * The HTTP API as a Hono app, built from its ports. The Lambda handler and the local server wrap
 * the same app; tests drive it with `app.request()` in-process.
 */
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createApiKeyVerifier } from './auth/api-keys'
import type { LocalIssuer } from './auth/local-issuer'
import { type AuthEnv, authenticate } from './auth/middleware'
import { requireOrigin } from './auth/origin'
import type { Verifier } from './auth/verifier'
import type { Core } from './compose'
import { requestCorrelation } from './correlation'
import { errorBody, errorHandler, notFoundHandler } from './errors'
import type { SmsSender } from './intake/ports'
import type { IntakeDeps } from './intake/usecases'
import type { Vault } from './intake/vault'
import type { WeChatConfig } from './intake/wechat'
import { requestLog } from './logger'
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
import { settingsRoutes } from './routes/settings'
import { submissionRoutes } from './routes/submissions'
import { ticketRoutes } from './routes/tickets'
import { webhookRoutes } from './routes/webhooks'

/**
 * The composition root's core (`compose.ts`: store, clock, logger, metrics, the calendar and the
 * terms in force from Settings) and the API's adapters.
 */
export type AppDeps = Core & {
  version: string
  vault: Vault
  sms: SmsSender
  auth: { verifier: Verifier | null; localIssuer: LocalIssuer | null }
  /** Secrets of the provider webhooks; a provider left unconfigured answers 401/404. */
  webhooks: { smsToken: string | null; wechat: WeChatConfig | null }
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
/**
 * What a Lambda can take: its event is at most 6 MB, envelope included. Larger files go through
 * `pnpm hotline import`, which sends 4 MiB chunks at most (`cli/import.ts`).
 */
const MAX_IMPORT_BYTES = 4.5 * 1024 * 1024

/** What the middleware in front of every API route needs (the export function has no more). */
export type MiddlewareDeps = Pick<
  AppDeps,
  'store' | 'logger' | 'metrics' | 'auth' | 'settings' | 'originSecrets'
>

/**
 * The middleware every API route runs behind, whichever function serves it (the API, or the
 * statement export: `export-app.ts`): request id (`correlation.ts`), request log, metrics flush,
 * CloudFront's origin secret, body limits, authentication, the calendar and the terms refreshed
 * from Settings.
 */
export function apiMiddleware(deps: MiddlewareDeps) {
  // The request's id first: every later line of the request, and every response, carries it.
  const app = new Hono<AuthEnv>()
    .use('/api/*', requestCorrelation())
    .use('/api/*', requestLog(deps.logger))
    .use('/api/*', async (_c, next) => {
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
      await deps.settings.refresh()
      return next()
    })
}

/**
 * API routes under `/api/v1`, without error or not-found handling (see `createApp`). The statement
 * and its export are not among them: they have their own function on AWS (`export-app.ts`), and
 * the local server adds them (`statementRoutes`).
 */
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
  return apiMiddleware(deps)
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
    .route('/api/v1', settingsRoutes(routeDeps))
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
