/**
 * The one Lambda bundler: every function of the platform in ONE esbuild run, and the layer that
 * ships the AWS SDK they share, pinned at our lockfile's versions. `pnpm synth` (through
 * `infra/bin/app.ts`), the infra tests, `pnpm bench --only lambda-init` and the bundle smoke test
 * all build with this, so what is measured and tested is what deploys.
 *
 * Why the SDK lives in a layer: bundled into each function, the SDK alone makes a bare Hono +
 * DynamoDB function 367 KB, and no function could meet its budget (docs/lambda-bundles.md). Kept
 * external, the function bundles import `@aws-sdk/…` at run time, and Lambda resolves ES module
 * imports from a layer's `nodejs/node_modules` (`/opt/nodejs/node_modules`). The layer is ours, not
 * the runtime's SDK: the same code and versions as the tests run.
 *
 * Output under `outDir`:
 * - `<name>/index.mjs`: one folder per function, its whole asset (no source map inside);
 * - `layer/nodejs/node_modules/<package>/index.mjs`: each layer package as one ESM module, with a
 *   `package.json` naming its version; what the packages share (the Smithy core, credentials) is
 *   in `layer/nodejs/node_modules/.chunks/`, loaded once however many clients a function imports;
 * - `sourcemaps/<name>/index.mjs.map`: the functions' source maps, apart from their assets
 *   (uploaded on their own: docs/operations-runbook.md, "Reading a stack trace");
 * - `meta/functions.json`, `meta/layer.json`: esbuild's metafiles (what went into each bundle).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { type BuildOptions, build, type Metafile, type OutputFile, type Plugin } from 'esbuild'
import { repoRoot } from '../paths'
import { assertNoTrimmedZodApi, zodTrim } from './zod-trim'

/** Every Lambda function: its asset folder's name and its entry module (relative to the repository). */
export const LAMBDA_ENTRIES = {
  api: 'functions/src/handler.ts',
  sms: 'functions/src/sns-main.ts',
  jobs: 'functions/src/jobs-main.ts',
  export: 'functions/src/export-main.ts',
} as const

export type LambdaName = keyof typeof LAMBDA_ENTRIES

/**
 * The packages the functions take from the layer instead of bundling them: the AWS SDK clients we
 * pin, Powertools for AWS Lambda (as AWS ships it, in a layer; the X-Ray SDK its Tracer loads goes
 * with it). A function importing another `@aws-sdk/` or `@aws-lambda-powertools/` package fails the
 * build (add it here), so nothing is silently taken from the runtime's own SDK. A subpath import
 * (`@aws-lambda-powertools/logger/middleware`) is a layer entry of its own when the package's
 * `exports` map lists it.
 */
export const LAYER_PACKAGES = [
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-pinpoint-sms-voice-v2',
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/metrics',
  '@aws-lambda-powertools/tracer',
  '@aws-lambda-powertools/parameters',
  '@aws-lambda-powertools/commons',
  'aws-xray-sdk-core',
] as const

/** Where a layer package is looked up when its importer cannot resolve it (see `layerExternals`). */
const WORKSPACE_PACKAGES = ['functions', 'packages/store'].map((dir) => join(repoRoot, dir))

/** The Lambda runtime's Node.js is 24; the toolchain's floor is 20, and the bundle runs on both. */
const TARGET = 'node20'

/** CommonJS dependencies inside an ESM bundle still call `require()` for Node built-ins. */
const REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"

export type LambdaBundles = {
  outDir: string
  /** `<outDir>/<name>` per function (and per extra entry): the folder to deploy as its code. */
  functions: Record<LambdaName, string> & Record<string, string>
  /** `<outDir>/layer`: the layer's content (`nodejs/node_modules/…`). */
  layer: string
  /** `<outDir>/sourcemaps`: one `<name>/index.mjs.map` per function. */
  sourceMaps: string
  /** The layer packages the functions import, with the version built into the layer. */
  layerPackages: Record<string, string>
  metafiles: { functions: Metafile; layer: Metafile }
  /** Wall-clock time of the two esbuild runs and the writes, in seconds. */
  seconds: number
}

/** `@aws-sdk/client-dynamodb/dist-es/x.js` → `@aws-sdk/client-dynamodb`; `zod/v4` → `zod`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier)
}

/** The folder of `pkg` inside a resolved file's path (`…/node_modules/<pkg>/…`). */
function packageRootOf(file: string, pkg: string): string {
  const marker = `${sep}node_modules${sep}${pkg.split('/').join(sep)}${sep}`
  const at = file.lastIndexOf(marker)
  if (at < 0) throw new Error(`${pkg} resolved outside node_modules: ${file}`)
  return file.slice(0, at + marker.length - 1)
}

/** What the functions import from the layer: each package's folder, and the specifiers used. */
type LayerImports = { roots: Map<string, string>; specifiers: Set<string> }

