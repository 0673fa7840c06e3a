/**
 * Looking things up through the HTTP app on the embedded engine (issue 10): records by the ids
 * the KPIs cite (a call's outcome from the domain's own classification, an incident with the
 * deductions drafted for it, facility checks, a staff member), tickets by number and — audited —
 * by phone, and the people who signed in.
 */
import { jiyuan2026, type Role } from '@hotline/domain'
import { describe, expect, it } from 'vitest'
import { testApp } from './support/app'
import { json, useTestApp } from './support/http'

const http = useTestApp('2026-11-02T02:00:00.000Z')
const { send } = http

/** Sends records to a create route and expects them accepted. */
async function seed(path: string, role: Role, records: unknown[]) {
  const res = await send('POST', `/api/v1/${path}`, role, { records })
  expect(res.status).toBe(200)
}

/** The statuses each staff role and the integration client get for `path`. */
async function statusesByRole(path: string, method = 'GET', body?: unknown) {
  const roles: Role[] = ['agency_reviewer', 'agency_viewer', 'contractor', 'integration']
  const out: Partial<Record<Role, number>> = {}
  for (const role of roles) out[role] = (await send(method, path, role, body)).status
  return out
}

/** The field a 400 `validation_failed` names first (or the code, when it is another error). */
async function invalidField(res: Response): Promise<string> {
  const { error } = await json(res)
  return res.status === 400 && error.code === 'validation_failed' ? error.fields[0].path : error.code
}

const READ_BY_STAFF = { agency_reviewer: 200, agency_viewer: 200, contractor: 200, integration: 403 }

describe('GET /records/calls/:day/:callId', () => {
  const calls = [
    {
      callId: 'C-WITHIN',
      enqueuedAt: '2026-10-09T10:00:00+08:00',
      answeredAt: '2026-10-09T10:00:15+08:00',
      endedAt: '2026-10-09T10:02:15+08:00',
      agentId: 'A1',
    },
    {
      callId: 'C-LATE',
      enqueuedAt: '2026-10-09T10:01:00+08:00',
      answeredAt: '2026-10-09T10:01:15.500+08:00',
      endedAt: '2026-10-09T10:03:00+08:00',
      agentId: 'A1',
    },
    {
      callId: 'C-ABANDONED',
      enqueuedAt: '2026-10-09T10:02:00+08:00',
      answeredAt: null,
      endedAt: '2026-10-09T10:02:40+08:00',
    },
    {
      callId: 'C-IVR',
      enqueuedAt: '2026-10-09T10:03:00+08:00',
      answeredAt: null,
      endedAt: '2026-10-09T10:04:00+08:00',
      ivrOnly: true,
    },
  ]

  it('answers each call with the outcome, wait and talk seconds the KPI counts it by', async () => {
    await seed('calls', 'integration', calls)
    const derived = async (id: string) =>
      (await json(await send('GET', `/api/v1/records/calls/2026-10-09/${id}`, 'agency_viewer'))).derived
    expect(await derived('C-WITHIN')).toEqual({
      outcome: 'answeredWithin',
      waitSeconds: 15,
      talkSeconds: 120,
      thresholdSeconds: 15,
    })
    expect(await derived('C-LATE')).toEqual({
      outcome: 'answeredLate',
      waitSeconds: 15.5,
      talkSeconds: 104.5,
      thresholdSeconds: 15,
    })
    expect(await derived('C-ABANDONED')).toEqual({
      outcome: 'abandoned',
      waitSeconds: 40,
      talkSeconds: null,
      thresholdSeconds: 15,
    })
    expect(await derived('C-IVR')).toEqual({
      outcome: 'ivrOnly',
      waitSeconds: null,
      talkSeconds: null,
      thresholdSeconds: 15,
    })

    const one = await json(await send('GET', '/api/v1/records/calls/2026-10-09/C-LATE', 'contractor'))
    expect(one.record).toMatchObject({
      kind: 'call',
      callId: 'C-LATE',
      enqueuedAt: '2026-10-09T02:01:00.000Z',
      agentId: 'A1',
      source: 'api',
      ingestedBy: 'callcentre',
      audit: [expect.objectContaining({ action: 'create', by: 'callcentre' })],
    })
    expect(one.record.pk).toBeUndefined()
  })

  it('cites as answer_15s evidence exactly the calls the route calls late or abandoned', async () => {
    await seed('calls', 'integration', calls)
    expect((await send('POST', '/api/v1/jobs/daily', 'agency_reviewer', { date: '2026-10-09' })).status).toBe(
      200,
    )
    const kpis = await json(await send('GET', '/api/v1/kpis?month=2026-10&kpi=answer_15s', 'agency_viewer'))
    const daily = kpis.results.find((r: { period: string }) => r.period === '2026-10-09')
    const outcomes: string[] = []
    for (const id of daily.evidence.ids) {
      const res = await send('GET', `/api/v1/records/calls/${daily.period}/${id}`, 'agency_viewer')
      outcomes.push((await json(res)).derived.outcome)
    }
    expect(daily.evidence.ids).toEqual(['C-LATE', 'C-ABANDONED'])
    expect(outcomes).toEqual(['answeredLate', 'abandoned'])
    expect(daily.value).toEqual({ num: 1, den: 3 })
  })

  it('404s a call that is not there (or not on that day), 400s a bad day, refuses the integration client', async () => {
    await seed('calls', 'integration', calls)
    const missing = await send('GET', '/api/v1/records/calls/2026-10-09/C-NONE', 'agency_reviewer')
    expect(missing.status).toBe(404)
    expect((await json(missing)).error.code).toBe('not_found')
    expect((await send('GET', '/api/v1/records/calls/2026-10-10/C-LATE', 'agency_reviewer')).status).toBe(404)
    const bad = await send('GET', '/api/v1/records/calls/2026-13-09/C-LATE', 'agency_reviewer')
    expect(bad.status).toBe(400)
    expect(await invalidField(bad)).toBe('day')
    expect(await statusesByRole('/api/v1/records/calls/2026-10-09/C-LATE')).toEqual(READ_BY_STAFF)
  })
})

