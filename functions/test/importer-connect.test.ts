/**
 * Amazon Connect contact records → canonical calls (SPEC §5 answer_15s / connection, §8, §9).
 *
 * The fixtures are contact records built from the fields documented in "Data model for Amazon
 * Connect contact records" — https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html
 * (names, nesting, `yyyy-mm-ddThh:mm:ssZ` timestamps, `null` for an absent Agent or Queue); the
 * `DescribeContact` one follows https://docs.aws.amazon.com/connect/latest/APIReference/API_DescribeContact.html.
 * Times are 2026-10-09 around 10:00 in Jiyuan (02:00 UTC); phone numbers are fake.
 */
import { createHash } from 'node:crypto'
import { CallRecord } from '@hotline/domain'
import { describe, expect, it } from 'vitest'
import { connectVersion, parseConnectRecords } from '../src/operations/importers/connect'

const INSTANCE = 'arn:aws:connect:cn-north-1:123456789012:instance/a1b2c3d4-5678-90ab-cdef-EXAMPLE00000'

/**
 * An inbound voice contact answered by an agent 12 s after it entered the queue: every field the
 * data model page documents for `ContactTraceRecord`, `Agent` and `QueueInfo`.
 */
const ANSWERED = {
  AWSAccountId: '123456789012',
  AWSContactTraceRecordFormatVersion: '2017-03-10',
  Agent: {
    ARN: `${INSTANCE}/agent/0f0e0d0c-0b0a-4909-8807-EXAMPLE77777`,
    AfterContactWorkDuration: 30,
    AfterContactWorkEndTimestamp: '2026-10-09T02:05:00Z',
    AfterContactWorkStartTimestamp: '2026-10-09T02:04:30Z',
    AgentInteractionDuration: 258,
    ConnectedToAgentTimestamp: '2026-10-09T02:00:12Z',
    CustomerHoldDuration: 0,
    HierarchyGroups: null,
    LongestHoldDuration: 0,
    NumberOfHolds: 0,
    RoutingProfile: { ARN: `${INSTANCE}/routing-profile/rp-1`, Name: 'Hotline Routing' },
    Username: 'zhangwei',
  },
  AgentConnectionAttempts: 1,
  Attributes: { language: 'zh-CN' },
  Channel: 'VOICE',
  ConnectedToSystemTimestamp: '2026-10-09T01:59:40Z',
  ContactId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
  CustomerEndpoint: { Address: '+8613800000001', Type: 'TELEPHONE_NUMBER' },
  DisconnectReason: 'CUSTOMER_DISCONNECT',
  DisconnectTimestamp: '2026-10-09T02:04:30Z',
  InitialContactId: null,
  InitiationMethod: 'INBOUND',
  InitiationTimestamp: '2026-10-09T01:59:40Z',
  InstanceARN: INSTANCE,
  LastUpdateTimestamp: '2026-10-09T02:05:10Z',
  MediaStreams: [{ Type: 'AUDIO' }],
  NextContactId: null,
  PreviousContactId: null,
  Queue: {
    ARN: `${INSTANCE}/queue/q-12345`,
    DequeueTimestamp: '2026-10-09T02:00:12Z',
    Duration: 12,
    EnqueueTimestamp: '2026-10-09T02:00:00Z',
    Name: '12345 热线',
  },
  Recording: null,
  Recordings: null,
  SystemEndpoint: { Address: '+863910000000', Type: 'TELEPHONE_NUMBER' },
  TransferCompletedTimestamp: null,
  TransferredToEndpoint: null,
}

/** The call the documented record makes: the §4.5 clock from Queue.EnqueueTimestamp. */
const ANSWERED_CALL: CallRecord = {
  kind: 'call',
  callId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
  enqueuedAt: '2026-10-09T02:00:00.000Z',
  endedAt: '2026-10-09T02:04:30.000Z',
  answeredAt: '2026-10-09T02:00:12.000Z',
  agentId: 'zhangwei',
}

