/**
 * An HTTP function's Lambda handler (API Gateway HTTP API, payload v2) around a Hono app: each
 * invocation's log lines carry its Lambda context (`function_request_id`, cold start), as the middy
 * functions' do through `injectLambdaContext`. One wrapper for the API and the statement export.
 */
import type { Context } from 'aws-lambda'
import type { Hono } from 'hono'
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda'
import type { Logger } from './logger'

// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env and routes.
export function httpHandler(app: Hono<any, any, any>, logger: Logger) {
  const handler = handle(app)
  return (event: LambdaEvent, context: LambdaContext) => {
    // Lambda passes a full `Context`; Hono's type omits the deprecated callbacks, which go unread.
    logger.addContext(context as Context)
    return handler(event, context)
  }
}
