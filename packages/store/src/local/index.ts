/**
 * Local mode's store: the embedded engine plus a ready table, in one call.
 *
 * @example
 * const local = await startLocalStore()            // in-memory, for a test
 * const local = await startLocalStore({ path })    // persistent, for `pnpm dev`
 * await getHealth(local.store)
 * await local.close()
 */
import { createStore, type Store } from '../client'
import { DEFAULT_TABLE_NAME } from '../table'
import { type EmbeddedEngine, type EngineOptions, startEmbeddedEngine } from './engine'
import { ensureTable } from './tables'

export { type EmbeddedEngine, type EngineOptions, startEmbeddedEngine } from './engine'
export { createTableInput, dropTable, ensureTable } from './tables'

export type LocalStore = {
  readonly store: Store
  readonly engine: EmbeddedEngine
  /** True when this start created the table (a fresh data folder or in-memory). */
  readonly createdTable: boolean
  close(): Promise<void>
}

export async function startLocalStore(
  options: EngineOptions & {
    tableName?: string | undefined
    /** false: the store talks to the engine over loopback HTTP, as another process would. */
    inProcess?: boolean | undefined
  } = {},
): Promise<LocalStore> {
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME
  const engine = await startEmbeddedEngine(options)
  try {
    const createdTable = await ensureTable({ endpoint: engine.endpoint, tableName })
    const store = createStore({
      endpoint: engine.endpoint,
      tableName,
      engine: 'dynalite',
      ...(options.inProcess === false ? {} : { requestHandler: engine.requestHandler }),
    })
    return {
      store,
      engine,
      createdTable,
      async close() {
        store.doc.destroy()
        await engine.close()
      },
    }
  } catch (err) {
    await engine.close()
    throw err
  }
}