/** "How to identify abandoned contacts": a Queue and an EnqueueTimestamp, no agent. */
const ABANDONED = {
  ...ANSWERED,
  ContactId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE22222',
  Agent: null,
  AgentConnectionAttempts: 0,
  InitiationTimestamp: '2026-10-09T02:09:50Z',
  ConnectedToSystemTimestamp: '2026-10-09T02:09:50Z',
  Queue: {
    ...ANSWERED.Queue,
    EnqueueTimestamp: '2026-10-09T02:10:00Z',
    DequeueTimestamp: '2026-10-09T02:10:45Z',
    Duration: 45,
  },
  DisconnectTimestamp: '2026-10-09T02:10:45Z',
  LastUpdateTimestamp: '2026-10-09T02:10:46Z',
}
const ABANDONED_CALL: CallRecord = {
  kind: 'call',
  callId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE22222',
  enqueuedAt: '2026-10-09T02:10:00.000Z',
  endedAt: '2026-10-09T02:10:45.000Z',
  answeredAt: null,
  agentId: null,
}

/** Handled entirely in the contact flow (a recorded policy message): no Queue, no Agent. */
const IVR_ONLY = {
  ...ANSWERED,
  ContactId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE33333',
  Agent: null,
  AgentConnectionAttempts: 0,
  Queue: null,
  DisconnectReason: 'CONTACT_FLOW_DISCONNECT',
  InitiationTimestamp: '2026-10-09T02:20:00Z',
  ConnectedToSystemTimestamp: '2026-10-09T02:20:00Z',
  DisconnectTimestamp: '2026-10-09T02:21:30Z',
  LastUpdateTimestamp: '2026-10-09T02:21:31Z',
}
const IVR_ONLY_CALL: CallRecord = {
  kind: 'call',
  callId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE33333',
  enqueuedAt: '2026-10-09T02:20:00.000Z',
  endedAt: '2026-10-09T02:21:30.000Z',
  answeredAt: null,
  agentId: null,
  ivrOnly: true,
}

const json = (...records: unknown[]): string => records.map((r) => JSON.stringify(r)).join('\n')

