/**
 * One id per HTTP request, for following it from a user's report or an alarm to its log lines:
 * API Gateway's request id on AWS, else a well-formed `X-Request-Id` the caller sent, else a fresh
 * one. Every log line of the request carries it as `correlation_id`, and every response — problem
 * responses included — returns it as `X-Request-Id`.
 */
import type { MiddlewareHandler } from 'hono'
import { withCorrelationId } from './logger'

export const REQUEST_ID_HEADER = 'X-Request-Id'

/** What a caller's id may be: short, and nothing a log viewer or a header could misread. */
const WELL_FORMED = /^[A-Za-z0-9._:=-]{1,128}$/

/** The id of a request: API Gateway's, the caller's if well-formed, or a new UUID. */
export function requestIdOf(apiGatewayId: string | undefined, header: string | undefined): string {
  if (apiGatewayId) return apiGatewayId
  if (header && WELL_FORMED.test(header)) return header
  return crypto.randomUUID()
}

/** The request id API Gateway put in the Lambda event (`hono/aws-lambda` passes it as `c.env.event`). */
function apiGatewayRequestId(env: unknown): string | undefined {
  const event = (env as { event?: { requestContext?: { requestId?: unknown } } } | undefined)?.event
  const id = event?.requestContext?.requestId
  return typeof id === 'string' ? id : undefined
}

/** Runs the rest of the chain with the request's id in scope, then returns it as `X-Request-Id`. */
export function requestCorrelation(): MiddlewareHandler {
  return async (c, next) => {
    const id = requestIdOf(apiGatewayRequestId(c.env), c.req.header(REQUEST_ID_HEADER))
    await withCorrelationId(id, next)
    c.header(REQUEST_ID_HEADER, id)
  }
}
