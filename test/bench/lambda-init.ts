/**
 * The Lambda bundles' budgets (issue 12, "Small Lambdas"): every function built by the one bundler
 * (`infra/src/bundle/lambda-bundles.ts`, as `pnpm synth` builds them) into a temporary folder, with
 * a baseline in the same esbuild run — bare Hono and the DynamoDB document client, doing nothing —
 * and, for each, its size (raw and gzip -9) and its module init time: `import()` of the built
 * bundle in a fresh Node process, the median of ≥ 10 runs, interleaved bundle by bundle so load on
 * the machine falls on all of them alike. Each bundle sits in a folder whose parent's
 * `node_modules` is the SDK layer, so its `@aws-sdk/…` imports resolve as on Lambda from
 * `/opt/nodejs/node_modules`.
 *
 * The API, SMS and export entries read their secret at init (`getSecret`, a top-level await): a
 * stand-in Secrets Manager on 127.0.0.1 answers it (`AWS_ENDPOINT_URL_SECRETS_MANAGER`), so their
 * init includes one local round trip, as it includes one to Secrets Manager on Lambda.
 *
 * Budgets (checks: a breach fails the run): API ≤ 400 KB and init ≤ 1.5 × the baseline's; jobs
 * and SMS ≤ 300 KB each; the export function is reported only. KB = 1024 bytes, minified, not gzip.
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { buildLambdaBundles, LAMBDA_ENTRIES } from '../../infra/src/bundle/lambda-bundles'
import { repoRoot } from '../../infra/src/paths'
import { fakeSecretsManager, lambdaEnvironment } from '../support/lambda-sandbox'
import type { BenchCheck, Benchmark, BenchRow } from './run'
import { median } from './run'

const NAME = 'lambda-init'
const DESCRIPTION = "each Lambda bundle's size and module init time, against a bare Hono + DynamoDB baseline"
const KB = 1024
const BUDGETS = { api: 400 * KB, jobs: 300 * KB, sms: 300 * KB } as const
const API_INIT_RATIO = 1.5

/** The baseline: what any HTTP function on DynamoDB loads, and nothing of ours. */
const BASELINE_SOURCE = `
import { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}))
export const handler = handle(new Hono().get('/', (c) => c.json({ ready: documents !== undefined })))
`

const IMPORT_AND_TIME =
  'const started = performance.now(); const m = await import(process.argv[1]);' +
  "if (typeof m.handler !== 'function') throw new Error('no handler');" +
  'process.stdout.write(String(performance.now() - started))'

/** `import()` of `file` in a fresh Node process: the milliseconds it took, as the child measured them. */
function initMs(file: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', IMPORT_AND_TIME, pathToFileURL(file).href],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('close', (code) =>
      code === 0
        ? resolve(Number(out))
        : reject(new Error(`import of ${file} failed (${code}): ${err.slice(0, 2000)}`)),
    )
  })
}

type Measured = { name: string; bytes: number; gzipBytes: number; initMs: number[] }

/** A row of one bundle: bytes in `ops`, the median init in `latencyMs.p50` (the other columns do not apply). */
function bundleRow(m: Measured): BenchRow {
  const none = { before: Number.NaN, after: Number.NaN, retainedKbPerOp: Number.NaN }
  const sorted = [...m.initMs].sort((a, b) => a - b)
  return {
    label: m.name,
    operation: `import() of ${m.name}/index.mjs in a fresh Node process; ops = bytes`,
    ops: m.bytes,
    concurrency: 1,
    rounds: m.initMs.length,
    seconds: Number.NaN,
    opsPerSecond: Number.NaN,
    roundOpsPerSecond: [],
    latencyMs: {
      p50: median(m.initMs),
      p99: sorted.at(-1) ?? Number.NaN,
      max: sorted.at(-1) ?? Number.NaN,
      mean: m.initMs.reduce((a, b) => a + b, 0) / m.initMs.length,
    },
    heapMb: none,
    arrayBuffersMb: none,
  }
}

const kb = (bytes: number) => (bytes / KB).toFixed(1)

