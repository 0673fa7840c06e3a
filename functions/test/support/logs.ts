/** Captures the JSON log lines a Powertools logger writes to stdout, for tests. */
import { vi } from 'vitest'

/** Each JSON line written to stdout since the call, parsed; `restore()` stops capturing. */
export function capturedLogs(): { lines: Record<string, unknown>[]; restore(): void } {
  const lines: Record<string, unknown>[] = []
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) {
      if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>)
    }
    return true
  })
  return { lines, restore: () => spy.mockRestore() }
}
