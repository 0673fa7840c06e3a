/**
 * Deductions (SPEC §6): drafted by the jobs, decided by agency reviewers. One item per deduction,
 * filed under its billing month, holding the current draft, its revision history, the decision,
 * an objection, the audit log and the links of a superseding record — so each change is one
 * conditional write.
 *
 * Re-running a job syncs its drafts: an unchanged draft is left alone, a changed one is revised in
 * place (the previous content kept in `revisions`), one no longer breached is withdrawn. A decided
 * deduction is never changed by a job: a superseding draft is created and the two are linked.
 */

import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import {
  DECIDED_STATUSES,
  type DecisionKind,
  Deduction,
  type DeductionDraft,
  type DeductionStatus,
  type DeductionTally,
  type DeductionWrite,
  deductionConflict,
  inScope,
  type JobScope,
} from '@hotline/domain'
import type { Store } from '../client'
import { mapLimited } from '../concurrency'
import { conditionHeld, type ItemUpdate, updateItem } from '../conditional'
import { ConflictError, conflictOf, missingOf } from '../errors'
import { indexKeys, keys, partitions } from '../keys'
import { parseItem, queryParsed, queryPartition } from '../query'
import { billingMonth } from './kpis'

export { DEDUCTION_STATUSES, Deduction, DeductionStatus } from '@hotline/domain'

const DECIDED = DECIDED_STATUSES
/** A deduction no month close has frozen (items written before `frozenBy` existed have none). */
const NOT_FROZEN = '(attribute_not_exists(frozenBy) OR attribute_type(frozenBy, :nullType))'

/** The draft as the record stores it (the domain type's readonly arrays, as plain JSON). */
const stored = (draft: DeductionDraft): Deduction['draft'] => draft as unknown as Deduction['draft']

const keyOf = keys.deduction
const statusIndex = indexKeys.deductionStatus
const parse = (item: Record<string, unknown>): Deduction => parseItem(Deduction, item)

export async function getDeduction(
  store: Store,
  month: string,
  deductionId: string,
): Promise<Deduction | null> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: keyOf(month, deductionId), ConsistentRead: true }),
  )
  return Item ? parse(Item) : null
}

/** A billing month's deductions, optionally only those whose id starts with `prefix` (a kpi, a kpi and period). */
export async function deductionsOfMonth(store: Store, month: string, prefix?: string): Promise<Deduction[]> {
  return queryPartition(store, partitions.deductionsOf(month), Deduction, { prefix, consistent: true })
}

/** The `gsi1` Query of the deductions in one status, across months. */
const inStatus = (status: DeductionStatus) => ({
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk',
  ExpressionAttributeValues: { ':pk': partitions.deductionsIn(status) },
})

/** Deductions in one status across months (gsi1), for the review queue. */
export async function deductionsByStatus(store: Store, status: DeductionStatus): Promise<Deduction[]> {
  return queryParsed(store, inStatus(status), Deduction)
}

const TALLY_FIELDS = [
  'deductionId',
  'billingMonth',
  '#status',
  'amountFen',
  'finalAmountFen',
  'supersededBy',
  'withdrawal',
] as const
const Tally = Deduction.pick({
  deductionId: true,
  billingMonth: true,
  status: true,
  amountFen: true,
  finalAmountFen: true,
  supersededBy: true,
  withdrawal: true,
})

/** The figures of every deduction in one status across months (gsi1, projected): the month list's counts. */
export async function deductionTalliesByStatus(
  store: Store,
  status: DeductionStatus,
): Promise<DeductionTally[]> {
  return queryParsed(
    store,
    {
      ...inStatus(status),
      ProjectionExpression: [...TALLY_FIELDS, 'pk', 'sk'].join(', '),
      ExpressionAttributeNames: { '#status': 'status' },
    },
    Tally,
  )
}

/** What makes two computations of a draft the same: amount, words, figures and terms. */
const contentOf = (d: DeductionDraft | Record<string, unknown>) =>
  JSON.stringify([d.amountFen, d.formula, d.basis, d.evidence, d.termsVersion, d.clause])

export type SyncOutcome = 'created' | 'unchanged' | 'revised' | 'superseded' | 'withdrawn' | 'reinstated'

type JobMeta = { jobRunId: string; at: string }