export const benchmark: Benchmark = {
  name: NAME,
  description: DESCRIPTION,
  async run(options) {
    const runs = options.quick ? 3 : 11
    const work = await mkdtemp(join(tmpdir(), 'hotline-bench-lambda-'))
    const { url, server } = await fakeSecretsManager()
    try {
      // `<work>/out`: the bundler's folder; `<work>/task/<name>/index.mjs` beside `<work>/node_modules`
      // (the layer), as `/var/task` resolves `/opt/nodejs/node_modules` on Lambda.
      const bundles = await buildLambdaBundles(join(work, 'out'), {
        extras: { baseline: { contents: BASELINE_SOURCE, resolveDir: join(repoRoot, 'functions', 'src') } },
      })
      options.log(
        `  built ${Object.keys(bundles.functions).length} bundles and the layer in ${bundles.seconds.toFixed(1)} s`,
      )
      await symlink(join(bundles.layer, 'nodejs', 'node_modules'), join(work, 'node_modules'), 'dir')
      const names = ['baseline', ...Object.keys(LAMBDA_ENTRIES)]
      const measured: Measured[] = []
      for (const name of names) {
        const content = await readFile(join(bundles.outDir, name, 'index.mjs'))
        await mkdir(join(work, 'task', name), { recursive: true })
        await rm(join(work, 'task', name, 'index.mjs'), { force: true })
        await symlink(join(bundles.outDir, name, 'index.mjs'), join(work, 'task', name, 'index.mjs'))
        measured.push({
          name,
          bytes: content.length,
          gzipBytes: gzipSync(content, { level: 9 }).length,
          initMs: [],
        })
      }
      const env = lambdaEnvironment({ secretsManager: url })
      for (let round = 0; round < runs; round++) {
        for (const m of measured) m.initMs.push(await initMs(join(work, 'task', m.name, 'index.mjs'), env))
        options.log(
          `  round ${round + 1}/${runs}: ${measured.map((m) => `${m.name} ${m.initMs.at(-1)?.toFixed(0)} ms`).join(', ')}`,
        )
      }

      const byName = Object.fromEntries(measured.map((m) => [m.name, m])) as Record<string, Measured>
      const baseline = byName.baseline as Measured
      const api = byName.api as Measured
      const ratioOf = (m: Measured) => median(m.initMs) / median(baseline.initMs)
      const sizeCheck = (name: keyof typeof BUDGETS): BenchCheck => {
        const m = byName[name] as Measured
        return {
          name: `${name} bundle within budget`,
          ok: m.bytes <= BUDGETS[name],
          detail: `${kb(m.bytes)} KB minified (${kb(m.gzipBytes)} KB gzip), budget ${kb(BUDGETS[name])} KB`,
        }
      }
      const checks: BenchCheck[] = [
        sizeCheck('api'),
        {
          name: 'api init within budget',
          ok: ratioOf(api) <= API_INIT_RATIO,
          detail: `median ${median(api.initMs).toFixed(1)} ms, baseline ${median(baseline.initMs).toFixed(1)} ms: ×${ratioOf(api).toFixed(2)} (budget ×${API_INIT_RATIO})`,
        },
        sizeCheck('jobs'),
        sizeCheck('sms'),
      ]
      const apiRow = bundleRow(api)
      const baselineRow = bundleRow(baseline)
      return {
        name: NAME,
        description: DESCRIPTION,
        params: {
          runs,
          buildSeconds: Number(bundles.seconds.toFixed(2)),
          layer: Object.entries(bundles.layerPackages)
            .map(([pkg, version]) => `${pkg}@${version}`)
            .join(' '),
        },
        rows: [apiRow, baselineRow],
        ratios: {
          throughput: Number.NaN,
          p50: ratioOf(api),
          p99: apiRow.latencyMs.p99 / baselineRow.latencyMs.p99,
          throughputByRound: [],
        },
        checks,
        notes: [
          'rows: ops = bytes minified; p50 = median module init ms, p99/max = slowest run (the time columns of a load test do not apply)',
          'where the API init goes beyond the baseline (layer modules, the secret read, our code): docs/lambda-bundles.md, "Budgets and where they stand"',
          ...measured.map(
            (m) =>
              `${m.name.padEnd(8)} ${kb(m.bytes).padStart(7)} KB  gzip ${kb(m.gzipBytes).padStart(6)} KB  ` +
              `init median ${median(m.initMs).toFixed(1).padStart(6)} ms  ×${ratioOf(m).toFixed(2)} baseline`,
          ),
        ],
      }
    } finally {
      server.close()
      await rm(work, { recursive: true, force: true })
    }
  },
}