/** The `exports` keys of the package at `root` (`.`, `./middleware`, …). */
async function exportKeysOf(root: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { exports?: unknown }
  return manifest.exports && typeof manifest.exports === 'object' ? Object.keys(manifest.exports) : ['.']
}

/**
 * Keeps the layer packages out of the function bundles, and records where each was resolved from
 * (the package that depends on it, so the version in our lockfile). Any other `@aws-sdk/` or
 * Powertools import is an error: it would otherwise be bundled, or taken from the runtime's SDK.
 */
function layerExternals(imports: LayerImports): Plugin {
  const layer = new Set<string>(LAYER_PACKAGES)
  const resolvedFrom = imports.roots
  return {
    name: 'layer-externals',
    setup(b) {
      b.onResolve({ filter: /^(@aws-sdk\/|@aws-lambda-powertools\/|aws-xray-sdk-core)/ }, async (args) => {
        if (args.pluginData === 'layer-externals') return undefined
        const pkg = packageNameOf(args.path)
        if (!layer.has(pkg)) {
          return {
            errors: [{ text: `${pkg} is not in LAYER_PACKAGES (infra/src/bundle/lambda-bundles.ts)` }],
          }
        }
        // As the importer resolves it; an entry outside the workspace packages (the benchmark's
        // baseline) takes the copy a workspace package depends on.
        let resolved = await b.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: 'layer-externals',
        })
        for (const dir of WORKSPACE_PACKAGES) {
          if (resolved.errors.length === 0) break
          resolved = await b.resolve(args.path, {
            kind: args.kind,
            resolveDir: dir,
            pluginData: 'layer-externals',
          })
        }
        if (resolved.errors.length > 0) return { errors: resolved.errors }
        const root = packageRootOf(resolved.path, pkg)
        const seen = resolvedFrom.get(pkg)
        if (seen && seen !== root) {
          return { errors: [{ text: `${pkg} resolves to two copies: ${seen} and ${root}; pin one version` }] }
        }
        const subpath = `.${args.path.slice(pkg.length)}`
        if (!(await exportKeysOf(root)).includes(subpath))
          return {
            errors: [
              { text: `${args.path}: ${pkg}'s exports map has no ${subpath}; import what it exports` },
            ],
          }
        resolvedFrom.set(pkg, root)
        imports.specifiers.add(args.path)
        return { path: args.path, external: true }
      })
    },
  }
}

/** What every build shares: ESM for Node, minified and tree-shaken, ES modules preferred. */
const COMMON: BuildOptions & { metafile: true; write: false } = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: TARGET,
  minify: true,
  treeShaking: true,
  mainFields: ['module', 'main'],
  outExtension: { '.js': '.mjs' },
  banner: { js: REQUIRE_BANNER },
  legalComments: 'none',
  charset: 'utf8',
  metafile: true,
  write: false,
  logLevel: 'error',
  absWorkingDir: repoRoot,
}

/** Writes esbuild's in-memory outputs, each where `placeOf` says (or not at all when it says null). */
async function writeOutputs(
  files: OutputFile[],
  placeOf: (file: OutputFile) => string | null,
): Promise<void> {
  await Promise.all(
    files.map(async (file) => {
      const place = placeOf(file)
      if (place === null) return
      await mkdir(dirname(place), { recursive: true })
      await writeFile(place, file.contents)
    }),
  )
}

/** A module given as source, built beside the functions (the benchmark's baseline). */
export type ExtraEntry = { contents: string; resolveDir: string }

/** Serves `extra-entry:<name>` from `extras`. */
function extraEntries(extras: Record<string, ExtraEntry>): Plugin {
  return {
    name: 'extra-entries',
    setup(b) {
      b.onResolve({ filter: /^extra-entry:/ }, (args) => ({ path: args.path, namespace: 'extra-entry' }))
      b.onLoad({ filter: /.*/, namespace: 'extra-entry' }, (args) => {
        const extra = extras[args.path.slice('extra-entry:'.length)]
        return extra ? { contents: extra.contents, resolveDir: extra.resolveDir, loader: 'ts' } : undefined
      })
    },
  }
}

/** The functions (and `extras`), each in its folder; their maps under `sourcemaps/`. */
async function buildFunctions(
  outDir: string,
  imports: LayerImports,
  extras: Record<string, ExtraEntry>,
): Promise<Metafile> {
  const result = await build({
    ...COMMON,
    entryPoints: {
      ...Object.fromEntries(
        Object.entries(LAMBDA_ENTRIES).map(([name, entry]) => [`${name}/index`, join(repoRoot, entry)]),
      ),
      ...Object.fromEntries(Object.keys(extras).map((name) => [`${name}/index`, `extra-entry:${name}`])),
    },
    outdir: outDir,
    sourcemap: 'external',
    sourcesContent: true,
    plugins: [zodTrim, layerExternals(imports), extraEntries(extras)],
  })
  await assertNoTrimmedZodApi(result.metafile, repoRoot)
  await writeOutputs(result.outputFiles, (file) =>
    file.path.endsWith('.map') ? join(outDir, 'sourcemaps', relative(outDir, file.path)) : file.path,
  )
  return result.metafile
}

