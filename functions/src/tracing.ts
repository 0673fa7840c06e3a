/**
 * X-Ray tracing of the AWS SDK calls a Lambda makes (Powertools Tracer): one subsegment per
 * DynamoDB, Secrets Manager … call under the invocation's segment, so the service map shows where
 * a slow request or job run spent its time. Imported by the Lambda entries only: the Tracer loads
 * `aws-xray-sdk-core` (shipped in the SDK layer, not in the bundles), which local mode never needs.
 * The Tracer turns itself off outside Lambda and when `POWERTOOLS_TRACE_ENABLED=false`.
 */
import { Tracer } from '@aws-lambda-powertools/tracer'
import type { Instrument } from '@hotline/store'
import type { ServiceName } from './compose'

/** Wraps an AWS SDK v3 client so each of its calls is traced under `service`'s segment. */
export function awsTracing(service: ServiceName): Instrument {
  const tracer = new Tracer({ serviceName: service })
  return (client) => tracer.captureAWSv3Client(client)
}
