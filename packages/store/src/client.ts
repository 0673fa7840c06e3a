/**
 * DocumentClient factory and the `Store` handle every repository takes.
 *
 * The same code talks to DynamoDB on AWS (no endpoint: the SDK's default chain)
 * and to the embedded engine locally (an explicit loopback endpoint, dummy credentials).
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

export type Engine = 'dynamodb' | 'dynalite'

export type ClientOptions = {
  /** Override endpoint, e.g. `http://127.0.0.1:4567` for the embedded engine. Unset on AWS. */
  endpoint?: string | undefined
  region?: string | undefined
  /** Applied once to the low-level client (tracing on AWS); the document client shares its middleware. */
  instrument?: Instrument | undefined
  /** The transport to an endpoint; the embedded engine's store hands requests to it in process. */
  requestHandler?: DynamoDBClientConfig['requestHandler'] | undefined
}

/** What every repository function receives: the client, the table, and which engine is behind it. */
export type Store = {
  readonly doc: DynamoDBDocumentClient
  readonly tableName: string
  readonly engine: Engine
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

/**
 * Wraps the low-level client before the store uses it, e.g. Powertools Tracer's
 * `captureAWSv3Client` on AWS: one X-Ray subsegment per DynamoDB call. The store knows no tracer.
 */
export type Instrument = <T>(client: T) => T

/** A low-level client; with an endpoint it is configured for the embedded engine. */
export function createDynamoClient({
  endpoint,
  region,
  instrument,
  requestHandler,
}: ClientOptions = {}): DynamoDBClient {
  const client = new DynamoDBClient(
    endpoint
      ? {
          endpoint,
          region: region ?? 'local',
          credentials: LOCAL_CREDENTIALS,
          maxAttempts: 3,
          ...(requestHandler ? { requestHandler, signer: { sign: async <R>(request: R) => request } } : {}),
        }
      : region
        ? { region }
        : {},
  )
  return instrument ? instrument(client) : client
}

/**
 * A DocumentClient: plain JS values in and out, `undefined` attributes dropped
 * (a zod-parsed optional field must not become a marshalling error).
 */
export function createDocumentClient(options: ClientOptions = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoClient(options), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  })
}

/** Builds the `Store` handle; the engine is named by the caller that knows it. */
export function createStore(options: ClientOptions & { tableName: string; engine?: Engine }): Store {
  return {
    doc: createDocumentClient(options),
    tableName: options.tableName,
    engine: options.engine ?? (options.endpoint ? 'dynalite' : 'dynamodb'),
  }
}
