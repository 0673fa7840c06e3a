/**
 * `pnpm hotline`: the project CLI. `import` sends an NDJSON file to a running API; `demo` writes a
 * realistic month of records; `replay` recomputes a month's KPIs and deductions from a file in
 * memory (the auditor's check of a bill); `jobs` runs a daily or monthly job on a running API.
 * Environment (read once here): HOTLINE_URL, HOTLINE_API_KEY,
 * HOTLINE_USER, HOTLINE_PASSWORD. Exit codes: 0 done, 1 some line failed, 2 usage, connection
 * or credentials.
 */
import { LocalDateSchema, MonthSchema } from '@hotline/domain'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { z } from 'zod'
import { EnvError, parseEnv } from '../env'
import { runDemo } from './demo-command'
import { DEMO_DEFAULTS } from './demo-defaults'
import { CliError, EXIT } from './errors'
import { DEFAULT_CHUNK_LINES, runImport } from './import-command'
import { runJobsCommand } from './jobs-command'
import { runReplay } from './replay-command'

// The pinned SDK warns that its releases after January 2027 need Node 22: known, see docs/architecture.md.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const CliEnv = z.object({
  HOTLINE_URL: z.string().min(1).default('http://localhost:3000'),
  HOTLINE_API_KEY: z.string().min(1).optional(),
  HOTLINE_USER: z.string().min(1).optional(),
  HOTLINE_PASSWORD: z.string().min(1).optional(),
})

