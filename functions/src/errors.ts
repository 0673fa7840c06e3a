/**
 * The one place errors become HTTP responses. Handlers throw; this maps.
 *
 * Every body has the `ApiError` shape; a client never sees a stack or an SDK message.
 */
import type { ApiError } from '@hotline/domain'
import type { ConflictError, MissingItemError } from '@hotline/store'
import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ZodError } from 'zod'
import type { Logger } from './logger'
import {
  BadRequestError,
  IdempotencyKeyReusedError,
  NotFoundError,
  RateLimitedError,
  TransitionError,
} from './problems'

export function errorBody(code: string, message: string, fields?: ApiError['error']['fields']): ApiError {
  return { error: { code, message, ...(fields ? { fields } : {}) } }
}

/** The body with its Chinese message, when there is one. */
const withZh = (body: ApiError, messageZh: string | undefined): ApiError =>
  messageZh ? { error: { ...body.error, messageZh } } : body

/** Zod issues as `{ path, message }`, the path dotted (`items.0.phone`), `(body)` for the root. */
export function zodFields(error: ZodError): NonNullable<ApiError['error']['fields']> {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }))
}

/** A 400 naming every invalid field, first one in the message. */
export function validationFailed(c: Context, error: ZodError) {
  const fields = zodFields(error)
  const first = fields[0]
  const message = first ? `invalid ${first.path}: ${first.message}` : 'invalid request'
  return c.json(errorBody('validation_failed', message, fields), 400)
}

export function errorHandler(logger: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof HTTPException) {
      return c.json(
        errorBody(codeFor(err.status), err.message || 'request refused'),
        err.status as ContentfulStatusCode,
      )
    }
    if (err instanceof ZodError) return validationFailed(c, err)
    if (err instanceof BadRequestError) {
      const body = errorBody(err.rule?.code ?? 'validation_failed', err.message, [
        { path: err.field, message: err.message },
      ])
      return c.json(withZh(body, err.rule?.zh), 400)
    }
    if (err instanceof NotFoundError) return c.json(errorBody('not_found', err.message), 404)
    if (err instanceof TransitionError) {
      return c.json(withZh(errorBody(err.code, err.reason.en), err.reason.zh), 409)
    }
    if (err instanceof IdempotencyKeyReusedError) {
      const body = errorBody('idempotency_key_reused', err.message, [
        { path: 'idempotency-key', message: err.message },
      ])
      return c.json(withZh(body, '这个请求标识已用于另一份内容不同的提交，请重新提交'), 422)
    }
    if (err instanceof RateLimitedError) {
      c.header('Retry-After', String(err.retryAfterSeconds))
      return c.json(errorBody('rate_limited', err.message), 429)
    }
    if (err.name === 'ConflictError') {
      const { code, messageZh } = err as ConflictError
      return c.json(withZh(errorBody(code ?? 'conflict', err.message), messageZh), 409)
    }
    if (err.name === 'MissingItemError') {
      const { code, messageZh } = err as MissingItemError
      return c.json(withZh(errorBody(code, err.message), messageZh), 404)
    }
    if (err.name === 'InvalidCursorError') {
      return c.json(
        errorBody('validation_failed', err.message, [{ path: 'cursor', message: err.message }]),
        400,
      )
    }
    logger.error('unhandled error', { route: c.req.routePath, errorName: err.name, error: err })
    return c.json(errorBody('internal', 'internal error'), 500)
  }
}

export const notFoundHandler: NotFoundHandler = (c) =>
  c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404)

function codeFor(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request'
    case 401:
      return 'unauthorized'
    case 403:
      return 'forbidden'
    case 404:
      return 'not_found'
    case 409:
      return 'conflict'
    case 413:
      return 'payload_too_large'
    case 429:
      return 'rate_limited'
    default:
      return status >= 500 ? 'internal' : 'bad_request'
  }
}