type PackageJson = { name: string; version: string }

/**
 * The layer: each package (and subpath) the functions import, as `node_modules/<specifier>/index.mjs`
 * with a `package.json` whose `exports` lists them, built from the copy the functions resolved (our
 * lockfile's). One esbuild run with code splitting, so what the packages share (the Smithy core,
 * Powertools' commons) is one chunk, and the credential providers the SDK loads on demand stay lazy.
 */
async function buildLayer(
  layerDir: string,
  imports: LayerImports,
): Promise<{ metafile: Metafile; versions: Record<string, string> }> {
  const modules = join(layerDir, 'nodejs', 'node_modules')
  const specifiers = [...imports.specifiers].sort()
  const rootOf = (specifier: string) => imports.roots.get(packageNameOf(specifier)) ?? ''
  const result = await build({
    ...COMMON,
    entryPoints: Object.fromEntries(
      specifiers.map((specifier) => [`${specifier}/index`, `layer-entry:${specifier}`]),
    ),
    outdir: modules,
    splitting: true,
    chunkNames: '.chunks/[name]-[hash]',
    plugins: [
      {
        name: 'layer-entries',
        setup(b) {
          // Each entry resolves as its package does from the function that imported it.
          b.onResolve({ filter: /^layer-entry:/ }, (args) => {
            const specifier = args.path.slice('layer-entry:'.length)
            return b.resolve(specifier, { kind: 'entry-point', resolveDir: dirname(rootOf(specifier)) })
          })
        },
      },
    ],
  })
  assertOneCopyEach(result.metafile, imports.roots)
  await writeOutputs(result.outputFiles, (file) => file.path)
  const versions: Record<string, string> = {}
  for (const [pkg, root] of [...imports.roots].sort(([a], [b]) => a.localeCompare(b))) {
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as PackageJson
    const exports = Object.fromEntries(
      specifiers
        .filter((specifier) => packageNameOf(specifier) === pkg)
        .map((specifier) => {
          const sub = specifier.slice(pkg.length)
          return [`.${sub}`, `.${sub}/index.mjs`]
        }),
    )
    const layerManifest = { name: manifest.name, version: manifest.version, type: 'module', exports }
    await writeFile(join(modules, pkg, 'package.json'), `${JSON.stringify(layerManifest, null, 2)}\n`)
    versions[pkg] = manifest.version
  }
  return { metafile: result.metafile, versions }
}

/**
 * Fails when the layer holds code of a layer package from another copy than the functions
 * resolved (a Powertools package bundling its own SDK client of another version, say).
 */
function assertOneCopyEach(metafile: Metafile, roots: Map<string, string>): void {
  for (const input of Object.keys(metafile.inputs)) {
    const file = join(repoRoot, input)
    for (const [pkg, root] of roots) {
      if (
        file.includes(`${sep}node_modules${sep}${pkg.split('/').join(sep)}${sep}`) &&
        !file.startsWith(`${root}${sep}`)
      )
        throw new Error(
          `the layer holds a second copy of ${pkg}: ${file} (the functions use ${root}); pin one version`,
        )
    }
  }
}

/**
 * Builds every function and the layer into `outDir` (emptied first). Fails when a function
 * imports an `@aws-sdk/` or Powertools package not in LAYER_PACKAGES, or two versions of one.
 */
export async function buildLambdaBundles(
  outDir: string,
  { extras = {} }: { extras?: Record<string, ExtraEntry> } = {},
): Promise<LambdaBundles> {
  const started = performance.now()
  await rm(outDir, { recursive: true, force: true })
  const imports: LayerImports = { roots: new Map(), specifiers: new Set() }
  const functions = await buildFunctions(outDir, imports, extras)
  const layerDir = join(outDir, 'layer')
  const layer = await buildLayer(layerDir, imports)
  await mkdir(join(outDir, 'meta'), { recursive: true })
  await writeFile(join(outDir, 'meta', 'functions.json'), JSON.stringify(functions))
  await writeFile(join(outDir, 'meta', 'layer.json'), JSON.stringify(layer.metafile))
  return {
    outDir,
    functions: Object.fromEntries(
      Object.keys(LAMBDA_ENTRIES).map((name) => [name, join(outDir, name)]),
    ) as Record<LambdaName, string>,
    layer: layerDir,
    sourceMaps: join(outDir, 'sourcemaps'),
    layerPackages: layer.versions,
    metafiles: { functions, layer: layer.metafile },
    seconds: (performance.now() - started) / 1000,
  }
}
