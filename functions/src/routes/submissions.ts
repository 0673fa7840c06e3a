/**
 * Citizen-facing intake (SPEC §8): the web form (JSON or form-encoded), the mini-program API, and
 * the status lookup by tracking code and phone. All public, throttled at the gateway and in the app.
 */
import { MiniProgramSubmission, WebSubmission } from '@hotline/domain'
import { Hono } from 'hono'
import { z } from 'zod'
import type { RouteDeps as AppDeps } from '../app'
import { type AuthEnv, allow } from '../auth/middleware'
import { lookupStatus } from '../intake/lookup'
import { submit } from '../intake/usecases'
import { BadRequestError } from '../problems'

const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'must be 8–128 letters, digits or _ . : -')
  .optional()

/** The `Idempotency-Key` header, validated; a bad one is a 400 naming the header. */
function idempotencyKeyOf(header: string | undefined): string | undefined {
  const parsed = IdempotencyKey.safeParse(header)
  if (parsed.success) return parsed.data
  throw new BadRequestError('idempotency-key', parsed.error.issues[0]?.message ?? 'invalid')
}

/** The request body as an object, from JSON or `application/x-www-form-urlencoded`. */
async function bodyOf(c: {
  req: {
    header(name: string): string | undefined
    json(): Promise<unknown>
    parseBody(): Promise<Record<string, unknown>>
  }
}) {
  const type = c.req.header('content-type') ?? ''
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    let form: Record<string, unknown>
    try {
      form = await c.req.parseBody()
    } catch {
      // A multipart body without its boundary, or cut short: the platform's parser throws a TypeError.
      throw new BadRequestError('(body)', 'not valid form data')
    }
    // Empty optional fields in a form arrive as "": absent, not invalid.
    return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== ''))
  }
  if (type.includes('application/json')) {
    try {
      return await c.req.json()
    } catch {
      throw new BadRequestError('(body)', 'not valid JSON')
    }
  }
  throw new BadRequestError('content-type', 'use application/json or application/x-www-form-urlencoded')
}

export function submissionRoutes(deps: AppDeps) {
  const app = new Hono<AuthEnv>()

  app.post('/submissions/web', allow('public'), async (c) => {
    const idempotencyKey = idempotencyKeyOf(c.req.header('idempotency-key'))
    const submission = WebSubmission.parse(await bodyOf(c))
    const { receipt, replayed } = await submit(deps.intake, {
      channel: 'web',
      submission,
      idempotencyKey,
      clientAddress: deps.clientAddress(c),
    })
    if (replayed) c.header('Idempotent-Replayed', 'true')
    return c.json(receipt, replayed ? 200 : 201)
  })

  app.post('/submissions/miniprogram', allow('public'), async (c) => {
    const idempotencyKey = idempotencyKeyOf(c.req.header('idempotency-key'))
    const submission = MiniProgramSubmission.parse(await bodyOf(c))
    const { receipt, replayed } = await submit(deps.intake, {
      channel: 'miniprogram',
      submission,
      idempotencyKey,
      clientAddress: deps.clientAddress(c),
    })
    if (replayed) c.header('Idempotent-Replayed', 'true')
    return c.json(receipt, replayed ? 200 : 201)
  })

  app.get('/submissions/:trackingCode', allow('public'), async (c) => {
    c.header('Cache-Control', 'no-store')
    const status = await lookupStatus(deps.intake, {
      trackingCode: c.req.param('trackingCode'),
      phone: c.req.query('phone') ?? '',
      clientAddress: deps.clientAddress(c),
    })
    return c.json(status)
  })

  return app
}
