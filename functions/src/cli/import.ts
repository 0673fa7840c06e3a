/**
 * `pnpm hotline import FILE.ndjson`: streams a SPEC §9 file of any size to a running API
 * (`POST /api/v1/import`) in chunks of lines, each with `X-Line-Offset` so the server numbers
 * lines as the file does, and adds the chunks' reports up. The file is never read whole. A chunk
 * is at most `DEFAULT_CHUNK_LINES` lines (`--chunk`) and `MAX_CHUNK_BYTES`, so that one request
 * fits what the API's Lambda takes (a 6 MB payload, its timeout). Chunks go one after another:
 * a ticket's events in a later chunk are applied after those in an earlier one. There is one path
 * whatever the target, the API: `pnpm dev` holds its embedded engine's folder, so the CLI reaches
 * a local store through the local server as it reaches AWS. A chunk is retried on a 5xx, a 429 or
 * a dropped connection: the import is idempotent, so a chunk the server had partly applied comes
 * back as duplicates.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Principal, type Role } from '@hotline/domain'
import { z } from 'zod'
import { readLocalUsers } from '../auth/local-issuer'
import { emptyReport } from '../operations/ingest'
import { CliError } from './errors'

/** How the CLI proves who it is: an API key (machine clients), or a user's sign-in (local mode). */
export type ImportAuth =
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'password'; username: string; password: string }

const LineError = z.object({ line: z.number(), field: z.string(), message: z.string() })
export type LineError = z.infer<typeof LineError>

/** The server's answer to one chunk (`functions/src/operations/ingest.ts`, `ImportReport`). */
const ChunkReport = z.object({
  lines: z.number(),
  created: z.number(),
  updated: z.number(),
  applied: z.number(),
  duplicates: z.number(),
  skipped: z.number(),
  failed: z.number(),
  errors: z.array(LineError),
})
type ChunkReport = z.infer<typeof ChunkReport>

/** The whole file's report: the chunks' counts added up, their errors in line order. */
export type ImportSummary = ChunkReport & {
  file: string
  url: string
  /** Requests that carried lines, and how many of them had to be sent again. */
  chunks: number
  retries: number
  bytes: number
  elapsedMs: number
}

/** Where the CLI shows progress: a terminal bar, or nothing. */
export type ImportProgress = {
  start(totalBytes: number): void
  update(state: { lines: number; bytes: number; failed: number }): void
  stop(): void
}

export type ImportFileOptions = {
  file: string
  /** The API's base URL, `http://localhost:3000`. */
  url: string
  auth: ImportAuth
  /** Lines per request at most; default `DEFAULT_CHUNK_LINES`. */
  chunk?: number
  /** Bytes per request at most (a longer line goes alone); default `MAX_CHUNK_BYTES`. */
  chunkBytes?: number
  fetch?: typeof fetch
  progress?: ImportProgress
  /** Retries of one chunk after a 5xx, 429 or connection error; default 3. */
  retries?: number
  /** Waits between retries; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>
  /** Per request; default 5 minutes. */
  timeoutMs?: number
  now?: () => number
}

/**
 * Lines per request by default. Measured with the full-scale demo month (51,640 lines, ~150 bytes
 * a line) on a 2-core machine running other work, the engine in the server's process: chunks of
 * 2,000 lines import at 1,270 lines/s (slowest chunk 2.0 s), of 5,000 at 1,354 (4.0 s), of 10,000
 * at 1,683 (6.7 s), of 20,000 at 1,986 (11.7 s). Larger chunks are faster because a ticket's events
 * in one request are planned together (`importLines`); 10,000 lines (~1.5 MB) keep a request's
 * server time well inside the API Lambda's timeout (10 s today; API Gateway allows 29 s).
 */
export const DEFAULT_CHUNK_LINES = 10_000

/**
 * Bytes per request at most: a Lambda takes a 6 MB event, and API Gateway may hand it the body
 * base64-encoded (4/3 as long), so 4 MiB of NDJSON fits with the rest of the event.
 */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024

/** At most this many line errors are kept; `failed` counts them all (the server keeps as many per request). */
export const MAX_KEPT_ERRORS = 1000
const IMPORT_ROLES: readonly Role[] = ['agency_reviewer', 'integration']
const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const NEWLINE = Buffer.from('\n')

const isLocal = (url: URL): boolean => ['localhost', '127.0.0.1', '[::1]', '::1'].includes(url.hostname)