function newItem(
  draft: DeductionDraft,
  id: string,
  meta: JobMeta,
  extra: Partial<Deduction> = {},
): Deduction {
  const month = billingMonth(draft.period)
  return {
    deductionId: id,
    billingMonth: month,
    kpi: draft.kpi,
    period: draft.period,
    subject: draft.subject,
    status: 'draft',
    draft: stored(draft),
    amountFen: draft.amountFen,
    finalAmountFen: null,
    decision: null,
    objection: null,
    withdrawal: false,
    supersedes: null,
    supersededBy: null,
    revisions: [],
    previousDecisions: [],
    frozenBy: null,
    version: 1,
    draftedAt: meta.at,
    updatedAt: meta.at,
    audit: [
      { at: meta.at, by: `job:${meta.jobRunId}`, action: 'draft', detail: { amountFen: draft.amountFen } },
    ],
    ...extra,
  }
}

async function putNew(store: Store, item: Deduction): Promise<boolean> {
  return conditionHeld(
    store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          ...keyOf(item.billingMonth, item.deductionId),
          ...statusIndex(item.status, item.billingMonth, item.deductionId),
          ...item,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  )
}

/** Replaces the draft content of an undecided deduction at the version read, recording the revision. */
async function revise(
  store: Store,
  current: Deduction,
  next: { draft: DeductionDraft | null; status: 'draft' | 'withdrawn'; reason: string },
  meta: JobMeta,
): Promise<boolean> {
  const revision = {
    at: meta.at,
    jobRunId: meta.jobRunId,
    previousAmountFen: current.amountFen,
    previousFormula: (current.draft.formula as { zh: string; en: string }) ?? { zh: '', en: '' },
    previousStatus: current.status,
    reason: next.reason,
  }
  const { gsi1pk, gsi1sk } = statusIndex(next.status, current.billingMonth, current.deductionId)
  return conditionHeld(
    store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keyOf(current.billingMonth, current.deductionId),
        UpdateExpression:
          'SET #status = :status, draft = :draft, amountFen = :amount, revisions = list_append(revisions, :rev), ' +
          'version = version + :one, updatedAt = :at, gsi1pk = :g1pk, gsi1sk = :g1sk, audit = list_append(audit, :audit)',
        ConditionExpression: 'version = :v',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': next.status,
          ':draft': next.draft ?? current.draft,
          ':amount': next.draft?.amountFen ?? current.amountFen,
          ':rev': [revision],
          ':one': 1,
          ':at': meta.at,
          ':g1pk': gsi1pk,
          ':g1sk': gsi1sk,
          ':v': current.version,
          ':audit': [
            {
              at: meta.at,
              by: `job:${meta.jobRunId}`,
              action: next.status === 'withdrawn' ? 'withdraw' : 'revise',
              detail: { reason: next.reason },
            },
          ],
        },
      }),
    ),
  )
}

/** The live record of an id: the end of its supersession chain. */
async function latest(store: Store, month: string, id: string): Promise<Deduction | null> {
  let current = await getDeduction(store, month, id)
  for (let hops = 0; current?.supersededBy && hops < 50; hops++)
    current = await getDeduction(store, month, current.supersededBy)
  return current
}

/** Creates a draft superseding a decided deduction, then links the decided one to it. */
async function supersede(
  store: Store,
  decided: Deduction,
  draft: DeductionDraft,
  meta: JobMeta,
  withdrawal: boolean,
): Promise<void> {
  const base = decided.deductionId.replace(/~\d+$/, '')
  const n = Number(/~(\d+)$/.exec(decided.deductionId)?.[1] ?? '1') + 1
  const successor = newItem(draft, `${base}~${n}`, meta, {
    supersedes: decided.deductionId,
    withdrawal,
    ...(withdrawal ? { amountFen: 0, draft: stored({ ...draft, amountFen: 0 }) } : {}),
  })
  await putNew(store, successor)
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: keyOf(decided.billingMonth, decided.deductionId),
      UpdateExpression: 'SET supersededBy = :s, audit = list_append(audit, :a)',
      ConditionExpression: 'attribute_type(supersededBy, :null) OR supersededBy = :s',
      ExpressionAttributeValues: {
        ':s': successor.deductionId,
        ':null': 'NULL',
        ':a': [
          {
            at: meta.at,
            by: `job:${meta.jobRunId}`,
            action: 'superseded',
            detail: { by: successor.deductionId },
          },
        ],
      },
    }),
  )
}

/**
 * Brings the stored deductions of the scopes a job evaluated (`kpi:period` prefixes) in line with
 * the drafts it computed, and returns what happened to each id. The scopes are read once, in
 * parallel; each draft is then created, kept, revised or superseded on its own condition, at most
 * `IN_FLIGHT` at a time, and whatever the scopes hold that is no longer drafted is withdrawn.
 */
