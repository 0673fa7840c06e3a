/**
 * The API Lambda's log lines carry the invocation's Lambda context (`function_request_id`) and API
 * Gateway's request id as their correlation id, which the response returns as `X-Request-Id`.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { mockClient } from 'aws-sdk-client-mock'
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../src/logger'
import { TEST_SECRETS, testApp } from './support/app'
import { capturedLogs } from './support/logs'

let local: LocalStore
const secretsManager = mockClient(SecretsManagerClient)

beforeAll(async () => {
  // handler.ts parses its environment and reads its secret at import, as in Lambda.
  vi.stubEnv('TABLE_NAME', 'hotline-prod')
  vi.stubEnv('AWS_REGION', 'cn-northwest-1')
  vi.stubEnv('SECRET_ARN', 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:hotline-api')
  vi.stubEnv('AUTH_ISSUER', 'https://cognito-idp.cn-northwest-1.amazonaws.com.cn/cn-northwest-1_example')
  vi.stubEnv('AUTH_CLIENT_IDS', 'client-a')
  secretsManager.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(TEST_SECRETS) })
  local = await startLocalStore()
})
afterAll(async () => {
  vi.unstubAllEnvs()
  secretsManager.restore()
  await local.close()
})

const event = (requestId: string): LambdaEvent => ({
  version: '2.0',
  routeKey: 'ANY /api/{proxy+}',
  rawPath: '/api/v1/health',
  rawQueryString: '',
  headers: { host: 'api.example', accept: 'application/json', 'x-request-id': 'caller-chosen' },
  body: null,
  isBase64Encoded: false,
  requestContext: {
    accountId: '123456789012',
    authentication: null,
    authorizer: {},
    apiId: 'api',
    domainName: 'api.example',
    domainPrefix: 'api',
    http: {
      method: 'GET',
      path: '/api/v1/health',
      protocol: 'HTTP/1.1',
      sourceIp: '203.0.113.9',
      userAgent: 'vitest',
    },
    requestId,
    routeKey: 'ANY /api/{proxy+}',
    stage: '$default',
    time: '09/Oct/2026:07:00:00 +0000',
    timeEpoch: 1791529200000,
  },
})

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

describe('API Lambda handler', () => {
  it('logs each invocation with its own Lambda request id and API Gateway’s request id', async () => {
    const { createHandler } = await import('../src/handler')
    const { deps } = await testApp({ store: local.store, logger: createLogger() })
    const handler = createHandler({ ...deps, version: 'lambda' })
    const logs = capturedLogs()
    try {
      const first = await handler(event('gw-1'), context('lambda-1'))
      const second = await handler(event('gw-2'), context('lambda-2'))
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
