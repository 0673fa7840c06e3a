/**
 * The operations API through the HTTP app on the embedded engine (SPEC §5, §9): ticket lifecycle
 * with deadline clocks across the National Day holiday, records, departments, API keys, import.
 */
import { scanAllItems } from '@hotline/store/testing'
import { describe, expect, it } from 'vitest'
import { json, useTestApp } from './support/http'

const http = useTestApp('2026-09-30T08:00:00.000Z')
const { send } = http

describe('ticket lifecycle and deadline clocks (contract §4.3, SPEC §4)', () => {
  it('starts the transfer clock at receipt and runs it across National Day to 10-08 24:00', async () => {
    const res = await send('POST', '/api/v1/tickets/CC20260930-0042/events', 'integration', {
      type: 'received',
      at: '2026-09-30T16:00:00+08:00',
      channel: 'phone',
      needsTransfer: true,
      needsCallback: true,
      content: '小区供暖管道漏水',
    })
    expect(res.status).toBe(201)
    const ticket = await json(res)
    expect(ticket).toMatchObject({
      status: 'received',
      channel: 'phone',
      nextDue: '2026-10-08T16:00:00.000Z',
    })
    expect(ticket.clocks).toEqual([
      {
        kind: 'transfer',
        subject: 'CC20260930-0042',
        startedAt: '2026-09-30T08:00:00.000Z',
        due: '2026-10-08T16:00:00.000Z',
        provisional: false,
      },
    ])

    const dueSoon = await json(
      await send('GET', '/api/v1/tickets?dueBefore=2026-10-09T00:00:00%2B08:00', 'agency_reviewer'),
    )
    expect(dueSoon.tickets.map((x: { ticketId: string }) => x.ticketId)).toEqual(['CC20260930-0042'])
    const notYet = await json(
      await send('GET', '/api/v1/tickets?dueBefore=2026-10-08T00:00:00Z', 'agency_reviewer'),
    )
    expect(notYet.tickets).toEqual([])
  })

  it('moves the clocks as the ticket moves: transfer stops one, a return starts another, a reply a callback', async () => {
    const events = '/api/v1/tickets/CC1/events'
    await send('POST', events, 'integration', {
      type: 'received',
      at: '2026-09-29T09:00:00+08:00',
      needsTransfer: true,
      needsCallback: true,
    })
    let ticket = await json(
      await send('POST', events, 'contractor', {
        type: 'transferred',
        at: '2026-09-29T10:00:00+08:00',
        department: '住建局',
      }),
    )
    expect(ticket.clocks).toEqual([])
    expect(ticket.nextDue).toBeNull()

    // Returned on Tue 09-29: 2 days end on 10-01, a holiday → next working day 10-08 (art. 203).
    ticket = await json(
      await send('POST', events, 'integration', {
        type: 'returned',
        at: '2026-09-29T15:00:00+08:00',
        reason: '不属于本单位职责',
      }),
    )
    expect(ticket.clocks).toEqual([
      expect.objectContaining({ kind: 'return', subject: 'CC1/return/1', due: '2026-10-08T16:00:00.000Z' }),
    ])

    ticket = await json(
      await send('POST', events, 'contractor', {
        type: 'transferred',
        at: '2026-10-08T09:00:00+08:00',
        department: '水务局',
      }),
    )
    ticket = await json(
      await send('POST', events, 'integration', { type: 'replied', at: '2026-10-09T11:00:00+08:00' }),
    )
    // Replied Fri 10-09: 2 days → Sun 10-11, a rest day → Mon 10-12 24:00.
    expect(ticket.clocks).toEqual([
      expect.objectContaining({ kind: 'callback', due: '2026-10-12T16:00:00.000Z' }),
    ])
    expect(
      (await scanAllItems(http.local))
        .filter((i) => String(i.pk).startsWith('EPISODE#'))
        .map((i) => `${i.pk} ${i.sk}`)
        .sort(),
    ).toEqual([
      'EPISODE#2026-09-30 CC1',
      'EPISODE#2026-10-08 CC1/return/1',
      'EPISODE#2026-10-12 CC1/callback/1',
    ])
  })

  it('refuses an event that may not follow, saying why in both languages, and a stale version', async () => {
    await send('POST', '/api/v1/tickets/CC2/events', 'integration', {
      type: 'received',
      at: '2026-09-30T09:00:00+08:00',
    })
    const refused = await send('POST', '/api/v1/tickets/CC2/events', 'contractor', { type: 'replied' })
    expect(refused.status).toBe(409)
    expect(await json(refused)).toEqual({
      error: {
        code: 'conflict',
        message: 'a ticket that is received cannot be replied; allowed next: transferred, closed',
        messageZh: '工单当前状态为“已受理”，不能答复',
      },
    })
    const stale = await send('POST', '/api/v1/tickets/CC2/events', 'contractor', {
      type: 'transferred',
      department: '城管局',
      expectedVersion: 7,
    })
    expect(stale.status).toBe(409)
    const missing = await send('POST', '/api/v1/tickets/NOPE/events', 'contractor', { type: 'closed' })
    expect(missing.status).toBe(409)
    const noDepartment = await send('POST', '/api/v1/tickets/CC2/events', 'contractor', {
      type: 'transferred',
    })
    expect(noDepartment.status).toBe(400)
    expect((await json(noDepartment)).error.fields).toEqual([
      { path: 'department', message: expect.stringContaining('承办单位') },
    ])
  })

  it('changes nothing when the same event is delivered again', async () => {
    const event = { type: 'received', at: '2026-09-30T09:00:00+08:00', needsTransfer: true }
    const first = await json(await send('POST', '/api/v1/tickets/CC3/events', 'integration', event))
    const again = await send('POST', '/api/v1/tickets/CC3/events', 'integration', event)
    expect(again.status).toBe(200)
    expect(await json(again)).toEqual(first)
  })
})

