/**
 * What the app knows after a decision, a reopen, an objection or a bulk decision: the deductions the
 * server answered with replace the cached ones at once (the detail and the month's list), and a
 * refusal that means the month or the list changed makes both be read again.
 */
import type { QueryClient } from '@tanstack/solid-query'
import { type Deduction, type DeductionsResponse, deductionKey, deductionsKey } from '../api/deductions'
import { monthsKey } from '../api/months'

/** The deductions the server answered with, in the detail and the month's list. */
export function applyUpdates(client: QueryClient, updated: readonly Deduction[]): void {
  const byId = new Map(updated.map((d) => [d.deductionId, d]))
  for (const d of updated) client.setQueryData(deductionKey(d.billingMonth, d.deductionId), d)
  for (const month of new Set(updated.map((d) => d.billingMonth))) {
    client.setQueryData<DeductionsResponse>(deductionsKey(month), (old) =>
      old ? { deductions: old.deductions.map((d) => byId.get(d.deductionId) ?? d) } : old,
    )
  }
  // The month's pending and decided sums (the month picker, the month close) changed with them.
  void client.invalidateQueries({ queryKey: monthsKey })
}

export const applyUpdate = (client: QueryClient, updated: Deduction): void => applyUpdates(client, [updated])

/** Reads one deduction (when given), its month's list and the months again. */
export async function reloadMonth(client: QueryClient, month: string, id?: string): Promise<void> {
  await Promise.all([
    ...(id ? [client.invalidateQueries({ queryKey: deductionKey(month, id) })] : []),
    client.invalidateQueries({ queryKey: deductionsKey(month) }),
    client.invalidateQueries({ queryKey: monthsKey }),
  ])
}
