/**
 * Lambda entry for the statement export (`GET /api/v1/statement/export`, CSV and XLSX): the XLSX
 * writer's ~890 KB is loaded here, on export, never by the API's cold start (docs/lambda-bundles.md).
 * It reads the table and authenticates as the API does; it reads no secret but the origin's.
 */
import { handle } from 'hono/aws-lambda'
import { lambdaAuth } from './auth/lambda-auth'
import { awsStore, composeCore } from './compose'
import { LambdaEnv, parseEnv } from './env'
import { createExportApp } from './export-app'
import { powertoolsMetrics } from './metrics'

/** The export function's environment: the API's, less the app secret and the SMS sender. */
const ExportEnv = LambdaEnv.pick({
  TABLE_NAME: true,
  AWS_REGION: true,
  AUTH_ISSUER: true,
  AUTH_CLIENT_IDS: true,
  ORIGIN_SECRET_ARN: true,
})

const env = parseEnv(ExportEnv)
// It serves an API route: it logs and counts as the API does.
const core = composeCore({
  store: awsStore(env),
  service: 'hotline-api',
  metrics: powertoolsMetrics('hotline-api'),
})

export const handler = handle(createExportApp({ ...core, ...lambdaAuth(env, core.now) }))
