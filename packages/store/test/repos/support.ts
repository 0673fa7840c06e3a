/**
 * What the repository tests share: one embedded engine per file, fixtures of the shapes the
 * repositories store, and the check that every stored key is one `keys.ts` spells.
 */
import type { DeductionDraft, Ticket } from '@hotline/domain'
import { afterAll, beforeAll, expect } from 'vitest'
import { indexKeys, keys, partitions, recordPrefixes, type Store } from '../../src'
import { type LocalStore, startLocalStore } from '../../src/local'
import { scanAllItems } from '../../src/local/testing'

/** Starts one in-memory engine for the calling test file and closes it after; call at module level. */
export function useLocalStore(): () => LocalStore {
  let local: LocalStore | undefined
  beforeAll(async () => {
    local = await startLocalStore()
  })
  afterAll(async () => {
    await local?.close()
  })
  return () => {
    if (!local) throw new Error('the local store is not started yet')
    return local
  }
}

/** About 4 KB of text (4,000 characters, the longest an incident's description may be): with a few
 * hundred of them a partition outgrows one 1 MB Query page. */
export const FOUR_KB = 'x'.repeat(4000)

/** Every partition-key prefix `keys.ts` spells, read from its builders (so a new one is found here too). */
function knownPrefixes(): Set<string> {
  const head = (key: string) => key.split('#')[0] as string
  const built = [
    keys.system('s').pk,
    keys.ticket('t').pk,
    keys.tracking('c').pk,
    keys.inbound('s', 'm').pk,
    keys.sequence('n').pk,
    keys.outbox('2026-10-09', 'a', 'i').pk,
    keys.episode('2026-10-09', 's').pk,
    keys.month('2026-10').pk,
    keys.deduction('2026-10', 'd').pk,
    keys.rate('s', 's', '0').pk,
    keys.user('u').pk,
    keys.payment(1).pk,
    keys.calendarYear(2026).pk,
    keys.department('d').pk,
    keys.apiKey('k').pk,
    keys.jobState('daily').pk,
    keys.kpiResult('2026-10', 'k').pk,
    keys.jobRun('daily', 'p', 'a').pk,
    keys.agentFirstDuty('a').pk,
    keys.firstDutyOfMonth('2026-10', 'a').pk,
    keys.staffEvent('s', 'a', 't').pk,
    keys.phoneSearch('2026-10', 'a', 'i').pk,
    ...Object.values(recordPrefixes),
    ...Object.values(partitions).flatMap((p) => (typeof p === 'string' ? [p] : [])),
  ]
  return new Set(built.map(head))
}

const GSI_PREFIXES = new Set(
  [
    indexKeys.citizen('c', 'a', 't').gsi1pk,
    indexKeys.staffTraining('s', 'a').gsi1pk,
    indexKeys.deductionStatus('draft', 'm', 'd').gsi1pk,
    indexKeys.openClock('a', 't').gsi2pk,
  ].map((k) => k.split('#')[0] as string),
)

/**
 * Asserts that every item in the table has a partition key (and index keys) with a prefix that
 * `keys.ts` spells: a repository that concatenated a key of its own would show up here.
 */
export async function expectOnlyKnownKeys(local: LocalStore): Promise<void> {
  const prefixes = knownPrefixes()
  const items = await scanAllItems(local)
  expect(items.length).toBeGreaterThan(0)
  for (const item of items) {
    expect(prefixes, `pk ${String(item.pk)}`).toContain(String(item.pk).split('#')[0])
    for (const index of ['gsi1pk', 'gsi2pk'] as const)
      if (item[index] !== undefined)
        expect(GSI_PREFIXES, `${index} ${String(item[index])}`).toContain(String(item[index]).split('#')[0])
  }
}

/** The stored item at `key`, read with the test-only Scan (to see attributes a repository hides). */
export async function storedItem(
  local: LocalStore,
  key: { pk: string; sk: string },
): Promise<Record<string, unknown> | undefined> {
  return (await scanAllItems(local)).find((i) => i.pk === key.pk && i.sk === key.sk)
}

/** Of `promises` (racing writers), how many fulfilled and the reasons of those that were rejected. */
export async function settle(promises: readonly Promise<unknown>[]) {
  const results = await Promise.allSettled(promises)
  return {
    won: results.filter((r) => r.status === 'fulfilled').length,
    errors: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
    values: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
  }
}

/** A ticket as intake creates it: received, no clocks unless `nextDue` is given. */
export function ticketFixture(id: string, over: Partial<Ticket> = {}): Ticket {
  const receivedAt = over.receivedAt ?? '2026-10-09T02:00:00.000Z'
  return {
    ticketId: id,
    trackingCode: null,
    channel: 'web',
    category: null,
    content: '路灯不亮',
    name: null,
    location: null,
    phoneMasked: '138****5678',
    openid: null,
    status: 'received',
    receivedAt,
    needsTransfer: false,
    needsCallback: false,
    emergency: false,
    events: [{ type: 'received', at: receivedAt }],
    messages: [],
    survey: null,
    rating: null,
    clocks: [],
    nextDue: null,
    version: 1,
    updatedAt: receivedAt,
    ...over,
  }
}

/** A job's draft of a daily connection deduction for `period` (a day) of `amountFen`. */
export function draftFixture(
  period: string,
  amountFen: number,
  subject: string | null = null,
): DeductionDraft {
  return {
    id: `connection:${period}${subject ? `:${subject}` : ''}`,
    kpi: 'connection',
    period,
    subject,
    amountFen,
    clause: '§5.1',
    termsVersion: 'jiyuan-2026',
    basis: { value: { num: 175, den: 200 }, target: { kind: 'min', bp: 9000 } },
    evidence: { ids: ['call-1'], figures: { offered: 200 } },
    formula: { zh: `${period} 接通率低于目标`, en: `${period} connection below target` },
  }
}

/** `store`, counting the requests sent through it by command name (`PutCommand`, `QueryCommand`…). */
export function countingStore(store: Store): { sent: string[]; store: Store } {
  const sent: string[] = []
  const send = (command: { constructor: { name: string } }) => {
    sent.push(command.constructor.name)
    return store.doc.send(command as Parameters<Store['doc']['send']>[0])
  }
  return { sent, store: { ...store, doc: { send } as unknown as Store['doc'] } }
}