/** The base URL; refuses anything but http(s). */
export function baseUrl(url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new CliError('usage', `not a URL: ${url} (expected e.g. http://localhost:3000)`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliError('usage', `not an http(s) URL: ${url}`)
  }
  parsed.search = ''
  parsed.hash = ''
  return parsed
}

/** `http://host:port/prefix` without a trailing slash: API paths are appended to it. */
export const prefixOf = (base: URL): string => `${base.origin}${base.pathname.replace(/\/+$/, '')}`

/**
 * Picks the credentials: an API key first, then a user and password; on a localhost URL a user
 * without a password, or no user at all, signs in with the demo password from `users.json`
 * (default user: `reviewer`).
 */
export async function resolveAuth(
  given: {
    url: string
    apiKey?: string | undefined
    user?: string | undefined
    password?: string | undefined
  },
  usersFile = join(import.meta.dirname, '../local/users.json'),
): Promise<ImportAuth> {
  if (given.apiKey) return { kind: 'apiKey', apiKey: given.apiKey }
  if (given.user && given.password)
    return { kind: 'password', username: given.user, password: given.password }
  if (given.password) throw new CliError('usage', '--password needs --user (or HOTLINE_USER)')
  const local = isLocal(baseUrl(given.url))
  if (!local) {
    throw new CliError(
      'usage',
      given.user
        ? `--user ${given.user} needs --password (or HOTLINE_PASSWORD)`
        : `no credentials for ${given.url}: pass --api-key (or HOTLINE_API_KEY), or --user and --password`,
    )
  }
  const username = given.user ?? 'reviewer'
  const users = await readLocalUsers(usersFile).catch(() => [])
  const password = users.find((u) => u.username === username)?.demoPassword
  if (!password) {
    throw new CliError('usage', `no demo password for ${username} in ${usersFile}: pass --password`)
  }
  return { kind: 'password', username, password }
}

export type Http = {
  fetch: typeof fetch
  base: URL
  timeoutMs: number
}

const endpoint = (http: Http, path: string): string => `${prefixOf(http.base)}${path}`

/** Why a request did not get an answer, in words: `ECONNREFUSED`, `timed out`… */
function networkCause(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timed out'
  const cause =
    err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined
  if (typeof cause?.code === 'string') return cause.code
  if (typeof cause?.message === 'string') return cause.message
  return err instanceof Error ? err.message : String(err)
}

export function unreachable(http: Http, err: unknown): CliError {
  const hint = isLocal(http.base) ? ' — is `pnpm dev` running?' : ''
  return new CliError('connection', `cannot reach ${http.base.origin}${hint} (${networkCause(err)})`)
}

export async function request(http: Http, path: string, init: RequestInit): Promise<Response> {
  return http.fetch(endpoint(http, path), { ...init, signal: AbortSignal.timeout(http.timeoutMs) })
}