describe('GET /records/publications/:day/:publicationId', () => {
  it('answers the publication with its audit (a reviewer’s accuracy review), 404 when absent', async () => {
    await seed('publications', 'contractor', [
      { publicationId: 'P-1', at: '2026-10-09T12:00:00+08:00', channel: 'website', accurate: true },
    ])
    const review = await send('POST', '/api/v1/publications/2026-10-09/P-1/review', 'agency_reviewer', {
      accurate: false,
      reason: '数据有误',
    })
    expect(review.status).toBe(200)
    const body = await json(await send('GET', '/api/v1/records/publications/2026-10-09/P-1', 'contractor'))
    expect(body.record).toMatchObject({ publicationId: 'P-1', accurate: false, channel: 'website' })
    expect(body.record.audit.map((a: { action: string }) => a.action)).toEqual(['create', 'set accurate'])
    expect(body.record.audit[1]).toMatchObject({
      by: 'reviewer',
      detail: { before: true, after: false, reason: '数据有误' },
    })
    expect((await send('GET', '/api/v1/records/publications/2026-10-10/P-1', 'contractor')).status).toBe(404)
    expect(await statusesByRole('/api/v1/records/publications/2026-10-09/P-1')).toEqual(READ_BY_STAFF)
  })
})

describe('GET /records/incidents/:month/:incidentId', () => {
  const incident = (incidentId: string, verified: boolean) => ({
    incidentId,
    type: 'complaint',
    at: '2026-10-09T09:00:00+08:00',
    verified,
    description: '市民投诉坐席态度',
  })

  it('lists the deductions drafted for the incident, and none for its neighbour INC-10 or an unverified one', async () => {
    await seed('incidents', 'agency_reviewer', [incident('INC-1', true), incident('INC-10', true)])
    await seed('incidents', 'contractor', [incident('INC-2', false)])
    expect((await send('POST', '/api/v1/jobs/monthly', 'agency_reviewer', { month: '2026-10' })).status).toBe(
      200,
    )

    const one = await json(await send('GET', '/api/v1/records/incidents/2026-10/INC-1', 'agency_viewer'))
    expect(one.record).toMatchObject({ incidentId: 'INC-1', type: 'complaint', verified: true })
    expect(one.deductions).toEqual([
      {
        billingMonth: '2026-10',
        deductionId: 'complaint:2026-10-09:INC-1',
        status: 'draft',
        amountFen: 50_000,
        finalAmountFen: null,
      },
    ])
    const unverified = await json(await send('GET', '/api/v1/records/incidents/2026-10/INC-2', 'contractor'))
    expect(unverified.record.verified).toBe(false)
    expect(unverified.deductions).toEqual([])
  })

  it('lists a decided deduction and the draft that supersedes it when the terms change the amount', async () => {
    await seed('incidents', 'agency_reviewer', [incident('INC-1', true)])
    await send('POST', '/api/v1/jobs/monthly', 'agency_reviewer', { month: '2026-10' })
    const decide = await send(
      'POST',
      `/api/v1/deductions/2026-10/${encodeURIComponent('complaint:2026-10-09:INC-1')}/decision`,
      'agency_reviewer',
      { decision: 'approved', expectedVersion: 1 },
    )
    expect(decide.status).toBe(200)
    const { kpis } = jiyuan2026
    const revised = await testApp({
      store: http.local.store,
      now: http.clock.now,
      terms: { ...jiyuan2026, kpis: { ...kpis, complaint: { ...kpis.complaint, amountFen: 60_000 } } },
    })
    const rerun = await revised.app.request('/api/v1/jobs/monthly', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await revised.bearer('agency_reviewer') },
      body: JSON.stringify({ month: '2026-10' }),
    })
    expect(rerun.status).toBe(200)

    const body = await json(await send('GET', '/api/v1/records/incidents/2026-10/INC-1', 'agency_reviewer'))
    expect(body.deductions).toEqual([
      {
        billingMonth: '2026-10',
        deductionId: 'complaint:2026-10-09:INC-1',
        status: 'approved',
        amountFen: 50_000,
        finalAmountFen: 50_000,
      },
      {
        billingMonth: '2026-10',
        deductionId: 'complaint:2026-10-09:INC-1~2',
        status: 'draft',
        amountFen: 60_000,
        finalAmountFen: null,
      },
    ])
  })

  it('404s an incident of another month, 400s a bad month', async () => {
    await seed('incidents', 'agency_reviewer', [incident('INC-1', true)])
    const other = await send('GET', '/api/v1/records/incidents/2026-09/INC-1', 'agency_viewer')
    expect(other.status).toBe(404)
    const bad = await send('GET', '/api/v1/records/incidents/2026-1/INC-1', 'agency_viewer')
    expect(await invalidField(bad)).toBe('month')
    expect(await statusesByRole('/api/v1/records/incidents/2026-10/INC-1')).toEqual(READ_BY_STAFF)
  })
})

