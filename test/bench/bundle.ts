/**
 * The admin app's JavaScript budget: what a first visit must download before the app runs — the
 * entry chunk `index.html` loads with `<script type="module">`, the chunks it lists as
 * `<link rel="modulepreload">`, and any chunk those import statically (the browser would fetch it
 * too, one round trip later) — each gzipped at level 9 as a server would send it, summed, against a
 * budget of 100 KB. The lazy chunks (pages, the API client and its schemas) are listed, not counted.
 *
 * The app is built with Vite's JS API and `admin/vite.config.ts`, into a temporary folder (the real
 * `admin/dist` is left alone). `--quick` measures an existing `admin/dist` instead, when there is
 * one (it may be older than the sources: the params say which was measured).
 *
 * A size, not a speed: the rows carry bytes in `ops` (the measured initial JavaScript, then the
 * budget); the time and memory columns do not apply. The ratio size / budget is in `params.ratio`.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { BenchCheck, Benchmark, BenchRow } from './run'

const NAME = 'bundle'
const DESCRIPTION = "the admin app's initial JavaScript, gzip -9, against its 100 KB budget"
const BUDGET_BYTES = 100 * 1024
const adminDir = join(import.meta.dirname, '..', '..', 'admin')

type Chunk = { path: string; bytes: number; gzipBytes: number }
/** The part of Vite's JS API used here (Vite is the admin package's dependency, not this one's). */
type Vite = { build(config: Record<string, unknown>): Promise<unknown> }

/** Vite as the admin package resolves it: the version its config and plugins are written for. */
async function loadVite(): Promise<Vite> {
  const resolved = createRequire(join(adminDir, 'package.json')).resolve('vite')
  return (await import(pathToFileURL(resolved).href)) as Vite
}

/** `vite build` of the admin app into `outDir`; its duration in seconds. */
async function buildAdmin(outDir: string): Promise<number> {
  const vite = await loadVite()
  const started = performance.now()
  await vite.build({
    root: adminDir,
    configFile: join(adminDir, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
  return (performance.now() - started) / 1000
}

/** The attributes of every `<name …>` start tag in `html` (lower-case names; a bare attribute is ''). */
function startTags(html: string, name: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'gi'))].map((tag) =>
    Object.fromEntries(
      [...(tag[1] ?? '').matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)].map(
        (a) => [(a[1] ?? '').toLowerCase(), a[2] ?? a[3] ?? a[4] ?? ''],
      ),
    ),
  )
}

/** What `index.html` asks for up front: module scripts and modulepreloads, as site paths. */
function initialUrls(html: string): { scripts: string[]; preloads: string[]; external: string[] } {
  const scripts = startTags(html, 'script')
    .filter((a) => a.type === 'module' && a.src)
    .map((a) => a.src ?? '')
  const preloads = startTags(html, 'link')
    .filter((a) => (a.rel ?? '').split(/\s+/).includes('modulepreload') && a.href)
    .map((a) => a.href ?? '')
  const isExternal = (url: string) => /^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)
  return {
    scripts: scripts.filter((u) => !isExternal(u)).map((u) => sitePath(u)),
    preloads: preloads.filter((u) => !isExternal(u)).map((u) => sitePath(u)),
    external: [...scripts, ...preloads].filter(isExternal),
  }
}

const sitePath = (url: string, base = '/') => new URL(url, new URL(base, 'https://site.invalid')).pathname

/**
 * The chunks `code` imports statically (`import … from "./x.js"`, `import "./x.js"`,
 * `export … from "./x.js"`), as site paths; dynamic `import(…)` is left out.
 */
function staticImports(code: string, chunkPath: string): string[] {
  const found = code.matchAll(
    /(?:^|[^.\w$])(?:import|export)\s*(?:[\w$\s{},*]*?\s*from\s*)?["'](\.{0,2}\/[^"']+)["']/g,
  )
  return [...found].map((m) => sitePath(m[1] ?? '', chunkPath))
}

async function measure(dist: string, path: string): Promise<Chunk> {
  const content = await readFile(join(dist, path.replace(/^\/+/, '')))
  return { path, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length }
}

async function jsFiles(dir: string, root = dir): Promise<string[]> {
  if (!existsSync(dir)) return []
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? jsFiles(join(dir, e.name), root)
        : Promise.resolve(e.name.endsWith('.js') ? [join(dir, e.name)] : []),
    ),
  )
  return nested
    .flat()
    .map((file) => (file.startsWith(root) ? `/${relative(root, file).split('\\').join('/')}` : file))
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1)

/** A row of bytes: the runner's columns of time and memory do not apply (NaN prints as '-'). */
function bytesRow(label: string, operation: string, bytes: number): BenchRow {
  const none = { before: Number.NaN, after: Number.NaN, retainedKbPerOp: Number.NaN }
  return {
    label,
    operation,
    ops: bytes,
    concurrency: 1,
    rounds: 1,
    seconds: Number.NaN,
    opsPerSecond: Number.NaN,
    roundOpsPerSecond: [],
    latencyMs: { p50: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN },
    heapMb: none,
    arrayBuffersMb: none,
  }
}

