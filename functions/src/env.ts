/**
 * Environment parsing: one zod schema per entry point, parsed once at start, failing fast
 * with every bad variable named. Nothing else in the code reads `process.env`.
 */
import { z } from 'zod'
import { DEMO_DEFAULTS } from './cli/demo-defaults'

export class EnvError extends Error {
  override readonly name = 'EnvError'
}

/** Parses `source` (default `process.env`) with `schema`, or throws naming each bad variable. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(source)
  if (result.success) return result.data
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`)
  throw new EnvError(`invalid environment:\n${lines.join('\n')}`)
}

/** The API Lambda's environment (set by `infra/`). */
export const LambdaEnv = z.object({
  TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1),
  APP_VERSION: z.string().min(1).default('dev'),
  /** The Secrets Manager secret holding `AppSecrets` (vault keys, SMS token, WeChat). */
  SECRET_ARN: z.string().min(1),
  /** Cognito user pool issuer, `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  AUTH_ISSUER: z.url(),
  /** Comma-separated app client ids whose access tokens are accepted. */
  AUTH_CLIENT_IDS: z
    .string()
    .min(1)
    .transform((s) =>
      s
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  /** End User Messaging phone number or pool to send from; unset: SMS are only recorded in the outbox. */
  SMS_ORIGINATION_IDENTITY: z.string().min(1).optional(),
  /**
   * The Secrets Manager secret whose value CloudFront sends as `X-Origin-Verify`; set, the API
   * refuses requests without it and takes the caller's address from `X-Viewer-Address`.
   */
  ORIGIN_SECRET_ARN: z.string().min(1).optional(),
})
export type LambdaEnv = z.infer<typeof LambdaEnv>

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1')

/** Local mode's environment (`pnpm dev`); every variable optional. */
export const LocalEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Folder for the embedded engine's LevelDB files; relative to the repository root. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** `true` keeps the store in memory: nothing survives a restart. */
  HOTLINE_IN_MEMORY: flag,
  TABLE_NAME: z.string().min(1).default('hotline'),
  APP_VERSION: z.string().min(1).default('dev'),
  /** A fresh store is filled with a generated demo month, and its jobs run. */
  HOTLINE_DEMO: z
    .enum(['true', 'false', '1', '0', ''])
    .default('true')
    .transform((v) => v !== 'false' && v !== '0'),
  HOTLINE_DEMO_MONTH: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
    .default(DEMO_DEFAULTS.month),
  /** 1 is a full month of a mid-size city (~50,000 records); the default is `DEMO_DEFAULTS.scale`. */
  HOTLINE_DEMO_SCALE: z.coerce.number().positive().max(4).default(DEMO_DEFAULTS.scale),
})
export type LocalEnv = z.infer<typeof LocalEnv>

/** The two-way SMS Lambda's environment. */
export const SmsEnv = LambdaEnv.pick({
  TABLE_NAME: true,
  AWS_REGION: true,
  SECRET_ARN: true,
  SMS_ORIGINATION_IDENTITY: true,
})

/** The scheduled jobs Lambda's environment: the table only (the jobs read no secret). */
export const JobsEnv = LambdaEnv.pick({ TABLE_NAME: true, AWS_REGION: true })
export type JobsEnv = z.infer<typeof JobsEnv>
