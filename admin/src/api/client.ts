/**
 * The typed API client: every response is parsed with the same zod schema the server
 * answers with (`@hotline/domain`), so a drift between them fails loudly here.
 */
import { ApiError, HealthResponse } from '@hotline/domain'
import type { z } from 'zod'

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError'
  constructor(
    readonly status: number,
    readonly body: ApiError | undefined,
  ) {
    super(body?.error.message ?? `HTTP ${status}`)
  }
}

async function request<S extends z.ZodType>(
  path: string,
  schema: S,
  options: { init?: RequestInit; accept?: readonly number[] } = {},
): Promise<z.infer<S>> {
  const response = await fetch(path, {
    ...options.init,
    headers: { accept: 'application/json', ...options.init?.headers },
  })
  const json: unknown = await response.json().catch(() => undefined)
  if (response.ok || options.accept?.includes(response.status)) return schema.parse(json)
  const parsed = ApiError.safeParse(json)
  throw new ApiRequestError(response.status, parsed.success ? parsed.data : undefined)
}

export const api = {
  /** 503 still carries a health body (status `unavailable`): it is an answer, not a failure. */
  health: () => request('/api/v1/health', HealthResponse, { accept: [503] }),
}
