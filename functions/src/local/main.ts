/**
 * `pnpm dev`: local mode in one process — embedded engine (persistent), API, admin app.
 * Environment: PORT (3000), HOST (127.0.0.1), DATA_DIR (.data), HOTLINE_IN_MEMORY (false),
 * TABLE_NAME (hotline), APP_VERSION (dev), HOTLINE_DEMO (true: a fresh store gets the demo month),
 * HOTLINE_DEMO_MONTH (2026-10), HOTLINE_DEMO_SCALE (0.25); unknown `HOTLINE_*` variables are warned of.
 * `--public` (`pnpm dev --public`): allow a non-loopback HOST, with fresh random demo passwords.
 */
import { isAbsolute, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { readLocalUsers } from '../auth/local-issuer'
import { DEMO_DEFAULTS } from '../cli/demo-defaults'
import { generateSecrets, loadOrCreateLocalSecrets } from '../config/secrets'
import { EnvError, LocalEnv, parseEnv } from '../env'
import { formatBanner } from './banner'
import { loadDemo } from './demo'
import { checkExposure, withFreshDemoPasswords } from './exposure'
import { DEFAULT_USERS_FILE, startLocalServer } from './server'
import { unknownVariableWarnings } from './unknown-variables'

// The pinned SDK warns that its releases after January 2027 need Node 22: known, see docs/architecture.md.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

/** Exit code for a start refused before anything ran: bad flag, bad variable, unsafe HOST. */
const EXIT_USAGE = 2

function refuse(message: string): never {
  console.error(message)
  process.exit(EXIT_USAGE)
}

const args = (() => {
  try {
    return parseArgs({ options: { public: { type: 'boolean', default: false } } }).values
  } catch (err) {
    return refuse(`${(err as Error).message}\nUsage: pnpm dev [--public]`)
  }
})()
const env = (() => {
  try {
    return parseEnv(LocalEnv)
  } catch (err) {
    if (err instanceof EnvError) return refuse(err.message)
    throw err
  }
})()
for (const warning of unknownVariableWarnings(process.env, Object.keys(LocalEnv.shape))) {
  console.warn(`warning: ${warning}`)
}
const exposure = checkExposure(env.HOST, args.public)
if (!exposure.ok) refuse(exposure.message)

const repoRoot = resolve(import.meta.dirname, '../../..')
const dataRoot = isAbsolute(env.DATA_DIR) ? env.DATA_DIR : join(repoRoot, env.DATA_DIR)
const dataDir = env.HOTLINE_IN_MEMORY ? undefined : join(dataRoot, 'dynalite')
const secrets = env.HOTLINE_IN_MEMORY
  ? generateSecrets()
  : await loadOrCreateLocalSecrets(join(dataRoot, 'secrets.json'))
const committedUsers = await readLocalUsers(DEFAULT_USERS_FILE)

const server = await startLocalServer({
  port: env.PORT,
  host: env.HOST,
  dataDir,
  tableName: env.TABLE_NAME,
  adminDist: join(repoRoot, 'admin', 'dist'),
  version: env.APP_VERSION,
  secrets,
  users: exposure.fresh ? withFreshDemoPasswords(committedUsers) : committedUsers,
})

console.log(
  formatBanner({
    url: server.url,
    address: server.address,
    users: server.issuer.users,
    freshPasswords: exposure.fresh,
    tableName: env.TABLE_NAME,
    dataDir,
    createdTable: server.local.createdTable,
    smsToken: secrets.smsToken,
  }),
)

if (server.local.createdTable && env.HOTLINE_DEMO) {
  // A fresh store: fill it in the background; the app is usable meanwhile and fills up as it goes.
  loadDemo(server.deps, {
    month: env.HOTLINE_DEMO_MONTH,
    seed: DEMO_DEFAULTS.seed,
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