describe('GET /records/checks/:week/:checkKey', () => {
  it('opens the check ids the weekly KPI cites, by type when a safety and a cleaning check share one', async () => {
    await seed('facility-checks', 'contractor', [
      { type: 'safety', at: '2026-10-08T10:00:00+08:00', checkId: 'W41-1', by: '王五' },
      { type: 'cleaning', at: '2026-10-08T11:00:00+08:00', checkId: 'W41-1' },
      { type: 'cleaning', at: '2026-10-09T11:00:00+08:00', notes: '无编号的检查' },
    ])
    expect((await send('POST', '/api/v1/jobs/monthly', 'agency_reviewer', { month: '2026-10' })).status).toBe(
      200,
    )
    const kpis = await json(await send('GET', '/api/v1/kpis?month=2026-10&kpi=safety_check', 'agency_viewer'))
    const w41 = kpis.results.find((r: { period: string }) => r.period === '2026-W41')
    expect(w41.evidence.ids).toEqual(['W41-1'])

    const safety = await json(
      await send(
        'GET',
        `/api/v1/records/checks/${w41.period}/${w41.evidence.ids[0]}?type=safety`,
        'contractor',
      ),
    )
    expect(safety.record).toMatchObject({ type: 'safety', checkId: 'W41-1', by: '王五' })
    expect(safety.others).toEqual([])
    const either = await json(await send('GET', '/api/v1/records/checks/2026-W41/W41-1', 'contractor'))
    expect([either.record.type, ...either.others.map((o: { type: string }) => o.type)]).toEqual([
      'safety',
      'cleaning',
    ])
    const unnamed = await json(
      await send(
        'GET',
        `/api/v1/records/checks/2026-W41/${encodeURIComponent('2026-10-09T03:00:00.000Z')}`,
        'contractor',
      ),
    )
    expect(unnamed.record).toMatchObject({ type: 'cleaning', notes: '无编号的检查' })
  })

  it('404s an unknown key or a type that has none, 400s a week that is not one', async () => {
    await seed('facility-checks', 'contractor', [
      { type: 'safety', at: '2026-10-08T10:00:00+08:00', checkId: 'W41-1' },
    ])
    expect((await send('GET', '/api/v1/records/checks/2026-W41/NONE', 'agency_viewer')).status).toBe(404)
    expect(
      (await send('GET', '/api/v1/records/checks/2026-W41/W41-1?type=cleaning', 'agency_viewer')).status,
    ).toBe(404)
    expect((await send('GET', '/api/v1/records/checks/2026-W42/W41-1', 'agency_viewer')).status).toBe(404)
    const bad = await send('GET', '/api/v1/records/checks/2026-41/W41-1', 'agency_viewer')
    expect(await invalidField(bad)).toBe('week')
    expect(await statusesByRole('/api/v1/records/checks/2026-W41/W41-1')).toEqual(READ_BY_STAFF)
  })
})

