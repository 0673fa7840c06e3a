/** Lambda entry for the HTTP API (API Gateway HTTP API, payload v2). */
import { createStore } from '@hotline/store'
import { handle } from 'hono/aws-lambda'
import { createApp } from './app'
import { LambdaEnv, parseEnv } from './env'
import { createLogger } from './logger'

const env = parseEnv(LambdaEnv)

export const handler = handle(
  createApp({
    store: createStore({ tableName: env.TABLE_NAME, region: env.AWS_REGION, engine: 'dynamodb' }),
    logger: createLogger(),
    version: env.APP_VERSION,
    now: () => new Date(),
  }),
)
