import { ApiError, HealthResponse } from '@hotline/domain'
import { createStore } from '@hotline/store'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from './support/app'

const fixedNow = () => new Date('2026-10-09T07:00:00Z')
let local: LocalStore

beforeAll(async () => {
  local = await startLocalStore()
})
afterAll(async () => {
  await local.close()
})

describe('GET /api/v1/health', () => {
  it('round-trips to the table and reports its name and engine', async () => {
    const { app } = await testApp({ store: local.store, now: fixedNow })
    const res = await app.request('/api/v1/health')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = HealthResponse.parse(await res.json())
    expect(body).toMatchObject({
      status: 'ok',
      service: 'hotline-api',
      version: 'test',
      time: '2026-10-09T07:00:00.000Z',
      table: { name: 'hotline', engine: 'dynalite' },
    })
    expect(body.table.latencyMs).toBeGreaterThanOrEqual(0)
  })

  it('answers 503 naming the SDK error when the table is missing', async () => {
    const store = createStore({
      endpoint: local.engine.endpoint,
      tableName: 'no-such-table',
      engine: 'dynalite',
    })
    const { app } = await testApp({ store, now: fixedNow })
    const res = await app.request('/api/v1/health')
    store.doc.destroy()
    expect(res.status).toBe(503)
    const body = HealthResponse.parse(await res.json())
    expect(body.status).toBe('unavailable')
    expect(body.table).toEqual({
      name: 'no-such-table',
      engine: 'dynalite',
      error: 'ResourceNotFoundException',
    })
  })
})

describe('errors', () => {
  it('answers an unknown route with a JSON 404 in the ApiError shape', async () => {
    const { app } = await testApp({ store: local.store, now: fixedNow })
    const res = await app.request('/api/v1/nope', { method: 'POST' })
    expect(res.status).toBe(404)
    expect(ApiError.parse(await res.json()).error).toEqual({
      code: 'not_found',
      message: 'no route for POST /api/v1/nope',
    })
  })
})