describe('GET /records/staff/:staffId', () => {
  it('answers a staff member’s name, events and training of every month, and not a neighbour’s', async () => {
    await seed('staff-events', 'contractor', [
      { staffId: 'A1', type: 'joined', at: '2026-08-01T09:00:00+08:00', role: 'agent', name: '张三' },
      { staffId: 'A10', type: 'joined', at: '2026-08-01T09:00:00+08:00', role: 'agent', name: '李四' },
      { staffId: 'A1', type: 'left', at: '2026-10-20T18:00:00+08:00', role: 'agent' },
    ])
    await seed('training', 'contractor', [
      { staffId: 'A1', at: '2026-08-02T09:00:00+08:00', type: 'onboarding', days: 30 },
      { staffId: 'A1', at: '2026-10-10T09:00:00+08:00', type: 'in_service', hours: 8 },
      { staffId: 'A10', at: '2026-10-10T09:00:00+08:00', type: 'in_service', hours: 8 },
    ])
    const body = await json(await send('GET', '/api/v1/records/staff/A1', 'agency_viewer'))
    expect(body.staffId).toBe('A1')
    expect(body.name).toBe('张三')
    expect(body.events.map((e: { type: string; at: string }) => [e.type, e.at])).toEqual([
      ['joined', '2026-08-01T01:00:00.000Z'],
      ['left', '2026-10-20T10:00:00.000Z'],
    ])
    expect(body.training.map((r: { type: string; staffId: string }) => [r.type, r.staffId])).toEqual([
      ['onboarding', 'A1'],
      ['in_service', 'A1'],
    ])
  })

  it('404s someone with neither events nor training', async () => {
    const res = await send('GET', '/api/v1/records/staff/NOBODY', 'contractor')
    expect(res.status).toBe(404)
    expect((await json(res)).error.code).toBe('not_found')
    expect(await statusesByRole('/api/v1/records/staff/NOBODY')).toEqual({
      agency_reviewer: 404,
      agency_viewer: 404,
      contractor: 404,
      integration: 403,
    })
  })
})

/** Three tickets received on 2026-10-09: two from one mobile, one from another. */
async function receiveTickets() {
  const received = [
    ['JY20261009-000001', '13812345678'],
    ['JY20261009-000002', '+86 138-1234-5678'],
    ['JY20261009-000003', '13987654321'],
  ] as const
  for (const [i, [ticketId, phone]] of received.entries()) {
    const res = await send('POST', `/api/v1/tickets/${ticketId}/events`, 'integration', {
      type: 'received',
      at: `2026-10-09T1${i}:00:00+08:00`,
      channel: 'phone',
      needsTransfer: true,
      phone,
    })
    expect(res.status).toBe(201)
  }
}

