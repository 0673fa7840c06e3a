/**
 * Issue 11: on AWS only CloudFront may call the API (its secret origin header), the caller's
 * address comes from CloudFront's header only then, and a token issued in the future is refused.
 */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import { createApp } from '@hotline/functions/app'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { mockClient } from 'aws-sdk-client-mock'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { originSecretsFrom, viewerAddress } from '../src/auth/origin'
import { MAX_CLOCK_SKEW_SECONDS } from '../src/auth/verifier'
import { testApp } from './support/app'

let local: LocalStore
let t: Awaited<ReturnType<typeof testApp>>
const NOW = new Date('2026-10-09T02:00:00.000Z')

beforeAll(async () => {
  local = await startLocalStore()
  t = await testApp({ store: local.store, now: () => NOW })
})
afterAll(async () => {
  await local.close()
})

describe('tokens', () => {
  const me = async (issuedAt: Date) =>
    t.app.request('/api/v1/auth/me', {
      headers: { authorization: `Bearer ${await t.deps.auth.localIssuer?.tokenFor('reviewer', issuedAt)}` },
    })

  it('refuses a token issued beyond the clock skew in the future with 401', async () => {
    const ahead = new Date(NOW.getTime() + 10 * 60_000)
    expect((await me(ahead)).status).toBe(401)
  })

  it('accepts a token issued within the skew ahead, and one issued now', async () => {
    const slightlyAhead = new Date(NOW.getTime() + (MAX_CLOCK_SKEW_SECONDS - 5) * 1000)
    expect((await me(slightlyAhead)).status).toBe(200)
    expect((await me(NOW)).status).toBe(200)
  })
})

describe('the origin guard', () => {
  const guarded = () =>
    createApp({
      ...t.deps,
      originSecrets: async () => ['origin-secret-0123456789', 'origin-secret-previous-01'],
    })

  it('refuses a request without CloudFront’s origin header, or with a wrong one, with 403', async () => {
    const app = guarded()
    const bare = await app.request('/api/v1/health')
    expect(bare.status).toBe(403)
    expect(await bare.json()).toMatchObject({ error: { code: 'forbidden' } })
    const wrong = await app.request('/api/v1/health', {
      headers: { 'x-origin-verify': 'origin-secret-012345678X' },
    })
    expect(wrong.status).toBe(403)
    const submission = await app.request('/api/v1/submissions/web', { method: 'POST' })
    expect(submission.status).toBe(403)
  })

  it('serves a request that carries it, or the previous value while a rotation reaches CloudFront', async () => {
    for (const secret of ['origin-secret-0123456789', 'origin-secret-previous-01']) {
      const res = await guarded().request('/api/v1/health', { headers: { 'x-origin-verify': secret } })
      expect(res.status).toBe(200)
    }
  })

  it('has no guard where no secret is configured (local mode)', async () => {
    expect((await t.app.request('/api/v1/health')).status).toBe(200)
  })

  it('accepts the current value and, after a rotation, the previous one; only the current before any', async () => {
    const secretId = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:origin'
    const sm = mockClient(SecretsManagerClient)
    try {
      const notFound = new ResourceNotFoundException({ message: 'no AWSPREVIOUS', $metadata: {} })
      sm.on(GetSecretValueCommand, { SecretId: secretId, VersionStage: 'AWSCURRENT' }).resolves({
        SecretString: 'only-value',
      })
      sm.on(GetSecretValueCommand, { SecretId: secretId, VersionStage: 'AWSPREVIOUS' }).rejects(notFound)
      let clock = 0
      const secrets = originSecretsFrom(new SecretsManagerClient({ region: 'ap-east-1' }), secretId, {
        now: () => clock,
      })
      expect(await secrets()).toEqual(['only-value'])

      // Rotated: both stages, each read by its own name; cached for five minutes.
      sm.on(GetSecretValueCommand, { SecretId: secretId, VersionStage: 'AWSCURRENT' }).resolves({
        SecretString: 'new-value',
      })
      sm.on(GetSecretValueCommand, { SecretId: secretId, VersionStage: 'AWSPREVIOUS' }).resolves({
        SecretString: 'only-value',
      })
      expect(await secrets()).toEqual(['only-value'])
      clock += 300_000
      expect(await secrets()).toEqual(['new-value', 'only-value'])
      expect(await secrets()).toEqual(['new-value', 'only-value'])

      // Secrets Manager failing: the last values keep serving.
      sm.on(GetSecretValueCommand).rejects(new Error('throttled'))
      clock += 300_000
      expect(await secrets()).toEqual(['new-value', 'only-value'])
      const fresh = originSecretsFrom(new SecretsManagerClient({ region: 'ap-east-1' }), secretId)
      await expect(fresh()).rejects.toThrow('throttled')
    } finally {
      sm.restore()
    }
  })

  it('takes the viewer’s address from CloudFront’s header, else the fallback', async () => {
    const app = new Hono().get('/', (c) => c.text(viewerAddress(c, '10.0.0.1')))
    const read = async (headers: Record<string, string>) => (await app.request('/', { headers })).text()
    expect(await read({ 'x-viewer-address': '2001:db8::7' })).toBe('2001:db8::7')
    expect(await read({})).toBe('10.0.0.1')
    expect(await read({ 'x-viewer-address': 'x'.repeat(100) })).toBe('10.0.0.1')
  })
})