export async function syncDeductions(
  store: Store,
  input: { drafts: readonly DeductionDraft[]; scopes: readonly JobScope[] },
  meta: JobMeta,
): Promise<Map<string, SyncOutcome>> {
  const computed = new Map(input.drafts.map((d) => [d.id, d]))
  // What each scope holds, every version, read once (consistently) before anything is written.
  const scopes = input.scopes.map((scope) => ({
    scope,
    month: billingMonth(scope.period),
    prefix: `${scope.kpi}:${scope.period}`,
  }))
  const held = await mapLimited(
    scopes,
    ({ month, prefix }) => deductionsOfMonth(store, month, prefix),
    IN_FLIGHT,
  )
  const stored = new Map(held.flat().map((d) => [`${d.billingMonth}\u0000${d.deductionId}`, d]))
  /** The live record of a draft's id as the scopes were read; undefined if no scope covers it. */
  const known = (draft: DeductionDraft): Deduction | null | undefined => {
    const month = billingMonth(draft.period)
    if (!scopes.some((s) => s.month === month && draft.id.startsWith(s.prefix))) return undefined
    let current = stored.get(`${month}\u0000${draft.id}`) ?? null
    for (let hops = 0; current?.supersededBy && hops < 50; hops++) {
      const next = stored.get(`${month}\u0000${current.supersededBy}`)
      if (!next) return undefined
      current = next
    }
    return current
  }
  const drafted = await mapLimited(
    input.drafts,
    (draft) => syncOne(store, draft, meta, known(draft)),
    IN_FLIGHT,
  )
  // Stored deductions of the evaluated scopes that the job no longer drafts: withdrawn, each once.
  const gone = new Map<string, Deduction>()
  for (const [i, { scope }] of scopes.entries()) {
    for (const deduction of held[i] ?? []) {
      const baseId = deduction.deductionId.replace(/~\d+$/, '')
      if (computed.has(baseId) || deduction.supersededBy || deduction.withdrawal) continue
      if (!inScope(scope, deduction)) continue
      gone.set(`${deduction.billingMonth}\u0000${deduction.deductionId}`, deduction)
    }
  }
  const withdrawn = await mapLimited(
    [...gone.values()],
    (deduction) => withdraw(store, deduction, meta),
    IN_FLIGHT,
  )
  const outcomes = new Map<string, SyncOutcome>()
  for (const [i, draft] of input.drafts.entries()) outcomes.set(draft.id, drafted[i] as SyncOutcome)
  for (const [i, deduction] of [...gone.values()].entries()) {
    outcomes.set(deduction.deductionId.replace(/~\d+$/, ''), withdrawn[i] as SyncOutcome)
  }
  return outcomes
}

/** Deductions a job syncs at once: each is its own item, written on its own condition. */
const IN_FLIGHT = 8

/**
 * One draft brought in line with its stored record: `first` is that record as the scopes were read
 * (null: none; undefined: not read, so read it now); a write another writer's change refused is
 * tried again from the record as it then is.
 */
async function syncOne(
  store: Store,
  draft: DeductionDraft,
  meta: JobMeta,
  first?: Deduction | null,
): Promise<SyncOutcome> {
  const month = billingMonth(draft.period)
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = attempt === 0 && first !== undefined ? first : await latest(store, month, draft.id)
    if (!current) {
      if (await putNew(store, newItem(draft, draft.id, meta))) return 'created'
      continue
    }
    const same = !current.withdrawal && contentOf(current.draft) === contentOf(draft)
    if (current.status === 'draft' && same) return 'unchanged'
    if (DECIDED.includes(current.status)) {
      if (same) return 'unchanged'
      await supersede(store, current, draft, meta, false)
      return 'superseded'
    }
    const reinstated = current.status === 'withdrawn'
    if (
      await revise(
        store,
        current,
        {
          draft,
          status: 'draft',
          reason: reinstated ? 'breach again after new data' : 'recomputed with new data',
        },
        meta,
      )
    ) {
      return reinstated ? 'reinstated' : 'revised'
    }
  }
  throw new ConflictError(`deduction ${draft.id} kept changing while the job synced it`)
}

async function withdraw(store: Store, stored: Deduction, meta: JobMeta): Promise<SyncOutcome> {
  if (stored.status === 'withdrawn') return 'unchanged'
  if (stored.status === 'draft') {
    await revise(
      store,
      stored,
      { draft: null, status: 'withdrawn', reason: 'no longer a breach after new data' },
      meta,
    )
    return 'withdrawn'
  }
  const draft = {
    ...stored.draft,
    id: stored.deductionId.replace(/~\d+$/, ''),
    kpi: stored.kpi,
    period: stored.period,
    subject: stored.subject,
  } as DeductionDraft
  await supersede(store, stored, draft, meta, true)
  return 'superseded'
}

