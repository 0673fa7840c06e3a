/**
 * The built bundles run: the API function as `pnpm synth` builds it (`buildLambdaBundles`), beside
 * the SDK layer as Lambda resolves it, answers API Gateway v2 events with real round trips to a
 * table (the embedded engine, as `AWS_ENDPOINT_URL_DYNAMODB`) and a stand-in Cognito issuer.
 * zod runs trimmed in the bundles (`infra/src/bundle/zod-trim.ts`): requests that parse a body, a
 * coerced query string and a discriminated union answer as the unbundled app does.
 * The metafile shows the API bundle holds no exceljs (the statement export's function has it), and
 * no function bundles Powertools (the layer has it).
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  type EmbeddedEngine,
  ensureTable,
  type LocalStore,
  startEmbeddedEngine,
  startLocalStore,
} from '@hotline/store/local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../functions/test/support/app'
import { buildLambdaBundles, type LambdaBundles } from '../../infra/src/bundle/lambda-bundles'
import { fakeIssuer, fakeSecretsManager, lambdaEnvironment } from '../support/lambda-sandbox'
import { repoRoot } from '../support/paths'

type Request = {
  method?: string
  path: string
  query?: string
  headers?: Record<string, string>
  body?: unknown
}

/** An API Gateway HTTP API (payload v2) event for `request`, a JSON body if one is given. */
function apiEvent({ method = 'GET', path, query = '', headers = {}, body }: Request) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: {
      host: 'api.example.test',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '06/Dec/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  }
}

