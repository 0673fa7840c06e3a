/** `GET /api/v1/health`: a real round trip to the table, reporting its name and engine. */
import type { HealthResponse } from '@hotline/domain'
import { checkTable } from '@hotline/store'
import { Hono } from 'hono'
import type { AppDeps } from '../app'
import { type AuthEnv, allow } from '../auth/middleware'

export function healthRoutes({ store, version, now, logger }: AppDeps) {
  return new Hono<AuthEnv>().get('/health', allow('public'), async (c) => {
    const base = { service: 'hotline-api', version, time: now().toISOString() } as const
    c.header('Cache-Control', 'no-store')
    try {
      const check = await checkTable(store)
      const body: HealthResponse = {
        ...base,
        status: 'ok',
        table: { name: check.tableName, engine: check.engine, latencyMs: check.latencyMs },
      }
      return c.json(body, 200)
    } catch (err) {
      const name = err instanceof Error ? err.name : 'UnknownError'
      logger.error('health check failed', { errorName: name })
      const body: HealthResponse = {
        ...base,
        status: 'unavailable',
        table: { name: store.tableName, engine: store.engine, error: name },
      }
      return c.json(body, 503)
    }
  })
}