/**
 * A reviewer's decision at the version they saw: approve (withhold the drafted amount), reject
 * (withhold nothing), adjust (withhold `amountFen`, with a reason) or acknowledge (a ¥0 breach,
 * recorded). Only a draft no month close has frozen is decided; the rules on amounts are the
 * caller's (`decisionRefusal`), checked on the same version this write is conditional on.
 */
export async function decideDeduction(
  store: Store,
  month: string,
  deductionId: string,
  decision: {
    decision: DecisionKind
    amountFen?: number | undefined
    reason?: string | undefined
    by: string
    at: string
    expectedVersion: number
  },
  /** The deduction as the caller read it (read here when not given); the write holds only at `expectedVersion`. */
  seen?: Deduction,
): Promise<Deduction> {
  const current = seen ?? (await getDeduction(store, month, deductionId))
  if (!current) throw notFound(month, deductionId)
  const finalAmount =
    decision.decision === 'approved'
      ? current.amountFen
      : decision.decision === 'adjusted'
        ? (decision.amountFen ?? 0)
        : 0
  const record = {
    decision: decision.decision,
    by: decision.by,
    at: decision.at,
    amountFen: finalAmount,
    reason: decision.reason ?? null,
  }
  const objection = current.objection
    ? { ...current.objection, answer: decision.reason ?? decision.decision, answeredAt: decision.at }
    : null
  const { gsi1pk, gsi1sk } = statusIndex(decision.decision, month, deductionId)
  return updateDeduction(
    store,
    month,
    deductionId,
    {
      UpdateExpression:
        'SET #status = :status, decision = :d, finalAmountFen = :final, objection = :objection, version = version + :one, ' +
        'updatedAt = :at, gsi1pk = :g1pk, gsi1sk = :g1sk, audit = list_append(audit, :audit)',
      ConditionExpression: `version = :v AND #status = :draft AND ${NOT_FROZEN}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': decision.decision,
        ':d': record,
        ':final': finalAmount,
        ':objection': objection,
        ':one': 1,
        ':at': decision.at,
        ':g1pk': gsi1pk,
        ':g1sk': gsi1sk,
        ':v': decision.expectedVersion,
        ':draft': 'draft',
        ':nullType': 'NULL',
        ':audit': [
          {
            at: decision.at,
            by: decision.by,
            action: decision.decision,
            detail: {
              before: current.amountFen,
              after: finalAmount,
              ...(decision.reason ? { reason: decision.reason } : {}),
              // Only written after the reviewer confirmed it (the route refuses it unconfirmed).
              ...(decision.decision === 'adjusted' && finalAmount > current.amountFen
                ? { aboveDraft: true }
                : {}),
            },
          },
        ],
      },
    },
    { write: 'decide', expectedVersion: decision.expectedVersion },
  )
}

/**
 * Undoes a decision at the version the reviewer saw, with their reason: the deduction is a draft
 * again, its decision kept in `previousDecisions`, an objection's answer cleared (its text kept).
 * Refused when a month close froze it, a newer record superseded it, or it is not decided.
 */
export async function reopenDeduction(
  store: Store,
  month: string,
  deductionId: string,
  reopen: { reason: string; by: string; at: string; expectedVersion: number },
  /** The deduction as the caller read it (read here when not given); the write holds only at `expectedVersion`. */
  seen?: Deduction,
): Promise<Deduction> {
  const current = seen ?? (await getDeduction(store, month, deductionId))
  if (!current) throw notFound(month, deductionId)
  const { gsi1pk, gsi1sk } = statusIndex('draft', month, deductionId)
  const objection = current.objection ? { ...current.objection, answer: null, answeredAt: null } : null
  return updateDeduction(
    store,
    month,
    deductionId,
    {
      UpdateExpression:
        'SET #status = :draft, previousDecisions = list_append(if_not_exists(previousDecisions, :empty), :previous), ' +
        'decision = :null, finalAmountFen = :null, objection = :objection, version = version + :one, updatedAt = :at, ' +
        'gsi1pk = :g1pk, gsi1sk = :g1sk, audit = list_append(audit, :audit)',
      ConditionExpression: `version = :v AND #status IN (${DECIDED.map((_, i) => `:s${i}`).join(', ')}) AND attribute_type(supersededBy, :nullType) AND ${NOT_FROZEN}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':draft': 'draft',
        ':empty': [],
        ':previous': current.decision ? [current.decision] : [],
        ':null': null,
        ':nullType': 'NULL',
        ':objection': objection,
        ':one': 1,
        ':at': reopen.at,
        ':g1pk': gsi1pk,
        ':g1sk': gsi1sk,
        ':v': reopen.expectedVersion,
        ...Object.fromEntries(DECIDED.map((status, i) => [`:s${i}`, status])),
        ':audit': [
          {
            at: reopen.at,
            by: reopen.by,
            action: 'reopened',
            detail: { reason: reopen.reason, before: current.status, amountFen: current.finalAmountFen },
          },
        ],
      },
    },
    { write: 'reopen', expectedVersion: reopen.expectedVersion },
  )
}