/** The same request to the unbundled app, in process (`functions/test/support/app.ts`). */
async function inProcess({ method = 'GET', path, query = '', headers = {}, body }: Request) {
  const res = await reference.app.request(`${path}${query ? `?${query}` : ''}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { statusCode: res.status, body: await res.text() }
}

/** Imports the bundle, calls its handler with the event, writes the answer to the file given. */
const INVOKE =
  "import { writeFileSync } from 'node:fs';" +
  'const { handler } = await import(process.argv[1]);' +
  'const result = await handler(JSON.parse(process.argv[2]), { awsRequestId: "r1", functionName: "api" });' +
  'writeFileSync(process.argv[3], JSON.stringify(result)); process.exit(0)'

/** Runs `file`'s handler on `event` in a fresh Node process with `env`, as a Lambda cold start would. */
function invoke(
  file: string,
  event: object,
  env: NodeJS.ProcessEnv,
): Promise<{ statusCode: number; body: string }> {
  const answer = join(work, 'answer.json')
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', INVOKE, pathToFileURL(file).href, JSON.stringify(event), answer],
      { env, stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`exit ${code}: ${err}`))
      readFile(answer, 'utf8').then((text) => resolve(JSON.parse(text)), reject)
    })
  })
}

let work: string
let bundles: LambdaBundles
let engine: EmbeddedEngine
let secrets: Awaited<ReturnType<typeof fakeSecretsManager>>
let issuer: Awaited<ReturnType<typeof fakeIssuer>>
let env: NodeJS.ProcessEnv
let local: LocalStore
let reference: Awaited<ReturnType<typeof testApp>>

/** `request` through the built API bundle, in a fresh Node process. */
const viaBundle = (request: Request) => invoke(join(work, 'task', 'api', 'index.mjs'), apiEvent(request), env)

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hotline-bundles-run-'))
  bundles = await buildLambdaBundles(join(work, 'out'))
  // /var/task/index.mjs and /opt/nodejs/node_modules, as Lambda lays them out.
  await symlink(join(bundles.layer, 'nodejs', 'node_modules'), join(work, 'node_modules'), 'dir')
  for (const name of ['api', 'jobs'] as const) {
    await mkdir(join(work, 'task', name), { recursive: true })
    await symlink(join(bundles.functions[name], 'index.mjs'), join(work, 'task', name, 'index.mjs'))
  }
  engine = await startEmbeddedEngine()
  await ensureTable({ endpoint: engine.endpoint, tableName: 'hotline-sandbox' })
  secrets = await fakeSecretsManager()
  issuer = await fakeIssuer()
  env = lambdaEnvironment({ secretsManager: secrets.url, dynamodb: engine.endpoint, authIssuer: issuer.url })
  local = await startLocalStore()
  reference = await testApp({ store: local.store })
}, 30_000)

afterAll(async () => {
  secrets?.server.close()
  issuer?.server.close()
  await local?.close()
  await engine?.close()
  await rm(work, { recursive: true, force: true })
})

describe('the built Lambda bundles', () => {
  it('run the API: GET /api/v1/health through the handler, the SDK from the layer, answers 200', async () => {
    const result = await viaBundle({ path: '/api/v1/health' })
    expect(result.statusCode).toBe(200)
    expect(JSON.parse(result.body)).toMatchObject({ status: 'ok', table: { name: 'hotline-sandbox' } })
  })

  const form = {
    name: '王女士',
    phone: '13812345678',
    content: '小区门口路灯不亮已经三天了，晚上出行不安全。',
    category: 'request',
  }

  it('parse a web submission with zod trimmed: a valid one is a ticket, a bad one a 400 as the app gives', async () => {
    const valid = await viaBundle({ method: 'POST', path: '/api/v1/submissions/web', body: form })
    expect(valid.statusCode).toBe(201)
    expect(JSON.parse(valid.body)).toMatchObject({ ticketNumber: expect.stringMatching(/^JY\d{8}-\d{6}$/) })

    const bad: Request = {
      method: 'POST',
      path: '/api/v1/submissions/web',
      body: { ...form, phone: '12345' },
    }
    const [bundled, unbundled] = await Promise.all([viaBundle(bad), inProcess(bad)])
    expect(bundled.statusCode).toBe(400)
    expect(JSON.parse(bundled.body).error.fields).toEqual([expect.objectContaining({ path: 'phone' })])
    expect({ status: bundled.statusCode, body: JSON.parse(bundled.body) }).toEqual({
      status: unbundled.statusCode,
      body: JSON.parse(unbundled.body),
    })
  })

  it("coerce a query string with zod trimmed: a staff list answers, a bad limit is the app's 400", async () => {
    const staff = { authorization: `Bearer ${issuer.tokenFor(['agency_reviewer'])}` }
    const listed = await viaBundle({
      path: '/api/v1/tickets',
      query: 'dueBefore=2099-01-01T00:00:00.000Z&limit=5',
      headers: staff,
    })
    expect(listed.statusCode).toBe(200)
    expect(JSON.parse(listed.body)).toMatchObject({ tickets: [expect.objectContaining({ channel: 'web' })] })

    const bad: Request = { path: '/api/v1/tickets', query: 'dueBefore=2099-01-01T00:00:00.000Z&limit=many' }
    const bundled = await viaBundle({ ...bad, headers: staff })
    const unbundled = await inProcess({
      ...bad,
      headers: { authorization: await reference.bearer('agency_reviewer') },
    })
    expect(bundled.statusCode).toBe(400)
    expect(JSON.parse(bundled.body)).toEqual(JSON.parse(unbundled.body))
    expect(JSON.parse(bundled.body).error.fields).toEqual([expect.objectContaining({ path: 'limit' })])
  })

  it('refuse a jobs event outside its discriminated union, naming the field, not a trimmed zod part', async () => {
    const refused = invoke(join(work, 'task', 'jobs', 'index.mjs'), { job: 'daily', date: 'yesterday' }, env)
    await expect(refused).rejects.toThrow(/JobsEventError/)
    await expect(refused).rejects.toThrow(/date/)
    await expect(refused).rejects.not.toThrow(/is not in the Lambda bundles/)
  })

  it('keep exceljs out of the API bundle, and in the export one', () => {
    const outputs = bundles.metafiles.functions.outputs
    const of = (name: string) =>
      Object.keys(
        Object.entries(outputs).find(([path]) => path.endsWith(`${name}/index.mjs`))?.[1].inputs ?? {},
      )
    expect(of('api').length).toBeGreaterThan(0)
    expect(of('api').some((input) => input.includes('/exceljs/'))).toBe(false)
    expect(of('export').some((input) => input.includes('/exceljs/'))).toBe(true)
  })

  it('take Powertools from the layer, subpath imports too, each with the version our lockfile pins', async () => {
    const bundled = Object.values(bundles.metafiles.functions.outputs).flatMap((output) =>
      Object.keys(output.inputs),
    )
    expect(bundled.some((input) => input.includes('/@aws-lambda-powertools/'))).toBe(false)
    // Exactly the versions functions/package.json pins.
    const pinned = JSON.parse(
      await readFile(join(repoRoot, 'functions', 'package.json'), 'utf8'),
    ).dependencies
    expect(bundles.layerPackages).toMatchObject({
      '@aws-lambda-powertools/logger': pinned['@aws-lambda-powertools/logger'],
      '@aws-lambda-powertools/parameters': pinned['@aws-lambda-powertools/parameters'],
      '@aws-lambda-powertools/tracer': pinned['@aws-lambda-powertools/tracer'],
    })
    const logger = join(bundles.layer, 'nodejs', 'node_modules', '@aws-lambda-powertools', 'logger')
    expect(JSON.parse(await readFile(join(logger, 'package.json'), 'utf8')).exports).toEqual({
      '.': './index.mjs',
      './middleware': './middleware/index.mjs',
    })
  })
})
