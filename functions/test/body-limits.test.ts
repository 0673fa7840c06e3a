/**
 * What a request may carry: 256 KB on every route, 4.5 MB on the NDJSON import — what one Lambda
 * invocation can take (6 MB with its envelope). Over it: 413, and nothing read or written.
 */
import { recordsIn } from '@hotline/store'
import { describe, expect, it } from 'vitest'
import { json, useTestApp } from './support/http'

const http = useTestApp('2026-10-10T02:00:00.000Z')

const callLine = (i: number) =>
  JSON.stringify({
    kind: 'call',
    callId: `C${String(i).padStart(9, '0')}`,
    enqueuedAt: '2026-10-09T09:00:00+08:00',
    answeredAt: '2026-10-09T09:00:05+08:00',
    endedAt: '2026-10-09T09:03:00+08:00',
    agentId: 'A001',
  })

describe('request body limits', () => {
  it('refuses an import over 4.5 MB with 413 and writes none of it', async () => {
    const line = callLine(1)
    const lines = Array.from({ length: Math.ceil((4.6 * 1024 * 1024) / (line.length + 1)) }, (_, i) =>
      callLine(i),
    )
    const res = await http.send('POST', '/api/v1/import', 'integration', lines.join('\n'), {
      'content-type': 'application/x-ndjson',
    })
    expect(res.status).toBe(413)
    expect((await json(res)).error).toMatchObject({ code: 'payload_too_large' })
    expect(await recordsIn(http.local.store, 'call', '2026-10-09')).toEqual([])
  })

  it('refuses any other route’s body over 256 KB with 413', async () => {
    const res = await http.send('POST', '/api/v1/submissions/web', null, {
      phone: '13812345678',
      content: '路'.repeat(300_000),
    })
    expect(res.status).toBe(413)
    expect((await json(res)).error).toMatchObject({ code: 'payload_too_large' })
  })

  it('takes an import chunk under the limit', async () => {
    const res = await http.send(
      'POST',
      '/api/v1/import',
      'integration',
      [callLine(1), callLine(2)].join('\n'),
      {
        'content-type': 'application/x-ndjson',
      },
    )
    expect(res.status).toBe(200)
    expect(await recordsIn(http.local.store, 'call', '2026-10-09')).toHaveLength(2)
  })
})