describe('one contact record → one call', () => {
  it('the documented inbound record becomes the exact call (clock from Queue.EnqueueTimestamp)', () => {
    const result = parseConnectRecords(JSON.stringify(ANSWERED))
    expect(result).toEqual({
      calls: [ANSWERED_CALL],
      problems: [],
      skipped: 0,
      superseded: 0,
      versions: new Map([[ANSWERED_CALL.callId, Date.parse('2026-10-09T02:05:10Z')]]),
    })
    // What the importer emits is what the canonical schema accepts, unchanged.
    expect(CallRecord.parse(result.calls[0])).toEqual(ANSWERED_CALL)
  })

  it('an abandon in queue (Agent null) is unanswered, ended at DisconnectTimestamp', () => {
    expect(parseConnectRecords(JSON.stringify(ABANDONED)).calls).toEqual([ABANDONED_CALL])
  })

  it('an abandon without DisconnectTimestamp ends at Queue.DequeueTimestamp', () => {
    const record = { ...ABANDONED, DisconnectTimestamp: null }
    expect(parseConnectRecords(JSON.stringify(record)).calls).toEqual([ABANDONED_CALL])
  })

  it('a voice contact that never queued is IVR-only, clocked from InitiationTimestamp', () => {
    const result = parseConnectRecords(JSON.stringify(IVR_ONLY))
    expect(result.calls).toEqual([IVR_ONLY_CALL])
    expect(result.problems).toEqual([])
  })

  it('without Agent.Username the agent is the last segment of Agent.ARN', () => {
    const record = { ...ANSWERED, Agent: { ...ANSWERED.Agent, Username: undefined } }
    expect(parseConnectRecords(JSON.stringify(record)).calls).toEqual([
      { ...ANSWERED_CALL, agentId: '0f0e0d0c-0b0a-4909-8807-EXAMPLE77777' },
    ])
  })

  it('transfers into a queue count as calls: TRANSFER and QUEUE_TRANSFER', () => {
    const transfer = { ...ANSWERED, ContactId: 'transfer-1', InitiationMethod: 'TRANSFER' }
    const queueTransfer = { ...ABANDONED, ContactId: 'transfer-2', InitiationMethod: 'QUEUE_TRANSFER' }
    const result = parseConnectRecords(json(transfer, queueTransfer))
    expect(result.calls).toEqual([
      { ...ANSWERED_CALL, callId: 'transfer-1' },
      { ...ABANDONED_CALL, callId: 'transfer-2' },
    ])
    expect(result.skipped).toBe(0)
  })

  it('an id the canonical record cannot take is cleaned, with a digest that keeps it unique', () => {
    const record = { ...ANSWERED, ContactId: 'legacy contact #7' }
    const digest = createHash('sha256').update('legacy contact #7').digest('hex').slice(0, 16)
    expect(parseConnectRecords(JSON.stringify(record)).calls).toEqual([
      { ...ANSWERED_CALL, callId: `legacy_contact_7~${digest}` },
    ])
  })

  it('the DescribeContact shape (epoch-second timestamps, QueueInfo, AgentInfo) reads the same way', () => {
    const seconds = (iso: string) => Date.parse(iso) / 1000
    const response = {
      Contact: {
        Arn: `${INSTANCE}/contact/dc-1`,
        Id: 'dc-1',
        Channel: 'VOICE',
        InitiationMethod: 'INBOUND',
        InitiationTimestamp: seconds('2026-10-09T01:59:40Z'),
        DisconnectTimestamp: seconds('2026-10-09T02:04:30Z'),
        LastUpdateTimestamp: seconds('2026-10-09T02:05:10Z'),
        QueueInfo: { Id: 'q-12345', EnqueueTimestamp: seconds('2026-10-09T02:00:00Z') },
        AgentInfo: { Id: 'agent-0102', ConnectedToAgentTimestamp: seconds('2026-10-09T02:00:12Z') },
      },
    }
    const result = parseConnectRecords(JSON.stringify(response))
    expect(result.calls).toEqual([{ ...ANSWERED_CALL, callId: 'dc-1', agentId: 'agent-0102' }])
    expect(result.versions).toEqual(new Map([['dc-1', Date.parse('2026-10-09T02:05:10Z')]]))
  })
})

describe('contacts that are not inbound calls are skipped, not problems', () => {
  it('outbound, callback, API-started voice, chat and task are counted in skipped', () => {
    const outbound = { ...ANSWERED, ContactId: 'out-1', InitiationMethod: 'OUTBOUND', Queue: null }
    const callback = { ...ANSWERED, ContactId: 'cb-1', InitiationMethod: 'CALLBACK' }
    const api = { ...ANSWERED, ContactId: 'api-1', InitiationMethod: 'API' }
    const chat = { ...ANSWERED, ContactId: 'chat-1', Channel: 'CHAT', InitiationMethod: 'API' }
    // A skipped contact is not read further: a task's odd timestamps are no problem.
    const task = { ...ANSWERED, ContactId: 'task-1', Channel: 'TASK', InitiationTimestamp: 'whenever' }
    const result = parseConnectRecords(json(outbound, ANSWERED, callback, api, chat, task))
    expect(result).toEqual({
      calls: [ANSWERED_CALL],
      problems: [],
      skipped: 5,
      superseded: 0,
      versions: new Map([[ANSWERED_CALL.callId, Date.parse('2026-10-09T02:05:10Z')]]),
    })
  })
})

