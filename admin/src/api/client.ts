/**
 * The typed API client: every response is parsed with the same zod schema the server
 * answers with (`@hotline/domain`, or `./schemas` until the domain has it), so a drift between
 * them fails loudly here. Signed-in calls carry the session's token; a 401 on them clears the
 * session, and the route guard then sends the user to `/login`.
 *
 * Only lazy pages import this module, so zod and the schemas stay out of the entry chunk.
 */
import { ApiError, HealthResponse, Ticket, type TicketStatus } from '@hotline/domain'
import type { z } from 'zod'
import { useSession } from '../session'
import {
  ImportReport,
  LoginResponse,
  OutboxResponse,
  RevealPhoneResponse,
  TicketsDueResponse,
} from './schemas'

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError'
  constructor(
    readonly status: number,
    readonly body: ApiError | undefined,
  ) {
    super(body?.error.message ?? `HTTP ${status}`)
  }
}

/** How signed-in calls authenticate: the current token, and what to do when it is refused. */
export type ApiAuth = { token(): string | null; onUnauthorized(): void }

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT'
  /** Sent as JSON. */
  body?: unknown
  /** Sent as it is, with its content type (an NDJSON chunk). */
  raw?: { contentType: string; data: Uint8Array<ArrayBuffer> }
  headers?: Record<string, string>
  signal?: AbortSignal | undefined
  /** Statuses that still carry a body of the schema (health's 503). */
  accept?: readonly number[]
  /** Sends `Authorization: Bearer …`; a 401 then ends the session. */
  auth?: ApiAuth
}

export async function request<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
  let body: BodyInit | undefined
  if (options.raw) {
    headers['content-type'] = options.raw.contentType
    body = options.raw.data
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  const token = options.auth?.token()
  if (token) headers.authorization = `Bearer ${token}`
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    ...(body !== undefined ? { body } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  })
  const json: unknown = await response.json().catch(() => undefined)
  if (response.ok || options.accept?.includes(response.status)) return schema.parse(json)
  if (response.status === 401 && options.auth) options.auth.onUnauthorized()
  const parsed = ApiError.safeParse(json)
  throw new ApiRequestError(response.status, parsed.success ? parsed.data : undefined)
}

export type OutboxQuery = { day: string; limit?: number; cursor?: string | undefined }

export type TicketsDueQuery = {
  /** ISO-8601 with offset and seconds: `2026-10-09T00:00:00+08:00`. */
  dueBefore: string
  status?: TicketStatus | undefined
  limit?: number
  cursor?: string | undefined
}

const ticketPath = (id: string): string => `/api/v1/tickets/${encodeURIComponent(id)}`

export function createApi(auth: ApiAuth) {
  return {
    /** 503 still carries a health body (status `unavailable`): it is an answer, not a failure. */
    health: () => request('/api/v1/health', HealthResponse, { accept: [503] }),
    /** Local mode's built-in issuer; on AWS the app signs in with Cognito instead. */
    login: (credentials: { username: string; password: string }) =>
      request('/api/v1/auth/login', LoginResponse, { method: 'POST', body: credentials }),
    outbox: (query: OutboxQuery) => {
      const params = new URLSearchParams({ day: query.day })
      if (query.limit !== undefined) params.set('limit', String(query.limit))
      if (query.cursor) params.set('cursor', query.cursor)
      return request(`/api/v1/outbox?${params}`, OutboxResponse, { auth })
    },
    /** Tickets whose next deadline is due by `dueBefore`, soonest first, a page at a time. */
    ticketsDue: (query: TicketsDueQuery) => {
      const params = new URLSearchParams({ dueBefore: query.dueBefore })
      if (query.status) params.set('status', query.status)
      if (query.limit !== undefined) params.set('limit', String(query.limit))
      if (query.cursor) params.set('cursor', query.cursor)
      return request(`/api/v1/tickets?${params}`, TicketsDueResponse, { auth })
    },
    ticket: (id: string) => request(ticketPath(id), Ticket, { auth }),
    /** The citizen's full number; the server records who asked, when and why. */
    revealPhone: (id: string, reason: string) =>
      request(`${ticketPath(id)}/reveal-phone`, RevealPhoneResponse, {
        method: 'POST',
        body: { reason },
        auth,
      }),
    /** One chunk of an NDJSON file; `offset` lines came before it, so errors carry the file's numbers. */
    importChunk: (body: Uint8Array<ArrayBuffer>, offset: number, signal?: AbortSignal) =>
      request('/api/v1/import', ImportReport, {
        method: 'POST',
        raw: { contentType: 'application/x-ndjson', data: body },
        headers: { 'x-line-offset': String(offset) },
        signal,
        auth,
      }),
  }
}

export type Api = ReturnType<typeof createApi>

/** The client bound to the signed-in session of the surrounding `<SessionProvider>`. */
export function useApi(): Api {
  const session = useSession()
  return createApi({ token: session.token, onUnauthorized: session.signOut })
}
