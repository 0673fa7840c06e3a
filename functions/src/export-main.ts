/**
 * Lambda entry for the statement export (`GET /api/v1/statement/export`, CSV and XLSX): the XLSX
 * writer's ~890 KB is loaded here, on export, never by the API's cold start (docs/lambda-bundles.md).
 * It reads the table and authenticates as the API does; it reads no secret but the origin's.
 */
import { lambdaAuth } from './auth/lambda-auth'
import { LambdaEnv, parseEnv } from './env'
import { createExportApp } from './export-app'
import { lambdaCore } from './lambda-core'
import { httpHandler } from './lambda-http'

/** The export function's environment: the API's, less the app secret and the SMS sender. */
const ExportEnv = LambdaEnv.pick({
  TABLE_NAME: true,
  AWS_REGION: true,
  AUTH_ISSUER: true,
  AUTH_CLIENT_IDS: true,
  ORIGIN_SECRET_ARN: true,
})

const env = parseEnv(ExportEnv)
const { core, traced } = lambdaCore(env, 'hotline-export')

export const handler = httpHandler(
  createExportApp({ ...core, ...lambdaAuth(env, core.now, traced) }),
  core.logger,
)