describe('records (SPEC §9)', () => {
  const call = (callId: string, patch: Record<string, unknown> = {}) => ({
    callId,
    enqueuedAt: '2026-10-09T09:00:00+08:00',
    answeredAt: '2026-10-09T09:00:10+08:00',
    endedAt: '2026-10-09T09:05:00+08:00',
    agentId: 'A7',
    ...patch,
  })

  it('writes a batch of calls once into the day partition; a repeat changes nothing', async () => {
    const batch = { records: [call('C1'), call('C2', { answeredAt: null, agentId: null })] }
    expect(await json(await send('POST', '/api/v1/calls', 'integration', batch))).toEqual({
      received: 2,
      created: 2,
      duplicates: 0,
      updated: 0,
    })
    expect(await json(await send('POST', '/api/v1/calls', 'integration', batch))).toEqual({
      received: 2,
      created: 0,
      duplicates: 2,
      updated: 0,
    })
    const list = await json(await send('GET', '/api/v1/calls?day=2026-10-09', 'agency_viewer'))
    expect(list.records.map((r: { callId: string }) => r.callId)).toEqual(['C1', 'C2'])
  })

  it('refuses a batch with one bad record, naming it, and writes none of it', async () => {
    const res = await send('POST', '/api/v1/calls', 'integration', {
      records: [call('C1'), call('C2', { enqueuedAt: 'yesterday' })],
    })
    expect(res.status).toBe(400)
    expect((await json(res)).error.fields[0].path).toBe('records.1.enqueuedAt')
    expect(await scanAllItems(http.local)).toEqual([])
  })

  it('lets only an agency reviewer verify an incident, auditing before and after', async () => {
    const incident = {
      incidentId: 'I-9',
      type: 'complaint',
      at: '2026-10-14T10:00:00+08:00',
      verified: true,
      description: '坐席态度差',
    }
    expect((await send('POST', '/api/v1/incidents', 'contractor', incident)).status).toBe(400)
    expect(
      (await send('POST', '/api/v1/incidents', 'contractor', { ...incident, verified: false })).status,
    ).toBe(200)
    const verified = await send('POST', '/api/v1/incidents/2026-10/I-9/verify', 'agency_reviewer', {
      verified: true,
      reason: '录音核实',
    })
    expect(verified.status).toBe(200)
    expect((await json(verified)).audit.at(-1)).toEqual({
      at: '2026-09-30T08:00:00.000Z',
      by: 'reviewer',
      action: 'set verified',
      detail: { before: false, after: true, reason: '录音核实' },
    })
    const again = await send('POST', '/api/v1/incidents/2026-10/I-9/verify', 'agency_reviewer', {
      verified: true,
      reason: '重复',
    })
    expect(again.status).toBe(409)
  })

  it.each([
    [
      'ratings',
      'month=2026-10',
      { ticketId: 'T1', at: '2026-10-09T10:00:00+08:00', level: 'satisfied' },
      'integration',
    ],
    [
      'staff-events',
      '',
      { staffId: 'S1', type: 'joined', at: '2026-01-05T09:00:00+08:00', role: 'agent' },
      'contractor',
    ],
    [
      'publications',
      'day=2026-10-09',
      { publicationId: 'P1', at: '2026-10-09T12:00:00+08:00', channel: 'weibo', accurate: true },
      'contractor',
    ],
    [
      'facility-checks',
      'week=2026-W41',
      { type: 'safety', at: '2026-10-08T10:00:00+08:00', checkId: 'K1' },
      'contractor',
    ],
    [
      'training',
      'month=2026-10',
      { staffId: 'S1', at: '2026-10-08T10:00:00+08:00', type: 'in_service', hours: 4 },
      'contractor',
    ],
  ] as const)('%s: create and list by its period', async (path, query, record, role) => {
    expect((await send('POST', `/api/v1/${path}`, role, record)).status).toBe(200)
    const list = await json(await send('GET', `/api/v1/${path}${query ? `?${query}` : ''}`, 'agency_viewer'))
    expect(list.records).toHaveLength(1)
  })
})