describe('GET /search?q= (ticket number)', () => {
  it('finds a ticket by its number whatever the case, spaces or full-width forms', async () => {
    await receiveTickets()
    const expected = [
      {
        ticketId: 'JY20261009-000001',
        status: 'received',
        channel: 'phone',
        receivedAt: '2026-10-09T02:00:00.000Z',
        phoneMasked: '138****5678',
      },
    ]
    for (const q of [
      'JY20261009-000001',
      '  jy20261009-000001 ',
      'JY 20261009-000001',
      'ＪＹ２０２６１００９－０００００１',
    ]) {
      const res = await send('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, 'agency_viewer')
      expect((await json(res)).tickets, q).toEqual(expected)
    }
    const none = await json(await send('GET', '/api/v1/search?q=JY20261009-000009', 'contractor'))
    expect(none.tickets).toEqual([])
    const junk = await json(await send('GET', `/api/v1/search?q=${encodeURIComponent('a#b')}`, 'contractor'))
    expect(junk.tickets).toEqual([])
  })

  it('400s an empty query naming q; the integration client may not search', async () => {
    const res = await send('GET', '/api/v1/search?q=%20', 'agency_reviewer')
    expect(res.status).toBe(400)
    expect(await invalidField(res)).toBe('q')
    expect(await statusesByRole('/api/v1/search?q=JY1')).toEqual(READ_BY_STAFF)
  })
})

describe('POST /search/phone (audited)', () => {
  it('finds a citizen’s tickets, masked, and audits the search on each ticket and in the log', async () => {
    await receiveTickets()
    const res = await send('POST', '/api/v1/search/phone', 'agency_reviewer', {
      phone: '138 1234 5678',
      reason: '核实重复来电',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const text = await res.text()
    expect(text).not.toContain('13812345678')
    expect(JSON.parse(text).tickets).toEqual([
      expect.objectContaining({ ticketId: 'JY20261009-000002', phoneMasked: '138****5678' }),
      expect.objectContaining({ ticketId: 'JY20261009-000001', phoneMasked: '138****5678' }),
    ])

    for (const ticketId of ['JY20261009-000001', 'JY20261009-000002']) {
      const audit = await json(await send('GET', `/api/v1/tickets/${ticketId}/audit`, 'agency_reviewer'))
      expect(audit.audit).toEqual([
        {
          at: '2026-11-02T02:00:00.000Z',
          by: 'reviewer',
          action: 'phone_search',
          detail: { reason: '核实重复来电', roles: 'agency_reviewer', searchId: expect.any(String) },
        },
      ])
    }
    const untouched = await json(
      await send('GET', '/api/v1/tickets/JY20261009-000003/audit', 'agency_reviewer'),
    )
    expect(untouched.audit).toEqual([])

    const log = await json(await send('GET', '/api/v1/search/phone/log?month=2026-11', 'agency_reviewer'))
    expect(log.searches).toEqual([
      {
        searchId: expect.any(String),
        at: '2026-11-02T02:00:00.000Z',
        by: 'reviewer',
        roles: ['agency_reviewer'],
        reason: '核实重复来电',
        phoneMasked: '138****5678',
        count: 2,
        ticketIds: ['JY20261009-000002', 'JY20261009-000001'],
      },
    ])
  })

  it('logs a contractor’s search that finds nothing; refuses the viewer with 403 and logs nothing of it', async () => {
    await receiveTickets()
    const empty = await send('POST', '/api/v1/search/phone', 'contractor', {
      phone: '13700000000',
      reason: '回访',
    })
    expect((await json(empty)).tickets).toEqual([])
    const viewer = await send('POST', '/api/v1/search/phone', 'agency_viewer', {
      phone: '13812345678',
      reason: '查看',
    })
    expect(viewer.status).toBe(403)
    expect((await json(viewer)).error.code).toBe('forbidden')
    const log = await json(await send('GET', '/api/v1/search/phone/log?month=2026-11', 'agency_reviewer'))
    expect(log.searches.map((s: { by: string; count: number }) => [s.by, s.count])).toEqual([
      ['contractor', 0],
    ])
    const audit = await json(await send('GET', '/api/v1/tickets/JY20261009-000001/audit', 'agency_reviewer'))
    expect(audit.audit).toEqual([])
    expect((await send('GET', '/api/v1/search/phone/log?month=2026-11', 'contractor')).status).toBe(403)
  })

  it('400s a number that is not a mainland mobile, and a missing reason, naming the field', async () => {
    const phone = await send('POST', '/api/v1/search/phone', 'agency_reviewer', {
      phone: '12345',
      reason: '核实',
    })
    expect(await invalidField(phone)).toBe('phone')
    const reason = await send('POST', '/api/v1/search/phone', 'agency_reviewer', { phone: '13812345678' })
    expect(await invalidField(reason)).toBe('reason')
    const log = await json(await send('GET', '/api/v1/search/phone/log?month=2026-11', 'agency_reviewer'))
    expect(log.searches).toEqual([])
    expect(
      await statusesByRole('/api/v1/search/phone', 'POST', { phone: '13812345678', reason: '核实' }),
    ).toEqual({ agency_reviewer: 200, agency_viewer: 403, contractor: 200, integration: 403 })
  })
})

describe('GET /people', () => {
  it('lists the people who signed in or asked who they are, with display names, once each', async () => {
    const login = await send('POST', '/api/v1/auth/login', null, {
      username: 'reviewer',
      password: 'reviewer-2026',
    })
    expect(login.status).toBe(200)
    http.clock.advance(60_000)
    await send('POST', '/api/v1/auth/login', null, { username: 'reviewer', password: 'reviewer-2026' })
    expect((await send('GET', '/api/v1/auth/me', 'agency_viewer')).status).toBe(200)
    expect((await send('GET', '/api/v1/auth/me', 'integration')).status).toBe(200)
    const wrong = await send('POST', '/api/v1/auth/login', null, { username: 'contractor', password: 'nope' })
    expect(wrong.status).toBe(401)

    const people = await json(await send('GET', '/api/v1/people', 'contractor'))
    expect(people).toEqual({
      people: [
        { username: 'reviewer', name: '甲方审核员（演示）', roles: ['agency_reviewer'] },
        { username: 'viewer', name: '甲方查看员（演示）', roles: ['agency_viewer'] },
      ],
    })
    expect(await statusesByRole('/api/v1/people')).toEqual(READ_BY_STAFF)
  })
})
