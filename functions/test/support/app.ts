/**
 * A test app on the embedded store: fixed secrets, a recording SMS sender, the built-in issuer
 * with the demo users, and a clock the test controls. Only adapters differ from production.
 */
import type { ContractTerms, Role } from '@hotline/domain'
import type { Store } from '@hotline/store'
import type { Context } from 'hono'
import { createLocalIssuer, LOCAL_CLIENT_ID, LOCAL_ISSUER, readLocalUsers } from '../../src/auth/local-issuer'
import { createVerifier } from '../../src/auth/verifier'
import { composeCore } from '../../src/compose'
import type { AppSecrets } from '../../src/config/secrets'
import { createAppWithExport } from '../../src/export-app'
import type { OutboundSms, SmsSender } from '../../src/intake/ports'
import { createVault } from '../../src/intake/vault'
import { DEFAULT_USERS_FILE } from '../../src/local/server'
import { createLogger } from '../../src/logger'
import { type AppMetrics, noMetrics } from '../../src/metrics'

export const TEST_SECRETS: AppSecrets = {
  masterKey: 'test-master-key-0123456789-abcdefghijklmnop',
  smsToken: 'test-sms-token-0123456789',
  wechat: {
    token: 'AAAAA',
    encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    appId: 'wxtestappid',
  },
}

export type RecordingSender = SmsSender & { sent: OutboundSms[] }

export function recordingSender(): RecordingSender {
  const sent: OutboundSms[] = []
  return {
    kind: 'local',
    sent,
    async send(message) {
      sent.push(message)
      return { providerMessageId: null }
    },
  }
}

/** A controllable clock: starts at `start`, moves only when told. */
export function testClock(start: string) {
  let current = new Date(start)
  return {
    now: () => new Date(current),
    set: (iso: string) => {
      current = new Date(iso)
    },
    advance: (ms: number) => {
      current = new Date(current.getTime() + ms)
    },
  }
}

const USERNAME_OF_ROLE: Record<Role, string> = {
  agency_reviewer: 'reviewer',
  agency_viewer: 'viewer',
  contractor: 'contractor',
  integration: 'callcentre',
}

export async function testApp(options: {
  store: Store
  now?: () => Date
  sms?: SmsSender
  terms?: ContractTerms
  address?: string
  /** Defaults to a silent logger. */
  logger?: ReturnType<typeof createLogger>
  /** Defaults to none. */
  metrics?: AppMetrics
}) {
  const now = options.now ?? (() => new Date())
  const issuer = await createLocalIssuer(await readLocalUsers(DEFAULT_USERS_FILE))
  const sms = options.sms ?? recordingSender()
  // The same composition root as every entry: the calendar and terms in force from Settings.
  const core = composeCore({
    store: options.store,
    service: 'hotline-local',
    now,
    terms: options.terms,
    logger: options.logger ?? createLogger({ silent: true }),
    metrics: options.metrics ?? noMetrics,
  })
  const deps = {
    ...core,
    version: 'test',
    vault: createVault({ masterKey: TEST_SECRETS.masterKey }),
    sms,
    auth: {
      verifier: createVerifier({
        issuer: LOCAL_ISSUER,
        keys: issuer.jwks,
        clientIds: [LOCAL_CLIENT_ID],
        now,
      }),
      localIssuer: issuer,
    },
    webhooks: { smsToken: TEST_SECRETS.smsToken, wechat: TEST_SECRETS.wechat },
    // A test names a caller with `x-test-client-address`; otherwise every request is one caller's.
    clientAddress: (c: Context) => c.req.header('x-test-client-address') ?? options.address ?? '198.51.100.7',
  }
  return {
    app: createAppWithExport(deps),
    deps,
    /** `Authorization` header value for a demo user of `role`. */
    async bearer(role: Role): Promise<string> {
      return `Bearer ${await issuer.tokenFor(USERNAME_OF_ROLE[role], now())}`
    },
  }
}
