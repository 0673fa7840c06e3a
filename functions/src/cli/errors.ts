/** Errors the CLI reports in one line and exits 2 for: bad usage, no connection, refused credentials. */

export type CliErrorKind = 'usage' | 'connection' | 'auth' | 'server'

export class CliError extends Error {
  override readonly name = 'CliError'

  constructor(
    readonly kind: CliErrorKind,
    message: string,
  ) {
    super(message)
  }
}

/** Exit codes: 0 all applied or duplicates, 1 some line failed, 2 usage, connection or auth. */
export const EXIT = { ok: 0, linesFailed: 1, error: 2 } as const
