/** `GET /api/v1/health`: the shape the API returns and the admin app parses. */
import { z } from 'zod'

export const Engine = z.enum(['dynamodb', 'dynalite'])

export const HealthResponse = z.object({
  /** `ok` when the table round trip succeeded; `unavailable` (HTTP 503) otherwise. */
  status: z.enum(['ok', 'unavailable']),
  service: z.literal('hotline-api'),
  version: z.string(),
  /** Server time, ISO-8601 UTC. */
  time: z.iso.datetime(),
  table: z.object({
    name: z.string(),
    engine: Engine,
    /** Round-trip time of the GetItem, present when it succeeded. */
    latencyMs: z.number().int().nonnegative().optional(),
    /** The SDK error's name when it failed (never its message: it may carry account details). */
    error: z.string().optional(),
  }),
})
export type HealthResponse = z.infer<typeof HealthResponse>
