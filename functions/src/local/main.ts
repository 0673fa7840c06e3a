/**
 * `pnpm dev`: local mode in one process — embedded engine (persistent), API, admin app.
 * Environment: PORT (3000), HOST (127.0.0.1), DATA_DIR (.data), HOTLINE_IN_MEMORY (false),
 * HOTLINE_DEMO (true: a fresh store gets the demo month), HOTLINE_DEMO_MONTH (2026-10), HOTLINE_DEMO_SCALE (0.25).
 */
import { isAbsolute, join, resolve } from 'node:path'
import { generateSecrets, loadOrCreateLocalSecrets } from '../config/secrets'
import { LocalEnv, parseEnv } from '../env'
import { loadDemo } from './demo'
import { startLocalServer } from './server'

// The pinned SDK warns that its releases after January 2027 need Node 22: known, see docs/architecture.md.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const repoRoot = resolve(import.meta.dirname, '../../..')
const env = parseEnv(LocalEnv)
const dataRoot = isAbsolute(env.DATA_DIR) ? env.DATA_DIR : join(repoRoot, env.DATA_DIR)
const dataDir = env.HOTLINE_IN_MEMORY ? undefined : join(dataRoot, 'dynalite')
const secrets = env.HOTLINE_IN_MEMORY
  ? generateSecrets()
  : await loadOrCreateLocalSecrets(join(dataRoot, 'secrets.json'))

const server = await startLocalServer({
  port: env.PORT,
  host: env.HOST,
  dataDir,
  tableName: env.TABLE_NAME,
  adminDist: join(repoRoot, 'admin', 'dist'),
  version: env.APP_VERSION,
  secrets,
})

const logins = server.issuer.users
  .filter((u) => u.demoPassword)
  .map((u) => `    ${u.username.padEnd(12)} ${String(u.demoPassword).padEnd(18)} ${u.roles.join(', ')}`)
  .join('\n')

console.log(`
  12345 Hotline Operations Platform — local mode
  12345 热线运营平台 — 本地模式

  Admin app      ${server.url}/
  Citizen page   ${server.url}/citizen/
  API            ${server.url}/api/v1/health
  Engine         dynalite (embedded), table "${env.TABLE_NAME}", ${dataDir ? `data in ${dataDir}` : 'in memory'}
                 ${server.local.createdTable ? 'created the table on this start' : 'table already present'}

  Demo sign-ins (username, password, role):
${logins}

  SMS webhooks   ${server.url}/api/v1/webhooks/sms/tencent?token=${secrets.smsToken}
                 ${server.url}/api/v1/webhooks/sms/aliyun?token=${secrets.smsToken}
  SMS sent       ${server.url}/api/v1/outbox (signed in) — nothing leaves this machine

  Ctrl+C stops it.
`)

if (server.local.createdTable && env.HOTLINE_DEMO) {
  // A fresh store: fill it in the background; the app is usable meanwhile and fills up as it goes.
  loadDemo(server.deps, {
    month: env.HOTLINE_DEMO_MONTH,
    seed: 42,
    scale: env.HOTLINE_DEMO_SCALE,
    log: (line) => console.log(`  ${line}`),
  }).catch((err) => console.error('  demo: failed to load:', err))
}

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1)
    stopping = true
    server.close().then(
      () => process.exit(0),
      (err) => {
        console.error('error while stopping:', err)
        process.exit(1)
      },
    )
  })
}