/**
 * The contractor's objection (申诉) to a draft, once, while it is still a draft; the window is
 * checked by the caller (it needs the calendar). The reviewer's decision answers it.
 */
export async function fileObjection(
  store: Store,
  month: string,
  deductionId: string,
  objection: { by: string; at: string; text: string },
): Promise<Deduction> {
  return updateDeduction(
    store,
    month,
    deductionId,
    {
      UpdateExpression:
        'SET objection = :o, version = version + :one, updatedAt = :at, audit = list_append(audit, :a)',
      ConditionExpression: `#status = :draft AND attribute_type(objection, :nullType) AND ${NOT_FROZEN}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':o': { ...objection, answer: null, answeredAt: null },
        ':one': 1,
        ':at': objection.at,
        ':draft': 'draft',
        ':nullType': 'NULL',
        ':a': [{ at: objection.at, by: objection.by, action: 'object', detail: { text: objection.text } }],
      },
    },
    { write: 'object', expectedVersion: null },
  )
}

/**
 * A month close's step on one deduction: records the close's `number` on it, conditional on the
 * version and status the close planned from and on no other close holding it. `true` when frozen
 * by this close (now or by an earlier try), `false` when the deduction changed meanwhile.
 */
export async function freezeDeduction(
  store: Store,
  month: string,
  planned: { deductionId: string; version: number; status: DeductionStatus },
  close: { number: string; by: string; at: string },
): Promise<boolean> {
  const frozen = await conditionHeld(
    store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keyOf(month, planned.deductionId),
        UpdateExpression: 'SET frozenBy = :n, audit = list_append(audit, :a)',
        ConditionExpression: `version = :v AND #status = :s AND ${NOT_FROZEN}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':n': close.number,
          ':v': planned.version,
          ':s': planned.status,
          ':nullType': 'NULL',
          ':a': [{ at: close.at, by: close.by, action: 'frozen', detail: { number: close.number } }],
        },
      }),
    ),
  )
  if (frozen) return true
  const now = await getDeduction(store, month, planned.deductionId)
  return now?.frozenBy === close.number && now.version === planned.version && now.status === planned.status
}

/** Lifts a close's freeze from one deduction; nothing when that close does not hold it (any more). */
export async function unfreezeDeduction(
  store: Store,
  month: string,
  deductionId: string,
  close: { number: string; by: string; at: string },
): Promise<void> {
  await conditionHeld(
    store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keyOf(month, deductionId),
        UpdateExpression: 'SET frozenBy = :null, audit = list_append(audit, :a)',
        ConditionExpression: 'frozenBy = :n',
        ExpressionAttributeValues: {
          ':n': close.number,
          ':null': null,
          ':a': [{ at: close.at, by: close.by, action: 'unfrozen', detail: { number: close.number } }],
        },
      }),
    ),
  )
}

/** The deduction is not there (any more). */
const notFound = (month: string, deductionId: string) =>
  missingOf({ en: `no deduction ${deductionId} in ${month}`, zh: '没有这条扣款' })

/**
 * Applies `update` to the deduction (its condition: the deduction as the caller saw it) and returns
 * it as updated. When the condition fails: a `ConflictError` carrying the deduction as it now is,
 * with the code and words of why (`deductionConflict`); a `MissingItemError` when it is not there.
 */
async function updateDeduction(
  store: Store,
  month: string,
  deductionId: string,
  update: ItemUpdate,
  attempt: { write: DeductionWrite; expectedVersion: number | null },
): Promise<Deduction> {
  const updated = await updateItem(store, keyOf(month, deductionId), update, async () => {
    const now = await getDeduction(store, month, deductionId)
    if (!now) return notFound(month, deductionId)
    return conflictOf(deductionConflict(now, attempt.write, attempt.expectedVersion), now)
  })
  return parse(updated)
}
