/**
 * Local mode end to end: the real server on an ephemeral port, an in-memory embedded
 * engine, HTTP from outside, and the health route's round trip through the AWS SDK.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { HealthResponse } from '@hotline/domain'
import { type LocalServer, startLocalServer } from '@hotline/functions/local'
import { createLogger } from '@hotline/functions/logger'
import { generateSecrets } from '@hotline/functions/secrets'
import { keys } from '@hotline/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

let server: LocalServer
let dist: string

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'hotline-dist-'))
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>admin shell</title><div id="root"></div>')
  await writeFile(join(dist, 'app.js'), 'console.log(1)')
  server = await startLocalServer({
    port: 0,
    adminDist: dist,
    version: 'it',
    logger: createLogger({ silent: true }),
    secrets: generateSecrets(),
  })
})

afterAll(async () => {
  await server.close()
  await rm(dist, { recursive: true, force: true })
})

describe('local server', () => {
  it('answers /api/v1/health over HTTP with a real table round trip', async () => {
    const res = await fetch(`${server.url}/api/v1/health`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const body = HealthResponse.parse(await res.json())
    expect(body).toMatchObject({
      status: 'ok',
      version: 'it',
      table: { name: 'hotline', engine: 'dynalite' },
    })
  })

  it('reaches the same engine the test can read directly', async () => {
    const { $metadata } = await server.local.store.doc.send(
      new GetCommand({ TableName: 'hotline', Key: keys.system('health'), ConsistentRead: true }),
    )
    expect($metadata.httpStatusCode).toBe(200)
  })

  it('serves the admin app at /, its files, and index.html for client routes', async () => {
    const root = await fetch(`${server.url}/`)
    expect(root.status).toBe(200)
    expect(await root.text()).toContain('admin shell')
    const asset = await fetch(`${server.url}/app.js`)
    expect(await asset.text()).toBe('console.log(1)')
    const deep = await fetch(`${server.url}/deductions/2026-10`)
    expect(await deep.text()).toContain('admin shell')
  })

  it('keeps unknown API routes as JSON 404s, not the app shell', async () => {
    const res = await fetch(`${server.url}/api/v1/unknown`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'no route for GET /api/v1/unknown' },
    })
  })

  it('starts two servers side by side on ephemeral ports, each with its own store', async () => {
    const other = await startLocalServer({
      port: 0,
      logger: createLogger({ silent: true }),
      secrets: generateSecrets(),
    })
    try {
      expect(other.url).not.toBe(server.url)
      expect(other.local.engine.endpoint).not.toBe(server.local.engine.endpoint)
      expect((await fetch(`${other.url}/api/v1/health`)).status).toBe(200)
    } finally {
      await other.close()
    }
  })
})