/** The message of an API error body (`{ error: { message } }`), or the status line. */
export async function messageOf(res: Response): Promise<string> {
  const text = await res.text().catch(() => '')
  const parsed = z.object({ error: z.object({ message: z.string() }) }).safeParse(safeJson(text))
  return parsed.success
    ? parsed.data.error.message
    : `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Signs in (or takes the API key) and checks the principal may import; returns the headers to send. */
export async function authenticate(http: Http, auth: ImportAuth): Promise<Record<string, string>> {
  let headers: Record<string, string>
  if (auth.kind === 'apiKey') headers = { 'x-api-key': auth.apiKey }
  else {
    let res: Response
    try {
      res = await request(http, '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: auth.username, password: auth.password }),
      })
    } catch (err) {
      throw unreachable(http, err)
    }
    if (res.status === 401) {
      await res.body?.cancel()
      throw new CliError('auth', `sign-in refused for ${auth.username}: wrong username or password`)
    }
    if (res.status === 404) {
      await res.body?.cancel()
      throw new CliError(
        'auth',
        `${http.base.origin} has no local sign-in (on AWS people sign in with Cognito): use --api-key`,
      )
    }
    if (!res.ok) throw new CliError('auth', `sign-in failed for ${auth.username}: ${await messageOf(res)}`)
    const token = z.object({ accessToken: z.string().min(1) }).safeParse(await res.json().catch(() => null))
    if (!token.success) throw new CliError('server', `unexpected sign-in answer from ${http.base.origin}`)
    headers = { authorization: `Bearer ${token.data.accessToken}` }
  }

  let res: Response
  try {
    res = await request(http, '/api/v1/auth/me', { headers })
  } catch (err) {
    throw unreachable(http, err)
  }
  if (res.status === 401) {
    await res.body?.cancel()
    throw new CliError(
      'auth',
      auth.kind === 'apiKey' ? 'the API key was refused' : 'the sign-in token was refused',
    )
  }
  if (!res.ok) throw new CliError('auth', `cannot check who is signed in: ${await messageOf(res)}`)
  const principal = Principal.safeParse(await res.json().catch(() => null))
  if (!principal.success)
    throw new CliError('server', `unexpected answer from ${http.base.origin}/api/v1/auth/me`)
  const { username, roles } = principal.data
  if (!roles.some((role) => IMPORT_ROLES.includes(role))) {
    throw new CliError(
      'auth',
      `${username} (${roles.join(', ') || 'no role'}) may not import: it takes ${IMPORT_ROLES.join(' or ')}`,
    )
  }
  return headers
}

type Line = { bytes: Buffer; size: number }

/** The file's lines (without `\n`), each with the bytes it took in the file; a leading BOM is dropped. */
async function* linesOf(file: string): AsyncGenerator<Line> {
  let pending: Buffer[] = []
  let first = true
  /** Bytes read but not part of any line yet (the BOM), counted with the next line. */
  let carry = 0
  for await (const data of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    let chunk = data
    if (first) {
      first = false
      if (chunk.subarray(0, 3).equals(BOM)) {
        chunk = chunk.subarray(3)
        carry = 3
      }
    }
    let start = 0
    let newline = chunk.indexOf(0x0a, start)
    while (newline !== -1) {
      const piece = chunk.subarray(start, newline)
      const bytes = pending.length > 0 ? Buffer.concat([...pending, piece]) : piece
      pending = []
      yield { bytes, size: carry + bytes.length + 1 }
      carry = 0
      start = newline + 1
      newline = chunk.indexOf(0x0a, start)
    }
    if (start < chunk.length) pending.push(chunk.subarray(start))
  }
  const rest = Buffer.concat(pending)
  if (rest.length > 0) yield { bytes: rest, size: carry + rest.length }
}

/** Groups lines into chunks of at most `size` lines and `maxBytes` bytes as sent (a longer line goes alone). */
async function* chunksOf(lines: AsyncIterable<Line>, size: number, maxBytes: number): AsyncGenerator<Line[]> {
  let batch: Line[] = []
  let bytes = 0
  for await (const line of lines) {
    const sent = line.bytes.length + NEWLINE.length
    if (batch.length > 0 && bytes + sent > maxBytes) {
      yield batch
      batch = []
      bytes = 0
    }
    batch.push(line)
    bytes += sent
    if (batch.length === size) {
      yield batch
      batch = []
      bytes = 0
    }
  }
  if (batch.length > 0) yield batch
}

const retryable = (status: number): boolean => status === 429 || status >= 500

/**
 * Imports `file` through the API and returns the whole file's report. Throws `CliError` for a
 * missing file, an unreachable server, refused credentials, or a chunk the server would not take.
 *
 * @example
 * const summary = await importFile({ file: 'october.ndjson', url: 'http://localhost:3000',
 *   auth: { kind: 'password', username: 'reviewer', password: 'reviewer-2026' } })
 * summary.failed // 0: every line applied or a duplicate
 */
export async function importFile(options: ImportFileOptions): Promise<ImportSummary> {
  const now = options.now ?? (() => performance.now())
  const started = now()
  const chunkSize = options.chunk ?? DEFAULT_CHUNK_LINES
  const chunkBytes = options.chunkBytes ?? MAX_CHUNK_BYTES
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new CliError('usage', `--chunk must be a whole number of lines ≥ 1: ${chunkSize}`)
  }
  const retries = options.retries ?? 3
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const info = await stat(options.file).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(
      'usage',
      `cannot read ${options.file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`,
    )
  })
  if (!info.isFile()) throw new CliError('usage', `not a file: ${options.file}`)

  const http: Http = {
    fetch: options.fetch ?? globalThis.fetch,
    base: baseUrl(options.url),
    timeoutMs: options.timeoutMs ?? 5 * 60_000,
  }
  let headers = await authenticate(http, options.auth)

  const summary: ImportSummary = {
    file: options.file,
    url: prefixOf(http.base),
    ...emptyReport(),
    chunks: 0,
    retries: 0,
    bytes: 0,
    elapsedMs: 0,
  }
  const progress = options.progress
  progress?.start(info.size)
  try {
    for await (const chunk of chunksOf(linesOf(options.file), chunkSize, chunkBytes)) {
      const body = Buffer.concat(chunk.flatMap((line) => [line.bytes, NEWLINE]))
      const report = await sendChunk(http, {
        body,
        offset: summary.lines,
        count: chunk.length,
        headers: () => headers,
        reauthenticate: async () => {
          headers = await authenticate(http, options.auth)
        },
        retries,
        sleep,
        onRetry: () => {
          summary.retries++
        },
        canReauthenticate: options.auth.kind === 'password',
      })
      add(summary, report)
      summary.chunks++
      summary.bytes += chunk.reduce((sum, line) => sum + line.size, 0)
      progress?.update({ lines: summary.lines, bytes: summary.bytes, failed: summary.failed })
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (err instanceof CliError || typeof code !== 'string') throw err
    throw new CliError('usage', `cannot read ${options.file}: ${code} after line ${summary.lines}`)
  } finally {
    progress?.stop()
  }
  summary.elapsedMs = Math.round(now() - started)
  return summary
}

function add(summary: ImportSummary, report: ChunkReport): void {
  summary.lines += report.lines
  summary.created += report.created
  summary.updated += report.updated
  summary.applied += report.applied
  summary.duplicates += report.duplicates
  summary.skipped += report.skipped
  summary.failed += report.failed
  for (const error of report.errors) {
    if (summary.errors.length >= MAX_KEPT_ERRORS) break
    summary.errors.push(error)
  }
}

/** Sends one chunk, retrying what may pass on a second try; a 401 with a sign-in signs in again once. */
async function sendChunk(
  http: Http,
  chunk: {
    body: Buffer
    offset: number
    count: number
    headers: () => Record<string, string>
    reauthenticate: () => Promise<void>
    canReauthenticate: boolean
    retries: number
    sleep: (ms: number) => Promise<void>
    onRetry: () => void
  },
): Promise<ChunkReport> {
  const lines = `lines ${chunk.offset + 1}–${chunk.offset + chunk.count}`
  let signedInAgain = false
  for (let attempt = 0; ; attempt++) {
    let res: Response
    try {
      res = await request(http, '/api/v1/import', {
        method: 'POST',
        headers: {
          ...chunk.headers(),
          'content-type': 'application/x-ndjson',
          'x-line-offset': String(chunk.offset),
        },
        body: chunk.body,
      })
    } catch (err) {
      if (attempt < chunk.retries) {
        chunk.onRetry()
        await chunk.sleep(backoff(attempt))
        continue
      }
      if (chunk.offset === 0) throw unreachable(http, err)
      throw new CliError(
        'connection',
        `lost the connection to ${http.base.origin} sending ${lines} (${networkCause(err)}), after ${attempt + 1} attempts; the lines before were imported — run the import again to finish (the API is idempotent)`,
      )
    }
    if (res.ok) {
      const report = ChunkReport.safeParse(await res.json().catch(() => null))
      if (!report.success)
        throw new CliError('server', `unexpected answer to ${lines} from ${http.base.origin}`)
      if (report.data.lines !== chunk.count) {
        throw new CliError(
          'server',
          `the server counted ${report.data.lines} lines in ${lines}, not ${chunk.count}: is this the hotline API?`,
        )
      }
      return report.data
    }
    if (res.status === 401 && chunk.canReauthenticate && !signedInAgain) {
      // The token expired during a long import: sign in again and resend.
      await res.body?.cancel()
      signedInAgain = true
      await chunk.reauthenticate()
      attempt--
      continue
    }
    if (res.status === 401 || res.status === 403) {
      throw new CliError('auth', `the server refused ${lines}: ${await messageOf(res)}`)
    }
    if (retryable(res.status) && attempt < chunk.retries) {
      const retryAfter = Number(res.headers.get('retry-after'))
      await res.body?.cancel()
      chunk.onRetry()
      await chunk.sleep(
        Number.isFinite(retryAfter) && retryAfter > 0
          ? Math.min(retryAfter * 1000, 30_000)
          : backoff(attempt),
      )
      continue
    }
    const hint = res.status === 413 ? ' — try a smaller --chunk' : ''
    throw new CliError('server', `the server refused ${lines}: ${await messageOf(res)}${hint}`)
  }
}

/** 0.5 s, 1 s, 2 s, … */
const backoff = (attempt: number): number => 500 * 2 ** attempt
