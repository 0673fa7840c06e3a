/**
 * Importing an NDJSON file from the browser: read it a slice at a time (never whole, so a file of
 * any size fits in memory), cut it into chunks of whole lines, send each with its `X-Line-Offset`
 * so the server numbers lines as the file does, and add the chunks' reports up — what
 * `pnpm hotline import` does from a terminal. The sending is a port, so tests need no server.
 */
import type { ImportReport } from './api/schemas'

/** Lines per request, as the CLI sends them. */
export const CHUNK_LINES = 1000
/** Bytes read from the file at a time. */
export const SLICE_BYTES = 1 << 20
/** At most this many line errors are kept; `failed` counts them all (the server keeps as many per request). */
export const MAX_KEPT_ERRORS = 1000

const NEWLINE = 0x0a
const BOM = [0xef, 0xbb, 0xbf] as const

export type Chunk = {
  /** The chunk's lines, each ending in `\n`. */
  body: Uint8Array<ArrayBuffer>
  /** Lines of the file before this chunk: the `X-Line-Offset` to send. */
  offset: number
  lines: number
  /** Bytes of the file the chunk covers (a leading byte-order mark counts with the first). */
  bytes: number
}

/** The file a slice at a time (`Blob.slice`, which every browser and jsdom have). */
export async function* slicesOf(blob: Blob, size = SLICE_BYTES): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < blob.size; start += size) {
    yield new Uint8Array(await blob.slice(start, start + size).arrayBuffer())
  }
}

function concat(parts: readonly Uint8Array[], extra: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0) + extra)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/**
 * Cuts a byte stream into chunks of `linesPerChunk` whole lines. A last line without `\n` gets
 * one; a leading byte-order mark is dropped. Blank lines are lines (the server counts them as
 * skipped), so the numbering stays the file's.
 *
 * @example
 * for await (const chunk of chunksOf(slicesOf(file), 1000)) send(chunk.body, chunk.offset)
 */
export async function* chunksOf(
  source: AsyncIterable<Uint8Array>,
  linesPerChunk = CHUNK_LINES,
): AsyncGenerator<Chunk> {
  if (!Number.isSafeInteger(linesPerChunk) || linesPerChunk < 1) {
    throw new RangeError(`lines per chunk must be a whole number ≥ 1: ${linesPerChunk}`)
  }
  let parts: Uint8Array[] = []
  let lines = 0
  let bytes = 0
  let offset = 0
  let first = true
  const cut = (extra: number): Chunk => {
    const chunk: Chunk = { body: concat(parts, extra), offset, lines, bytes }
    if (extra) chunk.body[chunk.body.length - 1] = NEWLINE
    offset += lines
    parts = []
    lines = 0
    bytes = 0
    return chunk
  }
  for await (let data of source) {
    if (first && data.length > 0) {
      first = false
      if (BOM.every((b, i) => data[i] === b)) {
        data = data.subarray(BOM.length)
        bytes += BOM.length
      }
    }
    let start = 0
    for (let newline = data.indexOf(NEWLINE); newline !== -1; newline = data.indexOf(NEWLINE, newline + 1)) {
      lines++
      if (lines === linesPerChunk) {
        parts.push(data.subarray(start, newline + 1))
        bytes += newline + 1 - start
        start = newline + 1
        yield cut(0)
      }
    }
    if (start < data.length) {
      parts.push(data.subarray(start))
      bytes += data.length - start
    }
  }
  const pending = parts.reduce((sum, p) => sum + p.length, 0)
  if (pending > 0) {
    const last = parts.at(-1)
    const ends = last !== undefined && last[last.length - 1] === NEWLINE
    if (!ends) lines++
    yield cut(ends ? 0 : 1)
  }
}

export const emptyReport = (): ImportReport => ({
  lines: 0,
  created: 0,
  updated: 0,
  applied: 0,
  duplicates: 0,
  skipped: 0,
  failed: 0,
  errors: [],
})

/** Adds a chunk's report to the file's: counts summed, errors kept in line order up to the cap. */
export function addReport(total: ImportReport, chunk: ImportReport): ImportReport {
  const room = Math.max(0, MAX_KEPT_ERRORS - total.errors.length)
  return {
    lines: total.lines + chunk.lines,
    created: total.created + chunk.created,
    updated: total.updated + chunk.updated,
    applied: total.applied + chunk.applied,
    duplicates: total.duplicates + chunk.duplicates,
    skipped: total.skipped + chunk.skipped,
    failed: total.failed + chunk.failed,
    errors: [...total.errors, ...chunk.errors.slice(0, room)],
  }
}

export type ImportProgress = { report: ImportReport; bytes: number; totalBytes: number; chunks: number }

export type ImportFileOptions = {
  /** Sends one chunk (`POST /api/v1/import` with `X-Line-Offset: offset`) and returns its report. */
  send(body: Uint8Array<ArrayBuffer>, offset: number, signal: AbortSignal | undefined): Promise<ImportReport>
  onProgress?(progress: ImportProgress): void
  linesPerChunk?: number
  signal?: AbortSignal
}

/** The server counted other lines than were sent: the numbering of every later line would be wrong. */
export class LineCountMismatch extends Error {
  override readonly name = 'LineCountMismatch'
  constructor(
    readonly offset: number,
    readonly sent: number,
    readonly counted: number,
  ) {
    super(`the server counted ${counted} lines in lines ${offset + 1}–${offset + sent}, not ${sent}`)
  }
}

/**
 * Imports `file` a chunk at a time, in order (one ticket's events must arrive in file order), and
 * returns the whole file's report. A failed chunk stops the import and throws; the chunks before
 * it are imported, and importing the file again finishes the job (the server counts them as
 * duplicates). `progress.report` says how far it got.
 */
export async function importFile(file: Blob, options: ImportFileOptions): Promise<ImportReport> {
  let report = emptyReport()
  let bytes = 0
  let chunks = 0
  for await (const chunk of chunksOf(slicesOf(file), options.linesPerChunk ?? CHUNK_LINES)) {
    options.signal?.throwIfAborted()
    const answer = await options.send(chunk.body, chunk.offset, options.signal)
    if (answer.lines !== chunk.lines) throw new LineCountMismatch(chunk.offset, chunk.lines, answer.lines)
    report = addReport(report, answer)
    bytes += chunk.bytes
    chunks++
    options.onProgress?.({ report, bytes, totalBytes: file.size, chunks })
  }
  return report
}
