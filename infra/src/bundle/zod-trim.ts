/**
 * zod's parts no Lambda can reach but esbuild cannot shake, cut out of the bundles.
 *
 * zod's classic API is one namespace (`z`) that re-exports its core as another (`z.core`), so
 * every export of every module it re-exports stays in any bundle that imports `z`: its 50 locales
 * (~255 KB), `z.compile` (~29 KB minified) and the JSON-Schema machinery (`toJSONSchema`,
 * `fromJSONSchema`, ~45 KB). None of our functions calls them; `assertNoTrimmedZodApi` checks
 * that on every build, from the sources that went into the bundles.
 *
 * The locales become English alone (the default zod configures itself with). Each other module
 * becomes a stub generated from the real module's export names, so a zod upgrade that adds or
 * renames an export changes the stub with it, and one whose exports cannot be listed fails the
 * build: every stubbed function throws `<name> is not in the Lambda bundles (…)` when called.
 * Some must still work where zod uses them on every schema: `createStandardJSONSchemaMethod` is
 * called in each schema's `~standard` getter (it must return a function, which throws only when
 * invoked), and `aggregateChecks` backs `.minLength`/`.format`; cheap values (`INVALID`) stay real.
 */
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, sep } from 'node:path'
import { build, type Metafile, type Plugin } from 'esbuild'

/** How a stubbed module's exports are made: `keep` re-exports the real ones, `factories` return a stub. */
export type StubPlan = { keep?: readonly string[]; factories?: readonly string[] }

/** The zod modules stubbed, by their path under `zod/v4/`. */
export const ZOD_STUBS: Readonly<Record<string, StubPlan>> = {
  'core/compile.js': { keep: ['INVALID'] },
  'core/to-json-schema.js': { factories: ['createStandardJSONSchemaMethod', 'createToJSONSchemaMethod'] },
  'core/json-schema-processors.js': { keep: ['aggregateChecks'] },
  'core/json-schema-generator.js': {},
  'classic/from-json-schema.js': {},
}

