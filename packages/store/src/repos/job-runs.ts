/**
 * The record of every job run (start, end, counts, terms version, outcome) and, per job, the last
 * period it completed, so a run that finds days missing catches them up first.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { JobRun } from '@hotline/domain'
import type { Store } from '../client'
import { CorruptItemError, isConditionalCheckFailed } from '../errors'
import { keys, partitions } from '../keys'

export { JobRun }

const runKey = keys.jobRun

export async function startJobRun(
  store: Store,
  run: Omit<JobRun, 'endedAt' | 'status' | 'counts' | 'error' | 'correlationId'> & {
    correlationId?: string | undefined
  },
): Promise<JobRun> {
  const item: JobRun = {
    ...run,
    endedAt: null,
    status: 'running',
    counts: {},
    error: null,
    correlationId: run.correlationId ?? null,
  }
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: { ...runKey(run.job, run.period, run.startedAt), ...item },
    }),
  )
  return item
}

export async function finishJobRun(
  store: Store,
  run: JobRun,
  result: {
    endedAt: string
    status: 'succeeded' | 'failed'
    counts: Record<string, number>
    error?: string | undefined
  },
): Promise<JobRun> {
  const out = await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: runKey(run.job, run.period, run.startedAt),
      UpdateExpression: 'SET endedAt = :e, #status = :s, counts = :c, #error = :err',
      ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
      ExpressionAttributeValues: {
        ':e': result.endedAt,
        ':s': result.status,
        ':c': result.counts,
        ':err': result.error ?? null,
      },
      ReturnValues: 'ALL_NEW',
    }),
  )
  return JobRun.parse(out.Attributes)
}

/** A job's runs, newest first. */
export async function listJobRuns(store: Store, job: JobRun['job'], limit = 50): Promise<JobRun[]> {
  const out = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.jobRunsOf(job) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  )
  return (out.Items ?? []).map((item) => {
    const parsed = JobRun.safeParse(item)
    if (!parsed.success)
      throw new CorruptItemError({ pk: String(item.pk), sk: String(item.sk) }, parsed.error.message)
    return parsed.data
  })
}

/** The last period `job` completed, or null before its first success. */
export async function lastCompletedPeriod(store: Store, job: JobRun['job']): Promise<string | null> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: keys.jobState(job), ConsistentRead: true }),
  )
  return typeof Item?.lastPeriod === 'string' ? Item.lastPeriod : null
}

/** Moves the job's high-water mark forward (never back: periods compare as strings). */
export async function markCompleted(store: Store, job: JobRun['job'], period: string): Promise<void> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keys.jobState(job),
        UpdateExpression: 'SET lastPeriod = :p',
        ConditionExpression: 'attribute_not_exists(lastPeriod) OR lastPeriod < :p',
        ExpressionAttributeValues: { ':p': period },
      }),
    )
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err
  }
}
