/** Structured JSON logs (Powertools). Never log a phone number, message text or request body. */
import { Logger } from '@aws-lambda-powertools/logger'
import type { MiddlewareHandler } from 'hono'

export type { Logger }

/** A JSON logger for one function (`service`: `hotline-api`, `hotline-sms`, `hotline-jobs` …). */
export function createLogger(options: { silent?: boolean; service?: string } = {}): Logger {
  return new Logger({
    serviceName: options.service ?? 'hotline-api',
    ...(options.silent ? { logLevel: 'SILENT' } : {}),
  })
}

/** One line per request: method, matched route (not the raw URL: queries may carry a phone), status, ms. */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    await next()
    logger.info('request', {
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    })
  }
}
