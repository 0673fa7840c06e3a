/**
 * `pnpm hotline jobs daily --date YYYY-MM-DD` and `pnpm hotline jobs monthly --month YYYY-MM`: runs
 * a job on a running server (`POST /api/v1/jobs/daily {date}`, `POST /api/v1/jobs/monthly
 * {month}`), signed in as `import` is (an API key, or a user; on localhost the demo reviewer), and
 * prints the run's summary — or one JSON object with `--json`. Only an agency reviewer may run jobs.
 */
import { z } from 'zod'
import { CliError, EXIT } from './errors'
import {
  authenticate,
  baseUrl,
  type Http,
  messageOf,
  prefixOf,
  request,
  resolveAuth,
  unreachable,
} from './import'

export type JobRequest = { job: 'daily'; date: string } | { job: 'monthly'; month: string }

export type JobsCommandOptions = {
  url: string
  apiKey?: string | undefined
  user?: string | undefined
  password?: string | undefined
  json: boolean
}

/** What the server answers (`functions/src/jobs/jobs.ts`, `JobSummary`). */
const JobSummary = z.object({
  jobRunId: z.string(),
  job: z.enum(['daily', 'monthly']),
  period: z.string(),
  results: z.number(),
  breaches: z.number(),
  deductions: z.record(z.string(), z.number()),
  records: z.record(z.string(), z.number()),
})
export type JobSummary = z.infer<typeof JobSummary>

export const JOB_ROLE = 'agency_reviewer'

/**
 * Signs in and runs the job on the server; returns its summary. Throws `CliError` when the server
 * cannot be reached, the credentials are refused or may not run jobs, or the job fails.
 */
export async function runJobOnServer(
  job: JobRequest,
  options: Omit<JobsCommandOptions, 'json'> & { fetch?: typeof fetch; timeoutMs?: number },
): Promise<JobSummary> {
  const auth = await resolveAuth(options)
  const http: Http = {
    fetch: options.fetch ?? globalThis.fetch,
    base: baseUrl(options.url),
    // A month's job on a busy month reads every record of it: give it time.
    timeoutMs: options.timeoutMs ?? 15 * 60_000,
  }
  let headers: Record<string, string>
  try {
    headers = await authenticate(http, auth)
  } catch (err) {
    // `authenticate` checks the import roles (a reviewer or an integration); jobs take a reviewer.
    if (err instanceof CliError && err.kind === 'auth' && / may not import: /.test(err.message)) {
      throw new CliError(
        'auth',
        err.message.replace(/ may not import: .*$/, ` may not run jobs: it takes ${JOB_ROLE}`),
      )
    }
    throw err
  }
  const what = job.job === 'daily' ? `the daily job for ${job.date}` : `the monthly job for ${job.month}`
  let res: Response
  try {
    res = await request(http, `/api/v1/jobs/${job.job}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(job.job === 'daily' ? { date: job.date } : { month: job.month }),
    })
  } catch (err) {
    throw unreachable(http, err)
  }
  if (res.status === 401) throw new CliError('auth', `the server refused ${what}: ${await messageOf(res)}`)
  if (res.status === 403) {
    throw new CliError('auth', `the server refused ${what}: ${await messageOf(res)} (it takes ${JOB_ROLE})`)
  }
  if (res.status === 400) throw new CliError('usage', `the server refused ${what}: ${await messageOf(res)}`)
  if (!res.ok) throw new CliError('server', `${what} failed on ${http.base.origin}: ${await messageOf(res)}`)
  const summary = JobSummary.safeParse(await res.json().catch(() => null))
  if (!summary.success)
    throw new CliError('server', `unexpected answer to ${what} from ${prefixOf(http.base)}`)
  return summary.data
}

const counts = (record: Record<string, number>): string => {
  const entries = Object.entries(record)
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')
}

/** The text report of one run. */
export function formatJobSummary(summary: JobSummary, url: string): string {
  return [
    `Ran the ${summary.job} job for ${summary.period} on ${url} (run ${summary.jobRunId})`,
    '',
    `  results      ${summary.results.toLocaleString('en')}`,
    `  breaches     ${summary.breaches.toLocaleString('en')}`,
    `  deductions   ${counts(summary.deductions)}`,
    `  records      ${counts(summary.records)}`,
  ].join('\n')
}

/** Runs the job and prints its summary; returns the exit code (errors throw `CliError`). */
export async function runJobsCommand(job: JobRequest, options: JobsCommandOptions): Promise<number> {
  const summary = await runJobOnServer(job, options)
  console.log(
    options.json ? JSON.stringify(summary) : formatJobSummary(summary, prefixOf(baseUrl(options.url))),
  )
  return EXIT.ok
}
