/**
 * Local mode: the embedded engine, the API and the built admin app behind one Node HTTP server.
 *
 * Used by `pnpm dev` (persistent data folder) and by integration and browser tests (in memory,
 * ephemeral port). The API is the very app the Lambda serves; only the adapters differ: SMS go
 * to the outbox, users sign in with the built-in issuer, secrets live in the data folder. Every
 * response carries the security headers CloudFront adds in production (`security-headers.ts`).
 */
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join, relative } from 'node:path'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { serveStatic } from '@hono/node-server/serve-static'
import type { ContractTerms } from '@hotline/domain'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { Hono } from 'hono'
import type { AppDeps } from '../app'
import {
  createLocalIssuer,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  type LocalIssuer,
  type LocalUser,
  readLocalUsers,
} from '../auth/local-issuer'
import { createVerifier } from '../auth/verifier'
import { composeCore } from '../compose'
import type { AppSecrets } from '../config/secrets'
import { errorHandler, notFoundHandler } from '../errors'
import { apiRoutesWithExport } from '../export-app'
import { localSmsSender } from '../intake/local-sender'
import type { SmsSender } from '../intake/ports'
import { createVault } from '../intake/vault'
import type { Logger } from '../logger'
import { localSecurityHeaders } from './security-headers'

export const DEFAULT_USERS_FILE = join(import.meta.dirname, 'users.json')

export type LocalServerOptions = {
  /** 0 picks a free port. */
  port?: number
  /** Default `127.0.0.1`; `pnpm dev` refuses a non-loopback one without `--public` (see `exposure.ts`). */
  host?: string
  /** LevelDB folder; omit for an in-memory store. */
  dataDir?: string | undefined
  tableName?: string
  /** The admin app's `dist/` folder; without it only the API is served. */
  adminDist?: string | undefined
  version?: string
  logger?: Logger
  now?: () => Date
  /** Vault keys, SMS callback token, WeChat configuration (see `loadOrCreateLocalSecrets`). */
  secrets: AppSecrets
  /** The users who may sign in; default `functions/src/local/users.json`. */
  usersFile?: string
  /** The users themselves, instead of `usersFile` (`pnpm dev --public` gives fresh passwords). */
  users?: readonly LocalUser[]
  terms?: ContractTerms
  /** Defaults to the outbox-only local sender. */
  sms?: SmsSender
  /**
   * Who a request is from, for the per-caller limits; default the socket's address. A benchmark
   * playing many citizens from one machine names each its own.
   */
  clientAddress?: AppDeps['clientAddress']
}

export type LocalServer = {
  /**
   * A URL that reaches the server from this machine, from the address it bound:
   * `http://127.0.0.1:<port>`, or `http://[::1]:<port>` when it listens on every IPv6 interface.
   */
  readonly url: string
  /** The address and port it actually listens on (`0.0.0.0`: every interface). */
  readonly address: AddressInfo
  readonly local: LocalStore
  readonly issuer: LocalIssuer
  /** The ports the app was built from, for in-process work (loading the demo, running jobs). */
  readonly deps: AppDeps
  close(): Promise<void>
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const users = options.users ?? (await readLocalUsers(options.usersFile ?? DEFAULT_USERS_FILE))
  const issuer = await createLocalIssuer(users)
  const local = await startLocalStore({ path: options.dataDir, tableName: options.tableName })
  const core = composeCore({
    store: local.store,
    service: 'hotline-local',
    logger: options.logger,
    now: options.now,
    terms: options.terms,
  })
  const { logger, now } = core
  const deps: AppDeps = {
    ...core,
    version: options.version ?? 'dev',
    vault: createVault({ masterKey: options.secrets.masterKey }),
    sms: options.sms ?? localSmsSender,
    auth: {
      verifier: createVerifier({
        issuer: LOCAL_ISSUER,
        keys: issuer.jwks,
        clientIds: [LOCAL_CLIENT_ID],
        now,
      }),
      localIssuer: issuer,
    },
    webhooks: { smsToken: options.secrets.smsToken, wechat: options.secrets.wechat },
    clientAddress: options.clientAddress ?? ((c) => getConnInfo(c).remote.address ?? 'unknown'),
  }
  const app = new Hono().use(localSecurityHeaders()).route('/', apiRoutesWithExport(deps))
  if (options.adminDist) mountAdmin(app, options.adminDist)
  app.notFound(notFoundHandler)
  app.onError(errorHandler(logger))

  const host = options.host ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s))
    s.once('error', reject)
  }).catch(async (err) => {
    await local.close()
    throw err
  })
  const address = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: reachableUrl(address),
    address,
    local,
    issuer,
    deps,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()))
          if ('closeIdleConnections' in server) server.closeIdleConnections()
        })
        await local.close()
      })()
      return closing
    },
  }
}

const LOOPBACK_OF_WILDCARD: Readonly<Record<string, string>> = { '0.0.0.0': '127.0.0.1', '::': '::1' }

/** `http://<address>:<port>`, a wildcard address (every interface) replaced by this machine's loopback one. */
export function reachableUrl(address: AddressInfo): string {
  const host = LOOPBACK_OF_WILDCARD[address.address] ?? address.address
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`
}

/** Serves the built SPA: files as they are, any other non-API GET falls back to `index.html`. */
function mountAdmin(app: Hono, dist: string) {
  const index = join(dist, 'index.html')
  const root = relative(process.cwd(), dist) || '.'
  const notApi = (path: string) => !path.startsWith('/api/')
  app.use('*', async (c, next) => (notApi(c.req.path) ? serveStatic({ root })(c, next) : next()))
  app.get('*', async (c, next) => {
    if (!notApi(c.req.path)) return next()
    if (!existsSync(index)) {
      return c.text('The admin app is not built: run `pnpm build` (pnpm dev does it for you).', 503)
    }
    return serveStatic({ path: relative(process.cwd(), index) })(c, next)
  })
}
