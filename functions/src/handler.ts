/** Lambda entry for the HTTP API (API Gateway HTTP API, payload v2). */
import { createStore } from '@hotline/store'
import { handle } from 'hono/aws-lambda'
import { type AppDeps, createApp } from './app'
import { LambdaEnv, parseEnv } from './env'
import { createLogger } from './logger'

/** The Lambda handler for an app built from `deps` (tests pass the embedded store). */
export const createHandler = (deps: AppDeps) => handle(createApp(deps))

const env = parseEnv(LambdaEnv)

export const handler = createHandler({
  store: createStore({ tableName: env.TABLE_NAME, region: env.AWS_REGION, engine: 'dynamodb' }),
  logger: createLogger(),
  version: env.APP_VERSION,
  now: () => new Date(),
})
