import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { HealthResponse } from '@hotline/domain'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { mockClient } from 'aws-sdk-client-mock'
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../src/logger'
import { TEST_SECRETS, testApp } from './support/app'
import { capturedLogs } from './support/logs'

let local: LocalStore
// Secrets Manager cannot run here: the one AWS service this test mocks.
const secretsManager = mockClient(SecretsManagerClient)

beforeAll(async () => {
  // handler.ts parses its environment and reads its secret at import, as in Lambda.
  vi.stubEnv('TABLE_NAME', 'hotline-prod')
  vi.stubEnv('AWS_REGION', 'cn-northwest-1')
  vi.stubEnv('SECRET_ARN', 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:hotline-api')
  vi.stubEnv('AUTH_ISSUER', 'https://cognito-idp.cn-northwest-1.amazonaws.com.cn/cn-northwest-1_example')
  vi.stubEnv('AUTH_CLIENT_IDS', 'client-a, client-b')
  secretsManager.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(TEST_SECRETS) })
  local = await startLocalStore()
})
afterAll(async () => {
  vi.unstubAllEnvs()
  secretsManager.restore()
  await local.close()
})

function httpApiEvent(
  method: string,
  path: string,
  { requestId = 'req-1', headers = {} }: { requestId?: string; headers?: Record<string, string> } = {},
): LambdaEvent {
  return {
    version: '2.0',
    routeKey: 'ANY /api/{proxy+}',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example', accept: 'application/json', ...headers },
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      authentication: null,
      authorizer: {},
      apiId: 'api',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'vitest' },
      requestId,
      routeKey: 'ANY /api/{proxy+}',
      stage: '$default',
      time: '09/Oct/2026:07:00:00 +0000',
      timeEpoch: 1791529200000,
    },
  }
}

const context = (awsRequestId: string): LambdaContext => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'hotline-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws-cn:lambda:cn-northwest-1:123456789012:function:hotline-api',
  memoryLimitInMB: '1024',
  awsRequestId,
  logGroupName: '/aws/lambda/hotline-api',
  logStreamName: '2026/10/09/[$LATEST]abc',
  getRemainingTimeInMillis: () => 30_000,
})

describe('Lambda handler (HTTP API payload v2)', () => {
  it('builds the deployed handler from its environment and its secret at import', async () => {
    const mod = await import('../src/handler')
    expect(mod.handler).toBeTypeOf('function')
    expect(secretsManager.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toMatchObject({
      SecretId: 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:hotline-api',
    })
  })

  it('answers the health route through the adapter with the embedded store', async () => {
    const { createHandler } = await import('../src/handler')
    const { deps } = await testApp({ store: local.store, now: () => new Date('2026-10-09T07:00:00Z') })
    const handler = createHandler({ ...deps, version: 'lambda' })
    const result = await handler(httpApiEvent('GET', '/api/v1/health'), {} as LambdaContext)
    expect(result.statusCode).toBe(200)
    expect(result.headers?.['content-type']).toMatch(/application\/json/)
    const body = HealthResponse.parse(JSON.parse(result.body ?? ''))
    expect(body).toMatchObject({
      status: 'ok',
      version: 'lambda',
      table: { name: 'hotline', engine: 'dynalite' },
    })
  })

  it('logs each invocation with its own Lambda request id and API Gateway’s request id', async () => {
    const { createHandler } = await import('../src/handler')
    const { deps } = await testApp({ store: local.store, logger: createLogger() })
    const handler = createHandler({ ...deps, version: 'lambda' })
    const logs = capturedLogs()
    try {
      const first = await handler(
        httpApiEvent('GET', '/api/v1/health', {
          requestId: 'gw-1',
          headers: { 'x-request-id': 'caller-chosen' },
        }),
        context('lambda-1'),
      )
      const second = await handler(
        httpApiEvent('GET', '/api/v1/health', {
          requestId: 'gw-2',
          headers: { 'x-request-id': 'caller-chosen' },
        }),
        context('lambda-2'),
      )
      expect([first.headers?.['x-request-id'], second.headers?.['x-request-id']]).toEqual(['gw-1', 'gw-2'])
    } finally {
      logs.restore()
    }
    const lines = logs.lines.filter((line) => line.message === 'request')
    expect(lines.map((l) => [l.function_request_id, l.function_name, l.correlation_id])).toEqual([
      ['lambda-1', 'hotline-api', 'gw-1'],
      ['lambda-2', 'hotline-api', 'gw-2'],
    ])
  })
})
