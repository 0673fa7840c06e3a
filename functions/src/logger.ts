/** Structured JSON logs (Powertools). Never log a phone number, message text or request body. */
import { AsyncLocalStorage } from 'node:async_hooks'
import { Logger, type LogItem } from '@aws-lambda-powertools/logger'
import type { LogItemExtraInput, LogItemMessage } from '@aws-lambda-powertools/logger/types'
import type { MiddlewareHandler } from 'hono'

export type { Logger }

/** The correlation id of the request, job run or SMS being handled, across its awaits. */
const correlation = new AsyncLocalStorage<string>()

/**
 * Runs `work` with `id` as the `correlation_id` of every line any logger writes meanwhile. Scoped
 * by async context rather than set on the logger (`logger.setCorrelationId`), because the local
 * server serves concurrent requests with one logger: a key on the logger would mislabel lines.
 */
export function withCorrelationId<T>(id: string, work: () => T): T {
  return correlation.run(id, work)
}

/** The id `withCorrelationId` set for the work in progress, if any. */
export function currentCorrelationId(): string | undefined {
  return correlation.getStore()
}

/** A Powertools logger whose lines carry the correlation id in scope (an explicit one wins). */
class CorrelatedLogger extends Logger {
  protected override createAndPopulateLogItem(
    logLevel: number,
    input: LogItemMessage,
    extraInput: LogItemExtraInput,
  ): LogItem {
    const id = correlation.getStore()
    // Powertools reads each extra item in turn (an error, a string or attributes), whatever the mix.
    const extra =
      id === undefined ? extraInput : ([{ correlation_id: id }, ...extraInput] as LogItemExtraInput)
    return super.createAndPopulateLogItem(logLevel, input, extra)
  }
}

/** A JSON logger for one function (`service`: `hotline-api`, `hotline-sms`, `hotline-jobs` …). */
export function createLogger(options: { silent?: boolean; service?: string } = {}): Logger {
  return new CorrelatedLogger({
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
