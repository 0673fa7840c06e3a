/**
 * The zod trim of the Lambda bundles (`src/bundle/zod-trim.ts`): stubs generated from a module's
 * real export names, which throw only when called, and a build that refuses a source calling the
 * trimmed API. The built bundles answering through zod: test/integration/lambda-bundles.test.ts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  assertNoTrimmedZodApi,
  exportNamesOf,
  notBundledMessage,
  stubModuleSource,
  ZOD_STUBS,
  zodTrim,
} from '../src/bundle/zod-trim'
import { repoRoot } from '../src/paths'

const zodV4 = join(dirname(createRequire(join(repoRoot, 'functions', 'package.json')).resolve('zod')), 'v4')

let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hotline-zod-trim-'))
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

/** Imports `source` as an ES module from a file. */
async function importSource(name: string, source: string): Promise<Record<string, unknown>> {
  const file = join(work, `${name}.mjs`)
  await writeFile(file, source)
  return import(pathToFileURL(file).href)
}

describe('zod trim', () => {
  it('lists every stubbed module of the installed zod, and every name its plan keeps or makes a factory', async () => {
    for (const [module, plan] of Object.entries(ZOD_STUBS)) {
      const names = await exportNamesOf(join(zodV4, module))
      expect(names.length, module).toBeGreaterThan(0)
      expect(names, module).toEqual(expect.arrayContaining([...(plan.keep ?? []), ...(plan.factories ?? [])]))
    }
  })

  it("refuses a module whose exports cannot be listed (an `export *`), and a plan naming an export that's gone", async () => {
    await expect(exportNamesOf(join(zodV4, 'core', 'index.js'))).rejects.toThrow(/export \*/)
    expect(() => stubModuleSource(['compile'], { factories: ['createToJSONSchemaMethod'] })).toThrow(
      /lacks: createToJSONSchemaMethod/,
    )
  })

  it('makes a stub that throws when called or constructed, and a factory whose result throws only when called', async () => {
    const stub = await importSource(
      'stub',
      stubModuleSource(['toJSONSchema', 'JSONSchemaGenerator', 'createStandardJSONSchemaMethod', 'default'], {
        factories: ['createStandardJSONSchemaMethod'],
      }),
    )
    const call = (name: string) => () => (stub[name] as (...args: unknown[]) => unknown)({})
    expect(call('toJSONSchema')).toThrow(notBundledMessage('toJSONSchema'))
    expect(call('default')).toThrow(notBundledMessage('default'))
    const Generator = stub.JSONSchemaGenerator as new () => unknown
    expect(() => new Generator()).toThrow(notBundledMessage('JSONSchemaGenerator'))
    const method = (stub.createStandardJSONSchemaMethod as (...args: unknown[]) => () => unknown)({}, 'input')
    expect(typeof method).toBe('function')
    expect(() => method()).toThrow(notBundledMessage('createStandardJSONSchemaMethod'))
  })

  it("builds zod with its parts trimmed: schemas parse, `~standard` is made, toJSONSchema throws, INVALID is zod's", async () => {
    const entry = join(work, 'entry.mjs')
    await writeFile(
      entry,
      "import { z } from 'zod'\n" +
        'const schema = z.object({ n: z.coerce.number().int(), name: z.string().min(2) })\n' +
        'export const parsed = schema.parse({ n: "3", name: "ok" })\n' +
        'export const failed = schema.safeParse({ n: "x", name: "" }).error.issues.map((i) => i.path.join("."))\n' +
        "export const standard = typeof schema['~standard'].jsonSchema.input\n" +
        'export const minLength = z.string().min(2).minLength\n' +
        'export const invalid = z.INVALID === Symbol.for("zod.compile.invalid")\n' +
        'export const toJSONSchema = () => z.toJSONSchema(schema)\n',
    )
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      nodePaths: [join(repoRoot, 'functions', 'node_modules')],
      plugins: [zodTrim],
      logLevel: 'silent',
    })
    const built = await importSource('built', result.outputFiles[0]?.text ?? '')
    expect(built.parsed).toEqual({ n: 3, name: 'ok' })
    expect(built.failed).toEqual(['n', 'name'])
    expect(built.standard).toBe('function')
    expect(built.minLength).toBe(2)
    expect(built.invalid).toBe(true)
    expect(built.toJSONSchema).toThrow(notBundledMessage('toJSONSchema'))
  })

  it('refuses a build whose sources call the trimmed API', async () => {
    const file = join(work, 'uses-json-schema.ts')
    await writeFile(file, "import { z } from 'zod'\nexport const schema = z.toJSONSchema(z.string())\n")
    const metafile = { inputs: { [file]: { bytes: 1, imports: [] } }, outputs: {} }
    await expect(assertNoTrimmedZodApi(metafile, work)).rejects.toThrow(
      /uses-json-schema\.ts: uses zod's JSON Schema/,
    )
    await writeFile(file, "import { z } from 'zod'\nexport const schema = z.string()\n")
    await expect(assertNoTrimmedZodApi(metafile, work)).resolves.toBeUndefined()
  })
})
