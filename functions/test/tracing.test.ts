/**
 * The store's `instrument` hook (X-Ray subsegments per DynamoDB call on AWS) without X-Ray: the hook
 * wraps the DynamoDB client exactly once, the document client the repositories use goes through the
 * wrapped client's middleware, and the Tracer leaves clients as they are outside Lambda.
 */
import { createDynamoClient, createStore, type Instrument } from '@hotline/store'
import { describe, expect, it, vi } from 'vitest'
import { awsStore } from '../src/compose'
import { awsTracing } from '../src/tracing'

describe('the store’s instrument hook', () => {
  it('is called once, with the DynamoDB client, on the dynamodb engine path', () => {
    const instrument = vi.fn((client: unknown) => client)
    const store = createStore({
      tableName: 'hotline',
      region: 'cn-northwest-1',
      engine: 'dynamodb',
      instrument: instrument as Instrument,
    })
    expect(instrument).toHaveBeenCalledTimes(1)
    const [client] = instrument.mock.calls[0] ?? []
    // The low-level client (the SDK package is the store's own dependency, hence by name).
    expect(client?.constructor.name).toBe('DynamoDBClient')
    // The document client sends through the instrumented client's middleware stack.
    expect(store.doc.middlewareStack).toBe((client as ReturnType<typeof createDynamoClient>).middlewareStack)
  })

  it('is what awsStore passes from a Lambda entry', () => {
    const instrument = vi.fn((client: unknown) => client)
    const store = awsStore(
      { TABLE_NAME: 'hotline-prod', AWS_REGION: 'cn-northwest-1' },
      instrument as Instrument,
    )
    expect(instrument).toHaveBeenCalledTimes(1)
    expect(store).toMatchObject({ tableName: 'hotline-prod', engine: 'dynamodb' })
  })
})

describe('awsTracing', () => {
  it('leaves a client untouched outside Lambda (no X-Ray daemon locally or in tests)', () => {
    const client = createDynamoClient({ region: 'cn-northwest-1' })
    const before = client.middlewareStack.identify()
    expect(awsTracing('hotline-jobs')(client)).toBe(client)
    expect(client.middlewareStack.identify()).toEqual(before)
  })
})
