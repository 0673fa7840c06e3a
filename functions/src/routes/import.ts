/**
 * `POST /api/v1/import`: an NDJSON body of SPEC §9 records (`importLines`: records written in
 * batches, each ticket's events in order, tickets in parallel). A bad line is reported with its
 * number (`X-Line-Offset` shifts the numbering for a chunk of a larger file) and writes nothing;
 * re-importing the same lines changes nothing. The request body is read as a stream. One request
 * is what a Lambda takes — a 6 MB event, the function's timeout — so `pnpm hotline import` sends a
 * large file in chunks (`cli/import.ts`: 10,000 lines or 4 MiB at most).
 */
import { Hono } from 'hono'
import type { RouteDeps } from '../app'
import { type AuthEnv, allow, principalOf } from '../auth/middleware'
import { importLines } from '../operations/ingest'
import { BadRequestError } from '../problems'

/** Splits a byte stream into lines without holding the whole body. */
async function* linesOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder()
  let buffer = ''
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true })
    let newline = buffer.indexOf('\n')
    while (newline >= 0) {
      yield buffer.slice(0, newline)
      buffer = buffer.slice(newline + 1)
      newline = buffer.indexOf('\n')
    }
  }
  buffer += decoder.decode()
  if (buffer !== '') yield buffer
}

export function importRoutes(deps: RouteDeps) {
  return new Hono<AuthEnv>().post('/import', allow('agency_reviewer', 'integration'), async (c) => {
    const offset = c.req.header('x-line-offset')
    const firstLine = offset === undefined ? 1 : Number(offset) + 1
    if (!Number.isSafeInteger(firstLine) || firstLine < 1) {
      throw new BadRequestError('x-line-offset', 'must be a whole number of lines already sent')
    }
    const body = c.req.raw.body
    if (!body) throw new BadRequestError('(body)', 'send NDJSON: one record per line')
    const report = await importLines(deps.intake, linesOf(body), {
      source: 'import',
      principal: principalOf(c),
      firstLine,
    })
    return c.json(report)
  })
}
