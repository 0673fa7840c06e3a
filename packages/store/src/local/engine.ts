/**
 * The embedded engine: dynalite (DynamoDB's wire API over LevelDB) started in this process.
 *
 * No Docker, no JVM, no cloud account. With `path` it persists to a LevelDB folder
 * (local mode); without, it keeps everything in memory (tests). It listens on loopback
 * only, on an ephemeral port unless one is given.
 */
/// <reference path="./dynalite.d.ts" />
import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import dynalite from 'dynalite'
import { inProcessHandler } from './in-process'

export type EngineOptions = {
  /** LevelDB folder for a persistent store; omit for in-memory. */
  path?: string | undefined
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number | undefined
}

export type EmbeddedEngine = {
  /** `http://127.0.0.1:<port>`, to pass to `createStore({ endpoint })`. */
  readonly endpoint: string
  readonly persistent: boolean
  /** An SDK request handler that gives requests to the engine in this process (`in-process.ts`). */
  readonly requestHandler: ReturnType<typeof inProcessHandler>
  close(): Promise<void>
}

export async function startEmbeddedEngine({ path, port = 0 }: EngineOptions = {}): Promise<EmbeddedEngine> {
  if (path) await mkdir(path, { recursive: true })
  // Tables are ACTIVE at once: nothing local should wait for the simulated CREATING state.
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port: actualPort } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    endpoint: `http://127.0.0.1:${actualPort}`,
    persistent: Boolean(path),
    requestHandler: inProcessHandler(
      server.listeners('request')[0] as Parameters<typeof inProcessHandler>[0],
    ),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err?: Error) => (err ? reject(err) : resolve()))
        // Keep-alive sockets from SDK clients would hold the close open.
        server.closeIdleConnections()
      })
      return closing
    },
  }
}