function wholeNumber(label: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value)
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${label} must be a whole number from ${min} to ${max}.`)
    }
    return n
  }
}

function positive(value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0 || n > 100)
    throw new InvalidArgumentError('must be above 0 and at most 100.')
  return n
}

function month(value: string): string {
  if (!MonthSchema.safeParse(value).success) throw new InvalidArgumentError('must be a month YYYY-MM.')
  return value
}

function date(value: string): string {
  if (!LocalDateSchema.safeParse(value).success) throw new InvalidArgumentError('must be a date YYYY-MM-DD.')
  return value
}

/** The options every command that talks to a running API takes. */
function withServer(command: Command, env: z.infer<typeof CliEnv>): Command {
  return command
    .addOption(new Option('--url <url>', 'API base URL (env HOTLINE_URL)').default(env.HOTLINE_URL))
    .addOption(new Option('--api-key <key>', 'an API key, sent as X-Api-Key (env HOTLINE_API_KEY)'))
    .addOption(
      new Option('--user <name>', 'sign in as this user (env HOTLINE_USER; localhost default: reviewer)'),
    )
    .addOption(new Option('--password <password>', "the user's password (env HOTLINE_PASSWORD)"))
}

function buildProgram(env: z.infer<typeof CliEnv>, exit: (code: number) => void): Command {
  const program = new Command()
    .name('hotline')
    .description(
      '12345 hotline platform: import records into a running API, write a demo month, replay a month in memory, run a job.',
    )
    .showHelpAfterError()
    .exitOverride()

  program
    .command('import')
    .description(
      'Import an NDJSON file (SPEC §9) of any size through the API, in chunks, with line-numbered errors.',
    )
    .argument('<file>', 'the .ndjson file')
    .addOption(new Option('--url <url>', 'API base URL (env HOTLINE_URL)').default(env.HOTLINE_URL))
    .addOption(new Option('--api-key <key>', 'an API key, sent as X-Api-Key (env HOTLINE_API_KEY)'))
    .addOption(
      new Option('--user <name>', 'sign in as this user (env HOTLINE_USER; localhost default: reviewer)'),
    )
    .addOption(new Option('--password <password>', "the user's password (env HOTLINE_PASSWORD)"))
    .addOption(
      new Option('--chunk <lines>', 'lines per request at most (a request also stops at 4 MiB)')
        .default(DEFAULT_CHUNK_LINES)
        .argParser(wholeNumber('--chunk', 1, 100_000)),
    )
    .option('--json', 'print the report as one JSON object (no progress bar)', false)
    .addHelpText(
      'after',
      '\nExit code 0 when every line was applied or a duplicate, 1 when a line failed, 2 on usage, connection or credential errors.',
    )
    .action(async (file: string, opts: Record<string, unknown>) => {
      exit(
        await runImport(file, {
          url: String(opts.url),
          apiKey: (opts.apiKey as string | undefined) ?? env.HOTLINE_API_KEY,
          user: (opts.user as string | undefined) ?? env.HOTLINE_USER,
          password: (opts.password as string | undefined) ?? env.HOTLINE_PASSWORD,
          chunk: opts.chunk as number,
          json: opts.json === true,
        }),
      )
    })

  program
    .command('demo')
    .description("Write a realistic, reproducible month of a city's 12345 hotline as NDJSON, in time order.")
    // The defaults are the month `pnpm dev` shows (DEMO_DEFAULTS): replaying the file gives its bill.
    .addOption(new Option('--month <YYYY-MM>', 'the month').default(DEMO_DEFAULTS.month).argParser(month))
    .addOption(
      new Option('--seed <n>', 'random seed')
        .default(DEMO_DEFAULTS.seed)
        .argParser(wholeNumber('--seed', 0, 2 ** 31 - 1)),
    )
    .addOption(
      new Option('--scale <x>', 'volume: 1 ≈ 800 calls a working day')
        .default(DEMO_DEFAULTS.scale)
        .argParser(positive),
    )
    .option(
      '--out <file>',
      'write here instead of stdout (pnpm prints its own header on stdout: use --out or pnpm -s)',
    )
    .action(async (opts: { month: string; seed: number; scale: number; out?: string }) => {
      exit(await runDemo(opts))
    })

  program
    .command('replay')
    .description(
      "Recompute a month's KPIs and draft deductions from an NDJSON file (SPEC §9) in a fresh in-memory store: the auditor's check of a bill.",
    )
    .argument('<file>', 'the .ndjson file')
    .requiredOption('--month <YYYY-MM>', 'the month to bill', month)
    .option('--terms <file>', 'a contract-terms document (JSON); default: the built-in jiyuan-2026')
    .option('--json', 'print exactly one JSON object (docs/replay.md); progress stays on stderr', false)
    .addHelpText(
      'after',
      '\nExit code 0 when every line was loaded, 1 when a line failed (the result is still printed), 2 on usage errors (a bad terms document names its fields).',
    )
    .action(async (file: string, opts: { month: string; terms?: string; json: boolean }) => {
      exit(await runReplay(file, { month: opts.month, terms: opts.terms, json: opts.json === true }))
    })

  const jobs = program
    .command('jobs')
    .description('Run a daily or monthly job on a running API (an agency reviewer only).')
  const server = (opts: Record<string, unknown>) => ({
    url: String(opts.url),
    apiKey: (opts.apiKey as string | undefined) ?? env.HOTLINE_API_KEY,
    user: (opts.user as string | undefined) ?? env.HOTLINE_USER,
    password: (opts.password as string | undefined) ?? env.HOTLINE_PASSWORD,
    json: opts.json === true,
  })
  withServer(jobs.command('daily'), env)
    .description('Run the daily job for a local day (KPIs of the day, deadlines that expired on it).')
    .requiredOption('--date <YYYY-MM-DD>', 'the day', date)
    .option('--json', 'print the summary as one JSON object', false)
    .action(async (opts: Record<string, unknown>) => {
      exit(await runJobsCommand({ job: 'daily', date: String(opts.date) }, server(opts)))
    })
  withServer(jobs.command('monthly'), env)
    .description('Run the monthly job for a month (monthly KPIs, weekly checks, roll-ups).')
    .requiredOption('--month <YYYY-MM>', 'the month', month)
    .option('--json', 'print the summary as one JSON object', false)
    .action(async (opts: Record<string, unknown>) => {
      exit(await runJobsCommand({ job: 'monthly', month: String(opts.month) }, server(opts)))
    })

  return program
}

async function main(): Promise<number> {
  let code: number = EXIT.ok
  try {
    const env = parseEnv(CliEnv)
    await buildProgram(env, (c) => {
      code = c
    }).parseAsync(process.argv)
    return code
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.error
    if (err instanceof CliError || err instanceof EnvError) {
      console.error(`hotline: ${err.message}`)
      return EXIT.error
    }
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return code
    console.error('hotline: unexpected error:', err)
    return EXIT.error
  }
}

process.exitCode = await main()