export const benchmark: Benchmark = {
  name: NAME,
  description: DESCRIPTION,
  async run(options) {
    const existing = join(adminDir, 'dist')
    const reuse = options.quick && existsSync(join(existing, 'index.html'))
    const outDir = reuse ? existing : await mkdtemp(join(tmpdir(), 'hotline-bench-bundle-'))
    try {
      let buildSeconds = Number.NaN
      if (reuse) {
        options.log(`  --quick: measuring the existing ${relative(process.cwd(), existing) || existing}`)
      } else {
        options.log(`  vite build of admin/ into ${outDir}`)
        buildSeconds = await buildAdmin(outDir)
        options.log(`  built in ${buildSeconds.toFixed(1)} s`)
      }

      // --- the initial set: index.html's module scripts and preloads, and their static imports ---
      const html = await readFile(join(outDir, 'index.html'), 'utf8')
      const { scripts, preloads, external } = initialUrls(html)
      const listed = new Set([...scripts, ...preloads])
      const initial: string[] = []
      const missing: string[] = []
      const unpreloaded: string[] = []
      const queue = [...listed]
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        if (initial.includes(path) || missing.includes(path)) continue
        const file = join(outDir, path.replace(/^\/+/, ''))
        if (!existsSync(file)) {
          missing.push(path)
          continue
        }
        initial.push(path)
        for (const imported of staticImports(await readFile(file, 'utf8'), path)) {
          if (!listed.has(imported) && !unpreloaded.includes(imported)) unpreloaded.push(imported)
          queue.push(imported)
        }
      }
      const initialChunks = await Promise.all(initial.map((path) => measure(outDir, path)))
      const initialGzip = initialChunks.reduce((sum, c) => sum + c.gzipBytes, 0)
      const initialRaw = initialChunks.reduce((sum, c) => sum + c.bytes, 0)

      // --- everything else: the lazy chunks of the app, and the citizen page apart ---------------
      const all = await jsFiles(outDir)
      const citizen = await Promise.all(
        all.filter((p) => p.startsWith('/citizen/')).map((p) => measure(outDir, p)),
      )
      const lazy = (
        await Promise.all(
          all
            .filter((p) => !initial.includes(p) && !p.startsWith('/citizen/'))
            .map((p) => measure(outDir, p)),
        )
      ).sort((a, b) => b.gzipBytes - a.gzipBytes)
      const lazyGzip = lazy.reduce((sum, c) => sum + c.gzipBytes, 0)
      const css = await Promise.all(
        startTags(html, 'link')
          .filter(
            (a) =>
              (a.rel ?? '').split(/\s+/).includes('stylesheet') && a.href && !/^[a-z]+:|^\/\//i.test(a.href),
          )
          .map((a) => measure(outDir, sitePath(a.href ?? ''))),
      )
      const ratio = initialGzip / BUDGET_BYTES

      const checks: BenchCheck[] = [
        {
          name: 'entry found',
          ok: scripts.length > 0 && missing.length === 0 && external.length === 0,
          detail:
            `${scripts.length} module script(s), ${preloads.length} modulepreload(s) in index.html` +
            (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
            (external.length > 0 ? `; from elsewhere (not measured): ${external.join(', ')}` : ''),
        },
        {
          name: 'initial JS within budget',
          ok: initialGzip <= BUDGET_BYTES,
          detail:
            `${kb(initialGzip)} KB gzip -9 (${kb(initialRaw)} KB raw) in ${initialChunks.length} chunk(s), ` +
            `budget ${kb(BUDGET_BYTES)} KB: ×${ratio.toFixed(2)}`,
        },
        {
          name: 'static imports preloaded',
          ok: unpreloaded.length === 0,
          detail:
            unpreloaded.length === 0
              ? 'every chunk the initial chunks import statically is in index.html (no request waterfall)'
              : `imported statically but not preloaded (fetched a round trip later): ${unpreloaded.join(', ')}`,
        },
      ]
      const list = (chunks: Chunk[]) =>
        chunks
          .map((c) => `${c.path.replace(/^\/assets\//, '')} ${kb(c.gzipBytes)} KB (${kb(c.bytes)} raw)`)
          .join(', ')

      return {
        name: NAME,
        description: DESCRIPTION,
        params: {
          source: reuse ? 'admin/dist (existing, --quick)' : 'vite build (temporary outDir)',
          budgetKb: BUDGET_BYTES / 1024,
          initialGzipKb: Number(kb(initialGzip)),
          ratio: Number(ratio.toFixed(3)),
          initialChunks: initialChunks.length,
          lazyChunks: lazy.length,
          lazyGzipKb: Number(kb(lazyGzip)),
          ...(reuse ? {} : { buildSeconds: Number(buildSeconds.toFixed(1)) }),
        },
        rows: [
          bytesRow(
            'initial JS',
            "bytes, gzip -9: index.html's module script, its modulepreloads, their static imports",
            initialGzip,
          ),
          bytesRow('budget', 'bytes, gzip -9: 100 KB', BUDGET_BYTES),
        ],
        ratios: { throughput: Number.NaN, p50: Number.NaN, p99: Number.NaN, throughputByRound: [] },
        checks,
        notes: [
          `rows: ops = bytes, gzip -9 (a size: the time and memory columns do not apply); initial / budget = ×${ratio.toFixed(2)}`,
          `initial: ${list(initialChunks)}`,
          `lazy (loaded on navigation, not counted), ${kb(lazyGzip)} KB gzip in all: ${list(lazy)}`,
          ...(css.length > 0 ? [`initial CSS (not counted): ${list(css)}`] : []),
          ...(citizen.length > 0 ? [`citizen page (its own page, not counted): ${list(citizen)}`] : []),
        ],
      }
    } finally {
      if (!reuse) await rm(outDir, { recursive: true, force: true })
    }
  },
}
