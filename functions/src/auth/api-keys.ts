/**
 * API keys for machine clients (the call-centre platform sends calls and ticket events): issued
 * once as `hk_<keyId>.<secret>`, stored as the key id and a SHA-256 of the secret, presented in
 * the `X-Api-Key` header, always with the `integration` role.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Principal } from '@hotline/domain'
import { createApiKey, getApiKey, type Store } from '@hotline/store'

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex')

export type ApiKeyVerifier = (presented: string) => Promise<Principal | null>

/** Looks the key up by id and compares the secret's hash in constant time; revoked keys fail. */
export function createApiKeyVerifier(store: Store): ApiKeyVerifier {
  return async (presented) => {
    const match = /^hk_([a-z0-9]{12})\.([A-Za-z0-9_-]{32,64})$/.exec(presented)
    if (!match?.[1] || !match[2]) return null
    const item = await getApiKey(store, match[1])
    if (!item || item.revokedAt !== null) return null
    const a = Buffer.from(item.secretHash, 'hex')
    const b = Buffer.from(hash(match[2]), 'hex')
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null
    return { sub: `apikey:${item.keyId}`, username: item.name, roles: ['integration'] }
  }
}

/** Issues a key for `name`; the returned `apiKey` is shown once and never stored. */
export async function issueApiKey(
  store: Store,
  name: string,
  by: string,
  now: Date,
): Promise<{ keyId: string; apiKey: string; name: string; createdAt: string }> {
  const keyId = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12)
  const secret = randomBytes(32).toString('base64url')
  const createdAt = now.toISOString()
  await createApiKey(store, {
    keyId,
    name,
    secretHash: hash(secret),
    roles: ['integration'],
    createdAt,
    createdBy: by,
    revokedAt: null,
    audit: [{ at: createdAt, by, action: 'issue' }],
  })
  return { keyId, apiKey: `hk_${keyId}.${secret}`, name, createdAt }
}
