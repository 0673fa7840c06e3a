/**
 * What every Lambda entry builds first, in one place: the composition root's core on the AWS table
 * (`compose.ts`), with its SDK clients traced by X-Ray and its metrics in CloudWatch, both under the
 * function's service name; and the app secret the API and the SMS function read at init. The
 * entries (`handler.ts`, `sns-main.ts`, `jobs-main.ts`, `export-main.ts`) add only their adapters.
 * Lambda-only: the local server and the tests compose without tracing or CloudWatch.
 */

import { getSecret } from '@aws-lambda-powertools/parameters/secrets'
import type { Instrument } from '@hotline/store'
import { awsStore, type Core, composeCore, type ServiceName } from './compose'
import { AppSecrets } from './config/secrets'
import { powertoolsMetrics } from './metrics'
import { awsTracing } from './tracing'

export type LambdaService = Exclude<ServiceName, 'hotline-local'>

/** The core of a Lambda function named `service`, and the instrument that traces its other SDK clients. */
export function lambdaCore(
  env: { TABLE_NAME: string; AWS_REGION: string },
  service: LambdaService,
): { core: Core; traced: Instrument } {
  const traced = awsTracing(service)
  const core = composeCore({ store: awsStore(env, traced), service, metrics: powertoolsMetrics(service) })
  return { core, traced }
}

/** The app secret (vault keys, SMS callback token, WeChat settings), cached five minutes by Powertools. */
export async function appSecrets(env: { SECRET_ARN: string }): Promise<AppSecrets> {
  return AppSecrets.parse(await getSecret(env.SECRET_ARN, { transform: 'json', maxAge: 300 }))
}