describe('departments and API keys', () => {
  it('keeps a directory of handling units with optimistic versions and an audit', async () => {
    const created = await send('POST', '/api/v1/departments', 'agency_reviewer', {
      departmentId: 'zhujian',
      name: '住房和城乡建设局',
    })
    expect(created.status).toBe(201)
    expect(
      (
        await send('POST', '/api/v1/departments', 'agency_reviewer', {
          departmentId: 'zhujian',
          name: '重复',
        })
      ).status,
    ).toBe(409)
    const patched = await send('PATCH', '/api/v1/departments/zhujian', 'agency_reviewer', {
      expectedVersion: 1,
      contact: '0391-1234567',
    })
    expect(await json(patched)).toMatchObject({ version: 2, contact: '0391-1234567' })
    expect(
      (
        await send('PATCH', '/api/v1/departments/zhujian', 'agency_reviewer', {
          expectedVersion: 1,
          active: false,
        })
      ).status,
    ).toBe(409)
    const audit = await json(await send('GET', '/api/v1/departments/zhujian/audit', 'agency_viewer'))
    expect(audit.audit.map((e: { action: string }) => e.action)).toEqual(['create', 'update'])
  })

  it('issues an API key once, accepts it for the integration role, and refuses it when revoked', async () => {
    const issued = await json(await send('POST', '/api/v1/api-keys', 'agency_reviewer', { name: '话务平台' }))
    expect(issued.apiKey).toMatch(/^hk_[a-z0-9]{12}\./)
    const withKey = (key: string) =>
      send(
        'POST',
        '/api/v1/calls',
        null,
        {
          callId: 'K1',
          enqueuedAt: '2026-10-09T09:00:00+08:00',
          answeredAt: null,
          endedAt: '2026-10-09T09:01:00+08:00',
        },
        { 'x-api-key': key },
      )
    expect((await withKey(issued.apiKey)).status).toBe(200)
    const listed = await json(await send('GET', '/api/v1/api-keys', 'agency_reviewer'))
    expect(JSON.stringify(listed)).not.toContain(issued.apiKey.split('.')[1])
    expect((await send('DELETE', `/api/v1/api-keys/${issued.keyId}`, 'agency_reviewer')).status).toBe(200)
    expect((await withKey(issued.apiKey)).status).toBe(401)
  })
})

