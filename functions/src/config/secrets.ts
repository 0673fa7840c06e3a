/**
 * The secrets the API needs, in one document: the vault keys for citizen phone numbers, the
 * token in the SMS providers' callback URLs, and the WeChat message-push configuration. On AWS it
 * is one Secrets Manager secret (JSON); in local mode a file in the data folder, generated on
 * first start.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { generateVaultKeys, VaultKeys } from '../intake/vault'

export const AppSecrets = z.object({
  /** The vault's master key (Secrets Manager generates it at deploy: 64 letters and digits). */
  masterKey: VaultKeys.shape.masterKey,
  /**
   * Appended as `?token=…` to the Tencent and Alibaba callback URLs configured at the provider;
   * `null` until an operator sets it (their webhooks answer 401 meanwhile).
   */
  smsToken: z.string().min(16).nullable(),
  wechat: z
    .object({
      token: z.string().regex(/^[A-Za-z0-9]{3,32}$/, '3–32 letters or digits'),
      encodingAesKey: z.string().regex(/^[A-Za-z0-9]{43}$/, '43 letters or digits'),
      appId: z.string().min(1),
    })
    .nullable(),
})
export type AppSecrets = z.infer<typeof AppSecrets>

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const alnum = (n: number) => Array.from(randomBytes(n), (b) => ALNUM[b % ALNUM.length]).join('')

/** Fresh secrets for local mode, including a WeChat configuration to try the webhook with. */
export const generateSecrets = (): AppSecrets => ({
  masterKey: generateVaultKeys().masterKey,
  smsToken: alnum(32),
  wechat: { token: alnum(16), encodingAesKey: alnum(43), appId: 'wx-local-hotline' },
})

/** Reads the local secrets file, creating it (mode 0600) on first start. */
export async function loadOrCreateLocalSecrets(path: string): Promise<AppSecrets> {
  let text: string | undefined
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  if (text !== undefined) {
    const parsed = AppSecrets.safeParse(JSON.parse(text))
    if (parsed.success) return parsed.data
    throw new Error(
      `${path} is not a valid secrets file (${parsed.error.issues[0]?.path.join('.')}): delete it to start afresh`,
    )
  }
  const secrets = generateSecrets()
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 })
  return secrets
}
