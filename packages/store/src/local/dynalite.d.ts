// Types for `dynalite` (the package ships none): only what `engine.ts` uses.
declare module 'dynalite' {
  import type { Server } from 'node:http'

  export type DynaliteOptions = {
    /** LevelDB folder; in-memory when omitted. */
    path?: string
    createTableMs?: number
    deleteTableMs?: number
    updateTableMs?: number
    maxItemSizeKb?: number
    verbose?: boolean
    debug?: boolean
  }

  export default function dynalite(options?: DynaliteOptions): Server
}
