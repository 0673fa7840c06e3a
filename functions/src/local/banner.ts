/**
 * What `pnpm dev` prints once it listens: where (the address it bound, not the one asked for), the
 * sign-ins, and the webhook URLs the README's walkthrough uses.
 */
import type { AddressInfo } from 'node:net'
import type { LocalUser } from '../auth/local-issuer'
import { isLoopbackHost } from './exposure'

export type BannerInfo = {
  url: string
  address: AddressInfo
  users: readonly LocalUser[]
  /** The demo passwords were generated for this start (`--public`). */
  freshPasswords: boolean
  tableName: string
  /** The embedded engine's folder; undefined: in memory. */
  dataDir: string | undefined
  createdTable: boolean
  /** The SMS webhooks' token; null (a secrets file edited by hand): they answer 401. */
  smsToken: string | null
}

/** Where the server listens, in words: this machine only, every interface, or one address. */
export function listeningOn({ address, port }: AddressInfo): string {
  const shown = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
  if (address === '0.0.0.0' || address === '::') {
    return `${shown}, every interface: other machines reach it at this machine's addresses`
  }
  if (isLoopbackHost(address)) return `${shown}, this machine only`
  return `${shown}, reachable from the network`
}

function smsWebhooks(url: string, token: string | null): string {
  if (token === null) return '  SMS webhooks   off: no smsToken in the secrets file, they answer 401'
  return [
    `  SMS webhooks   ${url}/api/v1/webhooks/sms/tencent?token=${token}`,
    `                 ${url}/api/v1/webhooks/sms/aliyun?token=${token}`,
  ].join('\n')
}

/** The start banner: a newcomer's first read, so every URL in it is one that answers. */
export function formatBanner(info: BannerInfo): string {
  const { url } = info
  const logins = info.users
    .filter((u) => u.demoPassword)
    .map((u) => `    ${u.username.padEnd(12)} ${String(u.demoPassword).padEnd(18)} ${u.roles.join(', ')}`)
    .join('\n')
  const signIns = info.freshPasswords
    ? '  Sign-ins for this start only (--public: fresh random passwords, shown once):\n' +
      '  本次启动的登录账号（--public：随机生成的新密码，仅显示这一次）：'
    : '  Demo sign-ins (username, password, role):'
  return `
  12345 Hotline Operations Platform — local mode
  12345 热线运营平台 — 本地模式

  Listening on   ${listeningOn(info.address)}
  Admin app      ${url}/
  Citizen page   ${url}/citizen/
  API            ${url}/api/v1/health
  Engine         dynalite (embedded), table "${info.tableName}", ${info.dataDir ? `data in ${info.dataDir}` : 'in memory'}
                 ${info.createdTable ? 'created the table on this start' : 'table already present'}

${signIns}
${logins}

${smsWebhooks(url, info.smsToken)}
  SMS sent       ${url}/api/v1/outbox (signed in) — nothing leaves this machine

  Ctrl+C stops it.
`
}
