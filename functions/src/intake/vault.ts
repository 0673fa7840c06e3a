/**
 * The citizen-data vault: phone numbers sealed with AES-256-GCM (only a role allowed to reveal
 * them ever sees one, audited) and indexed by a keyed hash (HMAC-SHA256), so the table holds no
 * phone number in the clear and equal numbers still find each other. Keys come from Secrets
 * Manager on AWS and from the local data folder in local mode.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { z } from 'zod'

export const VaultKeys = z.object({
  /** 32 bytes, base64: the AES-256-GCM key for phone numbers. */
  sealKey: z.string().refine((k) => Buffer.from(k, 'base64').length === 32, 'must be 32 bytes, base64'),
  /** At least 32 bytes, base64: the HMAC key for the citizen index. */
  indexKey: z
    .string()
    .refine((k) => Buffer.from(k, 'base64').length >= 32, 'must be at least 32 bytes, base64'),
})
export type VaultKeys = z.infer<typeof VaultKeys>

export type Vault = {
  /** `citizen:…` — the key a citizen's tickets are indexed under (phone or WeChat openid). */
  citizenKey(kind: 'phone' | 'openid', value: string): string
  seal(plain: string): string
  open(sealed: string): string
}

/** Fresh random keys (first start of local mode). */
export const generateVaultKeys = (): VaultKeys => ({
  sealKey: randomBytes(32).toString('base64'),
  indexKey: randomBytes(32).toString('base64'),
})

export function createVault(keys: VaultKeys): Vault {
  const { sealKey, indexKey } = VaultKeys.parse(keys)
  const seal = Buffer.from(sealKey, 'base64')
  const index = Buffer.from(indexKey, 'base64')
  return {
    citizenKey: (kind, value) =>
      createHmac('sha256', index).update(`${kind}:${value}`).digest('base64url').slice(0, 32),
    seal(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', seal, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return `v1.${iv.toString('base64url')}.${body.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`
    },
    open(sealed) {
      const [version, iv, body, tag] = sealed.split('.')
      if (version !== 'v1' || !iv || !body || !tag) throw new Error('not a sealed value')
      const decipher = createDecipheriv('aes-256-gcm', seal, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      )
    },
  }
}
