import { readFileSync } from 'node:fs'
import { createCalendar, jiyuan2026 } from '@hotline/domain'
import { startLocalStore } from '@hotline/store/local'
import { localSmsSender } from './src/intake/local-sender'
import { createVault } from './src/intake/vault'
import { createLogger } from './src/logger'
import { importLines } from './src/operations/ingest'

const all = readFileSync('/tmp/demo.ndjson', 'utf8').split('\n')
const n = Number(process.argv[2] ?? 5000)
const conc = Number(process.argv[3] ?? 16)
const filter = process.argv[4]
const lines = all.slice(0, n).filter((l) => !filter || l.includes(`"kind":"${filter}"`))
const local = await startLocalStore()
const now = () => new Date('2026-12-01T16:00:00Z')
const intake = { store: local.store, calendar: createCalendar(), terms: jiyuan2026, now, vault: createVault({ masterKey: 'x'.repeat(40) }), sms: localSmsSender, logger: createLogger({ silent: true }) }
const t = performance.now()
const cpu = process.cpuUsage()
const r = await importLines(intake, lines, { source: 'b', principal: { sub: 'b', username: 'b', roles: ['agency_reviewer'] }, concurrency: conc } as never)
const c = process.cpuUsage(cpu)
console.log(lines.length, 'lines', conc, 'conc', ((performance.now() - t) / 1000).toFixed(1), 's wall', ((c.user + c.system) / 1e6).toFixed(1), 's cpu', r.failed)
await local.close()
