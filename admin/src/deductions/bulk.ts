/**
 * Deciding many at once (`POST …/bulk-decision`): approving a selection, or recording every ¥0
 * breach in view. What is sent is what the reviewer confirmed (each at the version seen, the count
 * and the sum); the report says what was decided and, in words, each one that could not be and why.
 * A refusal of the whole (the list changed meanwhile) is said too, and the list is read again.
 */
import { useQueryClient } from '@tanstack/solid-query'
import { createSignal } from 'solid-js'
import { type Deduction, useDeductionsApi } from '../api/deductions'
import { useErrorBodyText, useErrorText } from '../api/errors'
import { applyUpdates, reloadMonth } from './cache'
import { bulkBody } from './queue'
import { idsOf, useDeductionWords } from './words'

export type BulkReport =
  | {
      decision: 'approved' | 'acknowledged'
      count: number
      totalFen: number
      /** The ones not decided: what each is, and why, in words. */
      conflicts: { what: string; reason: string; ids: string[] }[]
    }
  | { error: string }

export function useBulkDecision() {
  const api = useDeductionsApi()
  const client = useQueryClient()
  const errorText = useErrorText()
  const bodyText = useErrorBodyText()
  const words = useDeductionWords()
  const [busy, setBusy] = createSignal(false)
  const [report, setReport] = createSignal<BulkReport | null>(null)

  /** Decides `items` of `month`; whether the request was answered (some may still have been refused). */
  async function run(
    month: string,
    decision: 'approved' | 'acknowledged',
    items: readonly Deduction[],
  ): Promise<boolean> {
    if (busy() || items.length === 0) return false
    setBusy(true)
    setReport(null)
    const byId = new Map(items.map((d) => [d.deductionId, d]))
    try {
      const answer = await api.decideMany(month, bulkBody(decision, items))
      applyUpdates(client, answer.decided)
      setReport({
        decision,
        count: answer.count,
        totalFen: answer.totalFen,
        conflicts: answer.conflicts.map((c) => {
          const { deductionId, ...body } = c
          const d = byId.get(deductionId)
          // Each refusal is a conflict with what is stored now: a 409's words. One not in the
          // selection (never expected) is named by its id, marked as an id (`translate="no"`).
          return {
            what: d ? words.label(d) : deductionId,
            reason: bodyText(body, 409),
            ids: d ? idsOf(d) : [deductionId],
          }
        }),
      })
      if (answer.conflicts.length > 0) void reloadMonth(client, month)
      return true
    } catch (err) {
      setReport({ error: errorText(err) })
      void reloadMonth(client, month)
      return false
    } finally {
      setBusy(false)
    }
  }

  return { busy, report, run }
}
