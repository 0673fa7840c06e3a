/**
 * `pnpm hotline import` against a real local server (embedded engine, in memory): chunks with
 * line offsets, the whole file's report, idempotence, credentials, connection errors, retries,
 * and the CLI itself as a subprocess.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../src/auth/api-keys'
import { CliError } from '../src/cli/errors'
import { type ImportAuth, type ImportProgress, importFile, resolveAuth } from '../src/cli/import'
import { generateSecrets } from '../src/config/secrets'
import { type LocalServer, startLocalServer } from '../src/local/server'
import { createLogger } from '../src/logger'

const REPO = resolve(import.meta.dirname, '../..')
const reviewer: ImportAuth = { kind: 'password', username: 'reviewer', password: 'reviewer-2026' }
const noWait = async () => {}

const LINES: readonly (object | string)[] = [
  {
    kind: 'ticket_event',
    ticketId: 'JY20260930-000001',
    type: 'received',
    at: '2026-09-30T16:00:00+08:00',
    channel: 'phone',
    needsTransfer: true,
    needsCallback: true,
  },
  {
    kind: 'call',
    callId: 'CL20261009-00001',
    enqueuedAt: '2026-10-09T09:00:00+08:00',
    answeredAt: '2026-10-09T09:00:09+08:00',
    endedAt: '2026-10-09T09:03:00+08:00',
    agentId: 'A01',
  },
  // line 3: a level that does not exist
  { kind: 'rating', ticketId: 'JY20260930-000001', at: '2026-10-10T10:00:00+08:00', level: 'excellent' },
  '',
  {
    kind: 'ticket_event',
    ticketId: 'JY20260930-000001',
    type: 'transferred',
    at: '2026-10-08T09:30:00+08:00',
    department: '住建局',
  },
  // line 6: not JSON
  '{"kind":"call",',
  {
    kind: 'publication',
    publicationId: 'PB20261009-01',
    at: '2026-10-09T10:00:00+08:00',
    channel: 'weibo',
    accurate: true,
  },
]
const GOOD = 4

let server: LocalServer
let dir: string
let file: string

beforeAll(async () => {
  server = await startLocalServer({
    port: 0,
    secrets: generateSecrets(),
    logger: createLogger({ silent: true }),
  })
  dir = await mkdtemp(join(tmpdir(), 'hotline-cli-'))
  file = join(dir, 'october.ndjson')
  await writeFile(file, `${LINES.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`)
}, 30_000)

afterAll(async () => {
  await server?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** A URL nothing listens on: a port that was free a moment ago. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done))
  const address = probe.address()
  const port = typeof address === 'object' && address ? address.port : 9
  await new Promise<void>((done) => probe.close(() => done()))
  return `http://localhost:${port}`
}

async function rejection(promise: Promise<unknown>): Promise<CliError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(CliError)
  return err as CliError
}

describe('importFile', () => {
  it('sends the file in chunks numbered as the file is, adds the reports up, and is idempotent', async () => {
    // arrange
    const seen: { start?: number; bytes: number[] } = { bytes: [] }
    const progress: ImportProgress = {
      start: (total) => {
        seen.start = total
      },
      update: ({ bytes }) => {
        seen.bytes.push(bytes)
      },
      stop: () => {},
    }

    // act
    const first = await importFile({ file, url: server.url, auth: reviewer, chunk: 2, progress })

    // assert
    expect(first).toMatchObject({
      lines: LINES.length,
      created: 3,
      applied: 1,
      duplicates: 0,
      skipped: 1,
      failed: 2,
      chunks: 4,
      retries: 0,
    })
    expect(first.errors).toEqual([
      { line: 3, field: 'level', message: expect.stringMatching(/invalid option/i) },
      { line: 6, field: '(line)', message: 'not valid JSON' },
    ])
    const size = (await stat(file)).size
    expect(seen.start).toBe(size)
    expect(seen.bytes).toHaveLength(4)
    expect(seen.bytes.at(-1)).toBe(size)

    const again = await importFile({ file, url: `${server.url}/`, auth: reviewer, chunk: 2 })
    expect(again).toMatchObject({
      lines: LINES.length,
      created: 0,
      applied: 0,
      updated: 0,
      duplicates: GOOD,
      failed: 2,
    })
    expect(again.errors.map((e) => e.line)).toEqual([3, 6])
  })

  it("ends a chunk at its byte limit as at its line limit, and keeps the file's line numbers", async () => {
    const sent: { offset: string | null; bytes: number }[] = []
    const recording: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/api/v1/import')) {
        const headers = new Headers(init?.headers)
        sent.push({
          offset: headers.get('x-line-offset'),
          bytes: (init?.body as Buffer | undefined)?.length ?? 0,
        })
      }
      return fetch(input, init)
    }
    const report = await importFile({
      file,
      url: server.url,
      auth: reviewer,
      chunk: 1000,
      chunkBytes: 400,
      fetch: recording,
    })
    expect(report).toMatchObject({ lines: LINES.length, duplicates: GOOD, skipped: 1, failed: 2 })
    expect(report.errors.map((e) => e.line)).toEqual([3, 6])
    expect(report.chunks).toBe(sent.length)
    expect(sent.length).toBeGreaterThan(1)
    for (const chunk of sent) expect(chunk.bytes).toBeLessThanOrEqual(400)
    expect(sent[0]?.offset).toBe('0')
  })

  it('takes an API key, and refuses a user whose role may not import', async () => {
    const { apiKey } = await issueApiKey(server.local.store, 'cli test', 'test', new Date())
    const viaKey = await importFile({ file, url: server.url, auth: { kind: 'apiKey', apiKey }, chunk: 3 })
    expect(viaKey).toMatchObject({ duplicates: GOOD, failed: 2 })

    const badKey = await rejection(
      importFile({ file, url: server.url, auth: { kind: 'apiKey', apiKey: `${apiKey.slice(0, -4)}AAAA` } }),
    )
    expect(badKey.kind).toBe('auth')
    expect(badKey.message).toMatch(/API key was refused/)

    const viewer = await rejection(
      importFile({
        file,
        url: server.url,
        auth: { kind: 'password', username: 'viewer', password: 'viewer-2026' },
      }),
    )
    expect(viewer.kind).toBe('auth')
    expect(viewer.message).toMatch(/viewer \(agency_viewer\) may not import/)
  })

  it('says so when the password is wrong', async () => {
    const err = await rejection(
      importFile({ file, url: server.url, auth: { ...reviewer, password: 'not-the-password' } }),
    )
    expect(err.kind).toBe('auth')
    expect(err.message).toBe('sign-in refused for reviewer: wrong username or password')
  })

  it('says so when nothing listens at the URL', async () => {
    const url = await closedPortUrl()
    const err = await rejection(importFile({ file, url, auth: reviewer, sleep: noWait }))
    expect(err.kind).toBe('connection')
    expect(err.message).toMatch(
      new RegExp(`^cannot reach ${url} — is \`pnpm dev\` running\\? \\(ECONNREFUSED\\)$`),
    )
  })

  it('refuses a missing file and a bad URL as usage errors', async () => {
    const missing = await rejection(
      importFile({ file: join(dir, 'nope.ndjson'), url: server.url, auth: reviewer }),
    )
    expect(missing).toMatchObject({ kind: 'usage', message: expect.stringMatching(/no such file/) })
    const badUrl = await rejection(importFile({ file, url: 'localhost:3000', auth: reviewer }))
    expect(badUrl.kind).toBe('usage')
  })

  it('retries a chunk after a 5xx or a dropped connection; the server being idempotent, totals stay right', async () => {
    const dropped = { first: true, second: true }
    const flaky: typeof fetch = async (input, init) => {
      const url = String(input)
      const offset = new Headers(init?.headers).get('x-line-offset')
      if (url.endsWith('/api/v1/import') && offset === '2' && dropped.first) {
        dropped.first = false
        return new Response('{"error":{"code":"internal","message":"internal error"}}', { status: 503 })
      }
      if (url.endsWith('/api/v1/import') && offset === '4' && dropped.second) {
        dropped.second = false
        // The request reached the server and was applied, then the connection dropped.
        await fetch(input, init)
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        })
      }
      return fetch(input, init)
    }
    const summary = await importFile({
      file,
      url: server.url,
      auth: reviewer,
      chunk: 2,
      fetch: flaky,
      sleep: noWait,
    })
    expect(summary).toMatchObject({ lines: LINES.length, retries: 2, duplicates: GOOD, failed: 2 })
    expect(summary.errors.map((e) => e.line)).toEqual([3, 6])
  })

  it('gives up on a chunk after three retries', async () => {
    const failing: typeof fetch = async (input, init) =>
      String(input).endsWith('/api/v1/import') ? new Response('busy', { status: 502 }) : fetch(input, init)
    const waits: number[] = []
    const err = await rejection(
      importFile({
        file,
        url: server.url,
        auth: reviewer,
        fetch: failing,
        sleep: async (ms) => {
          waits.push(ms)
        },
      }),
    )
    expect(err).toMatchObject({ kind: 'server', message: 'the server refused lines 1–7: HTTP 502: busy' })
    expect(waits).toEqual([500, 1000, 2000])
  })
})

describe('resolveAuth', () => {
  it('prefers an API key, then a user and password, then the demo reviewer on localhost', async () => {
    expect(await resolveAuth({ url: 'https://x.example', apiKey: 'hk_k', user: 'u', password: 'p' })).toEqual(
      {
        kind: 'apiKey',
        apiKey: 'hk_k',
      },
    )
    expect(await resolveAuth({ url: 'https://x.example', user: 'u', password: 'p' })).toEqual({
      kind: 'password',
      username: 'u',
      password: 'p',
    })
    expect(await resolveAuth({ url: 'http://localhost:3000' })).toEqual(reviewer)
    expect(await resolveAuth({ url: 'http://127.0.0.1:8080', user: 'callcentre' })).toEqual({
      kind: 'password',
      username: 'callcentre',
      password: 'callcentre-2026',
    })
  })

  it('asks for credentials for any other host', async () => {
    const err = await rejection(
      resolveAuth({ url: 'https://abc.execute-api.cn-northwest-1.amazonaws.com.cn' }),
    )
    expect(err.kind).toBe('usage')
    expect(err.message).toMatch(/pass --api-key/)
  })
})

describe('pnpm hotline import (subprocess)', () => {
  const run = async (args: string[]) => {
    const env = { ...process.env }
    for (const name of ['HOTLINE_URL', 'HOTLINE_API_KEY', 'HOTLINE_USER', 'HOTLINE_PASSWORD'])
      delete env[name]
    return promisify(execFile)(join(REPO, 'node_modules/.bin/tsx'), ['functions/src/cli/main.ts', ...args], {
      cwd: REPO,
      env,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ ...err }),
    )
  }

  it('prints the report as JSON and exits 1 when a line failed', async () => {
    const { code, stdout } = await run(['import', file, '--json', '--chunk', '2', '--url', server.url])
    expect(code).toBe(1)
    const report = JSON.parse(stdout)
    expect(report).toMatchObject({ lines: LINES.length, duplicates: GOOD, failed: 2, file, url: server.url })
    expect(report.errors.map((e: { line: number }) => e.line)).toEqual([3, 6])
  }, 30_000)

  it('prints the totals and line-numbered errors as text; exits 2 on a usage error', async () => {
    const text = await run(['import', file, '--url', server.url])
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(/duplicates\s+4/)
    expect(text.stdout).toMatch(/^ {2}line 3: level — /m)
    expect(text.stdout).toMatch(/^ {2}line 6: \(line\) — not valid JSON$/m)

    const usage = await run(['import', file, '--chunk', '0'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/--chunk must be a whole number/)
  }, 30_000)
})