/** zod's public entries into the stubbed modules: none may appear in a source the bundles hold. */
const TRIMMED_API =
  /\b(toJSONSchema|fromJSONSchema|JSONSchemaGenerator|withParser|compileFn)\b|\bcompile\s*\(/

const ZOD_V4 = `${sep}node_modules${sep}zod${sep}v4${sep}`
const ZOD_LOCALES = `locales${sep}index.js`
const STUBBED =
  /(locales[\\/]index|compile|to-json-schema|json-schema-processors|json-schema-generator|from-json-schema)\.js$/
const REAL = 'zod-real:'

/** The message a stub throws: which function, and where to look. */
export function notBundledMessage(name: string): string {
  return `${name}${NOT_BUNDLED}`
}

const NOT_BUNDLED = ' is not in the Lambda bundles (infra/src/bundle/lambda-bundles.ts)'

/**
 * The export names of an ES module, as esbuild reads them. Fails when they cannot all be listed
 * (an `export *` names what another module exports) or when there are none.
 */
export async function exportNamesOf(file: string): Promise<string[]> {
  const source = await readFile(file, 'utf8')
  if (/\bexport\s*\*/.test(source))
    throw new Error(`${file}: has \`export *\`, its exports cannot be listed to stub it`)
  const result = await build({
    entryPoints: [file],
    bundle: false,
    format: 'esm',
    write: false,
    metafile: true,
    outdir: dirname(file),
    logLevel: 'silent',
  })
  const names = Object.values(result.metafile.outputs).flatMap((output) => output.exports)
  if (names.length === 0) throw new Error(`${file}: no exports found to stub`)
  return names
}

/**
 * The source of a stub module exporting `names`: each a function throwing `notBundledMessage`
 * (as a class too: `new` throws, `instanceof` answers false); a factory returns such a function;
 * a kept name is re-exported from `realSpecifier`. Fails when the plan names an export the
 * module does not have (zod changed: look again at what must keep working).
 */
export function stubModuleSource(names: readonly string[], plan: StubPlan, realSpecifier?: string): string {
  const known = new Set(names)
  const planned = [...(plan.keep ?? []), ...(plan.factories ?? [])]
  const missing = planned.filter((name) => !known.has(name))
  if (missing.length > 0)
    throw new Error(`the stub plan names exports the module lacks: ${missing.join(', ')}`)
  const keep = new Set(plan.keep ?? [])
  const factories = new Set(plan.factories ?? [])
  const lines = [
    `const stub = (name) => function () { throw new Error(name + ${JSON.stringify(NOT_BUNDLED)}) };`,
    'const factory = (name) => () => stub(name);',
  ]
  if (keep.size > 0) {
    if (!realSpecifier) throw new Error('kept exports need the real module')
    const kept = [...keep].map((name) => JSON.stringify(name)).join(', ')
    lines.push(`export { ${kept} } from ${JSON.stringify(realSpecifier)};`)
  }
  names.forEach((name, i) => {
    if (keep.has(name)) return
    const make = factories.has(name) ? 'factory' : 'stub'
    lines.push(`const s${i} = ${make}(${JSON.stringify(name)}); export { s${i} as ${JSON.stringify(name)} };`)
  })
  return `${lines.join('\n')}\n`
}

/** `…/node_modules/zod/v4/core/compile.js` → `core/compile.js` (null outside zod 4). */
function zodModuleOf(path: string): string | null {
  const at = path.lastIndexOf(ZOD_V4)
  return at < 0
    ? null
    : path
        .slice(at + ZOD_V4.length)
        .split(sep)
        .join('/')
}

/**
 * The esbuild plugin: zod's locales cut to English, and the modules of `ZOD_STUBS` stubbed.
 * The real module of a kept export is loaded as `zod-real:<path>`, where esbuild shakes it.
 */
export const zodTrim: Plugin = {
  name: 'zod-trim',
  setup(b) {
    b.onResolve({ filter: /^zod-real:/ }, (args) => ({ path: args.path.slice(REAL.length) }))
    b.onResolve({ filter: STUBBED }, async (args) => {
      if (args.pluginData === 'zod-trim') return undefined
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'zod-trim',
      })
      const module = zodModuleOf(resolved.path)
      if (module === null || !(module in ZOD_STUBS || resolved.path.endsWith(ZOD_LOCALES))) return undefined
      return { path: resolved.path, namespace: 'zod-trim' }
    })
    b.onLoad({ filter: /.*/, namespace: 'zod-trim' }, async (args) => {
      const resolveDir = dirname(args.path)
      if (args.path.endsWith(ZOD_LOCALES))
        return { contents: 'export { default as en } from "./en.js"', resolveDir }
      const plan = ZOD_STUBS[zodModuleOf(args.path) ?? ''] ?? {}
      const names = await exportNamesOf(args.path)
      return { contents: stubModuleSource(names, plan, `${REAL}${args.path}`), resolveDir }
    })
  },
}

/**
 * Fails when a source in the bundles (ours or a dependency's, zod's own aside) names zod's
 * trimmed API: a call that would only throw on Lambda is refused at build time instead.
 */
export async function assertNoTrimmedZodApi(metafile: Metafile, workingDir: string): Promise<void> {
  const files = Object.keys(metafile.inputs).filter((path) => !/^[\w-]+:/.test(path))
  const offenders: string[] = []
  await Promise.all(
    files.map(async (path) => {
      const file = isAbsolute(path) ? path : join(workingDir, path)
      if (zodModuleOf(file) !== null) return
      if (TRIMMED_API.test(await readFile(file, 'utf8'))) offenders.push(path)
    }),
  )
  if (offenders.length > 0) {
    throw new Error(
      `${offenders.sort().join(', ')}: uses zod's JSON Schema or compile API, stubbed in the Lambda bundles (infra/src/bundle/zod-trim.ts)`,
    )
  }
}