describe('the same contact delivered more than once', () => {
  /** The first delivery, at disconnect; the update after contact attributes changed corrects the end. */
  const first = {
    ...ANSWERED,
    DisconnectTimestamp: '2026-10-09T02:04:00Z',
    LastUpdateTimestamp: '2026-10-09T02:04:01Z',
  }
  const updated = { ...ANSWERED, LastUpdateTimestamp: '2026-10-09T02:35:00Z' }

  it.each([
    ['older first', [first, updated]],
    ['newer first', [updated, first]],
  ])('keeps the greatest LastUpdateTimestamp (%s)', (_order, records) => {
    expect(parseConnectRecords(json(...records))).toEqual({
      calls: [ANSWERED_CALL],
      problems: [],
      skipped: 0,
      superseded: 1,
      versions: new Map([[ANSWERED_CALL.callId, Date.parse('2026-10-09T02:35:00Z')]]),
    })
  })

  it('the newest copy decides even when it is the bad one: no fallback to a stale copy', () => {
    const broken = { ...updated, Queue: { ...ANSWERED.Queue, EnqueueTimestamp: null } }
    const result = parseConnectRecords(json(first, broken))
    expect(result.calls).toEqual([])
    expect(result.problems).toEqual([
      {
        line: 2,
        index: 1,
        id: ANSWERED.ContactId,
        field: 'Queue.EnqueueTimestamp',
        message: 'required when the contact was queued',
      },
    ])
  })

  it('connectVersion is epoch ms of LastUpdateTimestamp, null without one', () => {
    expect(connectVersion(ANSWERED)).toBe(Date.parse('2026-10-09T02:05:10Z'))
    expect(connectVersion({ Contact: { Id: 'dc-1', LastUpdateTimestamp: 1_791_511_510 } })).toBe(
      1_791_511_510_000,
    )
    expect(connectVersion({ ...ANSWERED, LastUpdateTimestamp: undefined })).toBeNull()
    expect(connectVersion('not a record')).toBeNull()
    expect(connectVersion({ Contact: { Id: 'dc-1', LastUpdateTimestamp: 1e20 } })).toBeNull()
  })
})

describe('input forms', () => {
  const records = [
    ANSWERED,
    IVR_ONLY,
    ABANDONED,
    { ...ANSWERED, LastUpdateTimestamp: '2026-10-09T02:35:00Z' },
  ]
  const expected = {
    calls: [ANSWERED_CALL, ABANDONED_CALL, IVR_ONLY_CALL],
    problems: [],
    skipped: 0,
    superseded: 1,
    versions: new Map([
      [ANSWERED_CALL.callId, Date.parse('2026-10-09T02:35:00Z')],
      [ABANDONED_CALL.callId, Date.parse('2026-10-09T02:10:46Z')],
      [IVR_ONLY_CALL.callId, Date.parse('2026-10-09T02:21:31Z')],
    ]),
  }

  it.each([
    ['a JSON array', JSON.stringify(records, null, 2)],
    ['NDJSON (CRLF, blank lines)', `${records.map((r) => JSON.stringify(r)).join('\r\n\r\n')}\r\n`],
    ['Firehose objects concatenated }{', records.map((r) => JSON.stringify(r)).join('')],
    ['pretty-printed objects one after another', records.map((r) => JSON.stringify(r, null, 2)).join('\n')],
  ])('%s gives the same calls', (_form, input) => {
    expect(parseConnectRecords(input)).toEqual(expected)
  })

  it('one object, and empty input', () => {
    expect(parseConnectRecords(`\uFEFF${JSON.stringify(ABANDONED)}`).calls).toEqual([ABANDONED_CALL])
    expect(parseConnectRecords('')).toEqual({
      calls: [],
      problems: [],
      skipped: 0,
      superseded: 0,
      versions: new Map(),
    })
  })

  it('braces and quotes inside strings do not split a record', () => {
    const record = { ...ANSWERED, Attributes: { note: 'caller said "}{" twice \\ {' } }
    expect(parseConnectRecords(`${JSON.stringify(record)}${JSON.stringify(IVR_ONLY)}`).calls).toEqual([
      ANSWERED_CALL,
      IVR_ONLY_CALL,
    ])
  })
})