describe('NDJSON import (SPEC §9)', () => {
  const lines = [
    {
      kind: 'ticket_event',
      ticketId: 'T77',
      type: 'received',
      at: '2026-09-30T16:00:00+08:00',
      needsTransfer: true,
      channel: 'phone',
    },
    {
      kind: 'call',
      callId: 'N1',
      enqueuedAt: '2026-10-09T09:00:00+08:00',
      answeredAt: null,
      endedAt: '2026-10-09T09:00:30+08:00',
      extra: 'ignored',
    },
    { kind: 'rating', ticketId: 'T77', at: '2026-10-10T10:00:00+08:00', level: 'excellent' },
    'not json',
    {
      kind: 'ticket_event',
      ticketId: 'T88',
      type: 'replied',
      at: '2026-10-09T10:00:00+08:00',
      needsCallback: true,
    },
  ]
  const ndjson = `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n\n`

  it('applies good lines, reports each bad one with its number and field, and is idempotent', async () => {
    const report = await json(
      await send('POST', '/api/v1/import', 'agency_reviewer', ndjson, {
        'content-type': 'application/x-ndjson',
      }),
    )
    expect(report).toEqual({
      lines: 6,
      created: 3,
      updated: 0,
      applied: 0,
      duplicates: 0,
      skipped: 1,
      failed: 2,
      errors: [
        { line: 3, field: 'level', message: expect.any(String) },
        { line: 4, field: '(line)', message: 'not valid JSON' },
      ],
    })
    // Mid-story: T88 starts with a reply that needs a callback.
    const t88 = await json(await send('GET', '/api/v1/tickets/T88', 'agency_reviewer'))
    expect(t88).toMatchObject({ status: 'replied', clocks: [expect.objectContaining({ kind: 'callback' })] })

    const again = await json(
      await send('POST', '/api/v1/import', 'agency_reviewer', ndjson, { 'x-line-offset': '100' }),
    )
    expect(again).toMatchObject({ created: 0, duplicates: 3, failed: 2 })
    expect(again.errors.map((e: { line: number }) => e.line)).toEqual([103, 104])
  })
})

describe('native call records', () => {
  it('imports Amazon Connect contact records, keeping the newest version of each contact', async () => {
    const ctr = (updated: string, connected: string | null) => ({
      ContactId: '3a5c7e9d-0b1f-4e8a-9c2d-6f4b8a1e3c5d',
      Channel: 'VOICE',
      InitiationMethod: 'INBOUND',
      InitiationTimestamp: '2026-10-09T01:00:00Z',
      DisconnectTimestamp: '2026-10-09T01:05:00Z',
      LastUpdateTimestamp: updated,
      Queue: {
        Name: '12345',
        EnqueueTimestamp: '2026-10-09T01:00:20Z',
        DequeueTimestamp: '2026-10-09T01:00:32Z',
      },
      Agent: connected ? { Username: 'agent7', ConnectedToAgentTimestamp: connected } : null,
    })
    const first = await json(
      await send(
        'POST',
        '/api/v1/calls/import/connect',
        'integration',
        JSON.stringify(ctr('2026-10-09T01:01:00Z', null)),
      ),
    )
    expect(first).toMatchObject({ calls: 1, created: 1, problems: [] })
    const newer = await json(
      await send(
        'POST',
        '/api/v1/calls/import/connect',
        'integration',
        JSON.stringify(ctr('2026-10-09T01:06:00Z', '2026-10-09T01:00:32Z')),
      ),
    )
    expect(newer).toMatchObject({ calls: 1, updated: 1 })
    const older = await json(
      await send(
        'POST',
        '/api/v1/calls/import/connect',
        'integration',
        JSON.stringify(ctr('2026-10-09T01:01:00Z', null)),
      ),
    )
    expect(older).toMatchObject({ duplicates: 1 })
    const [stored] = (await json(await send('GET', '/api/v1/calls?day=2026-10-09', 'agency_viewer'))).records
    expect(stored).toMatchObject({
      enqueuedAt: '2026-10-09T01:00:20.000Z',
      answeredAt: '2026-10-09T01:00:32.000Z',
      agentId: 'agent7',
    })
  })

  it('imports an Asterisk queue_log', async () => {
    const log = [
      '1791512400|1791512400.1|12345|NONE|ENTERQUEUE||13812345678|1',
      '1791512412|1791512400.1|12345|PJSIP/1001|CONNECT|12|1791512412.2|3',
      '1791512700|1791512400.1|12345|PJSIP/1001|COMPLETECALLER|12|288|1',
    ].join('\n')
    const report = await json(await send('POST', '/api/v1/calls/import/asterisk', 'integration', log))
    expect(report).toMatchObject({ calls: 1, created: 1, problems: [] })
  })
})
