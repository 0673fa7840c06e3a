/** The one error body every 4xx/5xx of the API returns. */
import { z } from 'zod'

export const ApiError = z.object({
  error: z.object({
    /** Stable machine code, e.g. `validation_failed`, `not_found`, `conflict`. */
    code: z.string(),
    /** Human-readable, names the field where one is at fault. */
    message: z.string(),
    /** The same in Chinese, where the API has it (lifecycle conflicts). */
    messageZh: z.string().optional(),
    /** Each invalid field by its path (`items.0.phone`), for validation failures. */
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
})
export type ApiError = z.infer<typeof ApiError>