describe('bad records are reported with their position and field, and yield nothing', () => {
  it('a Queue without EnqueueTimestamp', () => {
    const record = { ...ANSWERED, Queue: { ARN: ANSWERED.Queue.ARN, Name: ANSWERED.Queue.Name } }
    expect(parseConnectRecords(JSON.stringify(record))).toEqual({
      calls: [],
      problems: [
        {
          line: 1,
          index: 0,
          id: ANSWERED.ContactId,
          field: 'Queue.EnqueueTimestamp',
          message: 'required when the contact was queued',
        },
      ],
      skipped: 0,
      superseded: 0,
      versions: new Map(),
    })
  })

  it('every kind of problem in one NDJSON file, each on its line; the good records still import', () => {
    const lines = [
      JSON.stringify(ANSWERED),
      '{"ContactId": "x", broken}',
      '42',
      JSON.stringify({ ...ABANDONED, ContactId: 'late-end', DisconnectTimestamp: '2026-10-09T02:09:00Z' }),
      JSON.stringify({
        ...ABANDONED,
        ContactId: 'bad-time',
        Queue: { ...ABANDONED.Queue, EnqueueTimestamp: 'yesterday' },
      }),
      JSON.stringify({ ...ANSWERED, ContactId: 'no-version', LastUpdateTimestamp: undefined }),
      JSON.stringify({
        ...ANSWERED,
        ContactId: 'no-agent',
        Agent: { ConnectedToAgentTimestamp: '2026-10-09T02:00:12Z' },
      }),
      JSON.stringify({ ...ANSWERED, ContactId: 'no-channel', Channel: undefined }),
      JSON.stringify({ ...IVR_ONLY, ContactId: 'no-start', InitiationTimestamp: null }),
      JSON.stringify({ hello: 'world' }),
      '{"ContactId": "cut-short", "Channel": "VO',
      JSON.stringify(IVR_ONLY),
      '{"ContactId": "cut-off", "Channel": "VOICE"',
    ]
    const result = parseConnectRecords(lines.join('\n'))
    expect(result.calls).toEqual([ANSWERED_CALL, IVR_ONLY_CALL])
    expect(result.problems).toEqual([
      { line: 2, index: 1, field: '(record)', message: 'not valid JSON' },
      { line: 3, index: 2, field: '(record)', message: 'not a JSON object' },
      { line: 4, index: 3, id: 'late-end', field: 'DisconnectTimestamp', message: 'before enqueuedAt' },
      {
        line: 5,
        index: 4,
        id: 'bad-time',
        field: 'Queue.EnqueueTimestamp',
        message: 'must be an ISO-8601 date-time with an offset (Z or +08:00)',
      },
      { line: 6, index: 5, id: 'no-version', field: 'LastUpdateTimestamp', message: 'required' },
      {
        line: 7,
        index: 6,
        id: 'no-agent',
        field: 'Agent.Username',
        message: 'required when connected to an agent (or Agent.ARN)',
      },
      { line: 8, index: 7, id: 'no-channel', field: 'Channel', message: 'required' },
      {
        line: 9,
        index: 8,
        id: 'no-start',
        field: 'InitiationTimestamp',
        message: 'required when the contact never queued',
      },
      { line: 10, index: 9, field: 'ContactId', message: 'required: not a contact record' },
      { line: 11, index: 10, field: '(record)', message: 'unterminated JSON object' },
      { line: 13, index: 12, field: '(record)', message: 'unterminated JSON object' },
    ])
  })

  it('a JSON array reports the line each element starts on', () => {
    const input = JSON.stringify([ANSWERED, { ...ANSWERED, ContactId: 'q', Queue: {} }], null, 2)
    const secondStartsOn = input.split('\n').lastIndexOf('  {') + 1
    expect(secondStartsOn).toBeGreaterThan(2)
    expect(parseConnectRecords(input).problems).toEqual([
      {
        line: secondStartsOn,
        index: 1,
        id: 'q',
        field: 'Queue.EnqueueTimestamp',
        message: 'required when the contact was queued',
      },
    ])
  })
})
