/**
 * Asterisk queue_log → canonical calls (SPEC §5 answer_15s: "the clock starts when the call enters
 * the agent queue"; §8, §9).
 *
 * Line format and event parameters as documented in "Queue Logs" —
 * https://docs.asterisk.org/Operation/Logging/Queue-Logs/ — `epoch|callid|queuename|agent|event|data…`,
 * e.g. ENTERQUEUE(url|callerid|position), CONNECT(holdtime|bridgedchanneluniqueid|ringtime),
 * ABANDON / EXITWITHTIMEOUT / EXITEMPTY (position|origposition|waittime),
 * EXITWITHKEY(key|position|origposition|waittime), COMPLETEAGENT / COMPLETECALLER
 * (holdtime|calltime|origposition), TRANSFER(extension|context|holdtime|calltime|origposition).
 * T is 2026-10-09 10:00:00 in Jiyuan (02:00:00 UTC); caller numbers are fake.
 */
import { answer15s, type CallRecord, createCalendar, jiyuan2026 } from '@hotline/domain'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createQueueLogParser,
  parseQueueLog,
  type QueueLogResult,
  queueMemberId,
} from '../src/operations/importers/asterisk'

/** 2026-10-09T02:00:00Z as a Unix epoch. */
const T = 1_791_511_200
const iso = (offsetSeconds: number): string => new Date((T + offsetSeconds) * 1000).toISOString()
/** One queue_log line at T + `offset` seconds. */
const line = (offset: number, callid: string, agent: string, event: string, ...data: (string | number)[]) =>
  [T + offset, callid, 'hotline', agent, event, ...data].join('|')

const answered = (callId: string, enq: number, ans: number, end: number, agentId: string): CallRecord => ({
  kind: 'call',
  callId,
  enqueuedAt: iso(enq),
  endedAt: iso(end),
  answeredAt: iso(ans),
  agentId,
})
const unanswered = (callId: string, enq: number, end: number): CallRecord => ({
  kind: 'call',
  callId,
  enqueuedAt: iso(enq),
  endedAt: iso(end),
  answeredAt: null,
  agentId: null,
})

/**
 * A morning of the hotline queue: startup noise, then
 * A answered after exactly 15 s, B abandoned, C out by timeout, D out by key, E answered after 16 s
 * and transferred, F and G whose ENTERQUEUE went with the rotated file (clock from CONNECT holdtime
 * 15 and 16), H out because no agent was reachable, I still talking at the end of the file.
 */
const SESSION = [
  line(-60, 'NONE', 'NONE', 'QUEUESTART', ''),
  line(-55, 'NONE', 'NONE', 'CONFIGRELOAD', ''),
  line(-50, 'NONE', 'PJSIP/1001', 'ADDMEMBER', ''),
  line(-40, 'NONE', 'Agent/1002', 'AGENTLOGIN', 'PJSIP/1002'),
  line(-30, 'NONE', 'PJSIP/1001', 'UNPAUSE', ''),
  line(0, 'A.1', 'NONE', 'ENTERQUEUE', '', '13800000001', 1),
  line(5, 'B.2', 'NONE', 'ENTERQUEUE', '', '13800000002', 2),
  line(8, 'A.1', 'PJSIP/1001', 'RINGNOANSWER', 8000),
  line(15, 'A.1', 'Agent/1002', 'CONNECT', 15, 'M.10', 4),
  line(20, 'F.6', 'Local/1004@agents/n', 'CONNECT', 15, 'M.11', 2),
  line(30, 'G.7', 'SIP/1005', 'CONNECT', 16, 'M.12', 3),
  line(35, 'B.2', 'NONE', 'ABANDON', 1, 2, 30),
  line(40, 'C.3', 'NONE', 'ENTERQUEUE', '', '13800000003', 1),
  line(50, 'D.4', 'NONE', 'ENTERQUEUE', '', '13800000004', 2),
  line(58, 'D.4', 'NONE', 'EXITWITHKEY', 5, 2, 2, 8),
  line(60, 'E.5', 'NONE', 'ENTERQUEUE', '', '13800000005', 2),
  line(62, 'E.5', 'PJSIP/1001', 'RINGCANCELED', 2000),
  line(76, 'E.5', 'PJSIP/1003', 'CONNECT', 16, 'M.13', 5),
  line(80, 'F.6', 'Local/1004@agents/n', 'COMPLETEAGENT', 15, 60, 3),
  line(90, 'G.7', 'SIP/1005', 'COMPLETECALLER', 16, 60, 1),
  line(100, 'C.3', 'NONE', 'EXITWITHTIMEOUT', 1, 1, 60),
  line(100, 'H.8', 'NONE', 'ENTERQUEUE', '', '13800000008', 1),
  line(101, 'H.8', 'NONE', 'EXITEMPTY', 1, 1, 1),
  line(136, 'E.5', 'PJSIP/1003', 'TRANSFER', '2000', 'from-internal', 16, 60, 1),
  line(195, 'A.1', 'Agent/1002', 'COMPLETECALLER', 15, 180, 1),
  line(200, 'I.9', 'NONE', 'ENTERQUEUE', '', '13800000009', 1),
  line(205, 'I.9', 'PJSIP/1001', 'CONNECT', 5, 'M.14', 2),
  line(210, 'NONE', 'PJSIP/1001', 'PAUSE', 'lunch'),
]

const SESSION_CALLS: CallRecord[] = [
  answered('A.1', 0, 15, 195, '1002'),
  unanswered('B.2', 5, 35),
  answered('F.6', 5, 20, 80, '1004'),
  answered('G.7', 14, 30, 90, '1005'),
  unanswered('C.3', 40, 100),
  unanswered('D.4', 50, 58),
  answered('E.5', 60, 76, 136, '1003'),
  unanswered('H.8', 100, 101),
]

describe('a queue_log session → one call per queue entry', () => {
  it('answered, abandoned, timeout, key, empty, transfer and rotated calls, exactly; noise ignored', () => {
    expect(parseQueueLog(`${SESSION.join('\n')}\n`)).toEqual({
      calls: SESSION_CALLS,
      problems: [],
      open: ['I.9'],
    })
  })

  it('§4.5: 15 s from queue entry to CONNECT is within the threshold, 16 s is late, whether or not ENTERQUEUE is in the file', () => {
    const { calls } = parseQueueLog(SESSION.join('\n'))
    const result = answer15s(calls, '2026-10-09', { terms: jiyuan2026, calendar: createCalendar() })
    expect(result.value).toEqual({ num: 2, den: 8 })
    expect(result.evidence.figures).toMatchObject({ answeredWithin: 2, answeredLate: 2, abandoned: 4 })
  })

  it('a caller who re-enters a queue (after a timeout) makes a second call, `<callid>-2`', () => {
    const text = [
      line(0, 'X.1', 'NONE', 'ENTERQUEUE', '', '13800000001', 1),
      line(30, 'X.1', 'NONE', 'EXITWITHTIMEOUT', 1, 1, 30),
      [T + 31, 'X.1', 'overflow', 'NONE', 'ENTERQUEUE', '', '13800000001', 1].join('|'),
      [T + 40, 'X.1', 'overflow', 'PJSIP/1009', 'CONNECT', 9, 'M.1', 3].join('|'),
      [T + 100, 'X.1', 'overflow', 'PJSIP/1009', 'COMPLETEAGENT', 9, 60, 1].join('|'),
    ].join('\n')
    expect(parseQueueLog(text)).toEqual({
      calls: [unanswered('X.1', 0, 30), answered('X.1-2', 31, 40, 100, '1009')],
      problems: [],
      open: [],
    })
  })

  it('only an end line in the file: times rebuilt from its waittime, or holdtime and calltime', () => {
    const text = [
      line(100, 'R.1', 'PJSIP/1001', 'COMPLETECALLER', 12, 80, 1),
      line(110, 'R.2', 'NONE', 'ABANDON', 3, 3, 40),
      line(120, 'R.3', 'PJSIP/1002', 'BLINDTRANSFER', '2000', 'from-internal', 7, 30, 1),
    ].join('\n')
    expect(parseQueueLog(text).calls).toEqual([
      answered('R.1', 8, 20, 100, '1001'),
      unanswered('R.2', 70, 110),
      answered('R.3', 83, 90, 120, '1002'),
    ])
  })

  it('ENTERQUEUE and an end without CONNECT: answered holdtime after entering, by the end line’s agent', () => {
    const text = [
      line(0, 'S.1', 'NONE', 'ENTERQUEUE', '', '13800000001', 1),
      line(90, 'S.1', 'SIP/1007', 'COMPLETEAGENT', 10, 80, 1),
    ].join('\n')
    expect(parseQueueLog(text).calls).toEqual([answered('S.1', 0, 10, 90, '1007')])
  })

  it('an entry still waiting, and one still talking, are open and not emitted', () => {
    const text = [
      line(0, 'W.1', 'NONE', 'ENTERQUEUE', '', '13800000001', 1),
      line(1, 'V.2', 'NONE', 'ENTERQUEUE', '', '13800000002', 2),
      line(9, 'V.2', 'PJSIP/1001', 'CONNECT', 8, 'M.1', 2),
    ].join('\n')
    expect(parseQueueLog(text)).toEqual({ calls: [], problems: [], open: ['V.2', 'W.1'] })
  })

  it('CRLF line ends read the same', () => {
    expect(parseQueueLog(SESSION.join('\r\n'))).toEqual(parseQueueLog(SESSION.join('\n')))
  })
})

describe('agents', () => {
  it.each([
    ['SIP/1001', '1001'],
    ['PJSIP/1001', '1001'],
    ['IAX2/1001', '1001'],
    ['Local/1001@agents', '1001'],
    ['Local/1001@agents/n', '1001'],
    ['Agent/1001', '1001'],
    ['1001', '1001'],
  ])('%s is agent %s', (member, agentId) => {
    expect(queueMemberId(member)).toBe(agentId)
  })

  it('a member name with a space is kept, cleaned to an id', () => {
    expect(queueMemberId('Zhang Wei')).toMatch(/^Zhang_Wei~[0-9a-f]{16}$/)
  })
})

describe('malformed and contradictory lines', () => {
  it('are reported with their line numbers; the calls they touch are not imported, the others are', () => {
    const text = [
      /* 1 */ line(0, 'A.1', 'NONE', 'ENTERQUEUE', '', '13800000001', 1),
      /* 2 */ `17915112O5|B.2|hotline|NONE|ENTERQUEUE||13800000002|2`,
      /* 3 */ `${T + 10}|A.1|hotline`,
      /* 4 */ 'garbage',
      /* 5 */ line(15, 'B.2', 'PJSIP/1001', 'CONNECT', 10, 'M.1', 2),
      /* 6 */ line(30, 'A.1', 'PJSIP/1002', 'CONNECT', 30, 'M.2', 2),
      /* 7 */ line(60, 'B.2', 'PJSIP/1001', 'COMPLETECALLER', 10, 45, 2),
      /* 8 */ line(90, 'A.1', 'PJSIP/1002', 'COMPLETEAGENT', 30, 60, 1),
      /* 9 */ line(100, 'C.3', 'NONE', 'ENTERQUEUE', '', '13800000003', 1),
      /* 10 */ line(110, 'C.3', 'NONE', 'ABANDON', 1, 1, 10),
      /* 11 */ line(120, 'NONE', 'NONE', 'CONFIGRELOAD', ''),
      /* 12 */ '',
      /* 13 */ 'abc|NONE|NONE|NONE|QUEUESTART|',
      /* 14 */ line(130, 'D.4', 'PJSIP/1003', 'CONNECT', 'soon', 'M.3', 2),
      /* 15 */ line(190, 'D.4', 'PJSIP/1003', 'COMPLETEAGENT', 7, 60, 1),
      /* 16 */ line(200, 'E.5', 'NONE', 'ENTERQUEUE', '', '13800000005', 1),
      /* 17 */ line(205, 'E.5', 'PJSIP/1004', 'CONNECT', 5, 'M.4', 2),
      /* 18 */ line(206, 'E.5', 'NONE', 'ABANDON', 1, 1, 6),
      /* 19 */ line(300, 'F.6', 'NONE', 'ENTERQUEUE', '', '13800000006', 1),
      /* 20 */ `${T + 301}|F.6|hotline|PJSIP/1005`,
    ].join('\n')
    expect(parseQueueLog(text)).toEqual({
      calls: [unanswered('C.3', 100, 110)],
      problems: [
        { line: 2, id: 'B.2', field: 'epoch', message: 'must be Unix seconds' },
        {
          line: 3,
          id: 'A.1',
          field: '(line)',
          message: 'expected epoch|callid|queuename|agent|event[|data…], got 3 field(s)',
        },
        {
          line: 4,
          field: '(line)',
          message: 'expected epoch|callid|queuename|agent|event[|data…], got 1 field(s)',
        },
        {
          line: 7,
          id: 'B.2',
          field: '(call)',
          message: 'not imported: line 2 of this call is malformed or contradictory',
        },
        {
          line: 8,
          id: 'A.1',
          field: '(call)',
          message: 'not imported: line 3 of this call is malformed or contradictory',
        },
        { line: 13, field: 'epoch', message: 'must be Unix seconds' },
        {
          line: 14,
          id: 'D.4',
          field: 'holdtime',
          message: 'must be whole seconds (no ENTERQUEUE to start from)',
        },
        {
          line: 15,
          id: 'D.4',
          field: '(call)',
          message: 'not imported: line 14 of this call is malformed or contradictory',
        },
        { line: 18, id: 'E.5', field: 'event', message: 'ABANDON after the call was answered' },
        {
          line: 18,
          id: 'E.5',
          field: '(call)',
          message: 'not imported: line 18 of this call is malformed or contradictory',
        },
        {
          line: 19,
          id: 'F.6',
          field: '(call)',
          message: 'not imported: line 20 of this call is malformed or contradictory',
        },
        {
          line: 20,
          id: 'F.6',
          field: '(line)',
          message: 'expected epoch|callid|queuename|agent|event[|data…], got 4 field(s)',
        },
      ],
      open: [],
    })
  })
})

// ---------------------------------------------------------------------------------------------
// Streaming = one-shot, and the order calls' lines interleave in does not matter.

type Scenario = { lines: string[]; call: CallRecord | null; open: string | null }

/** One call's lines in time order, and what it must become. */
const scenarioArb = (callid: string): fc.Arbitrary<Scenario> =>
  fc
    .record({
      kind: fc.constantFrom('complete', 'transfer', 'rotated', 'abandon', 'timeout', 'key', 'talking'),
      enq: fc.integer({ min: 0, max: 3_600 }),
      wait: fc.integer({ min: 0, max: 120 }),
      talk: fc.integer({ min: 1, max: 900 }),
      agent: fc.constantFrom('PJSIP/1001', 'SIP/1002', 'Agent/1003', 'Local/1004@agents/n'),
      rings: fc.integer({ min: 0, max: 2 }),
    })
    .map(({ kind, enq, wait, talk, agent, rings }): Scenario => {
      const agentId = queueMemberId(agent)
      const enter = line(enq, callid, 'NONE', 'ENTERQUEUE', '', '13800000000', 1)
      const noise = Array.from({ length: rings }, (_, i) =>
        line(enq + Math.floor((wait * (i + 1)) / (rings + 1)), callid, 'PJSIP/1009', 'RINGNOANSWER', 1000),
      )
      const connect = line(enq + wait, callid, agent, 'CONNECT', wait, 'M.1', 2)
      const end = enq + wait + talk
      switch (kind) {
        case 'complete':
          return {
            lines: [enter, ...noise, connect, line(end, callid, agent, 'COMPLETECALLER', wait, talk, 1)],
            call: answered(callid, enq, enq + wait, end, agentId),
            open: null,
          }
        case 'transfer':
          return {
            lines: [
              enter,
              connect,
              line(end, callid, agent, 'TRANSFER', '2000', 'from-internal', wait, talk, 1),
            ],
            call: answered(callid, enq, enq + wait, end, agentId),
            open: null,
          }
        case 'rotated':
          return {
            lines: [connect, line(end, callid, agent, 'COMPLETEAGENT', wait, talk, 1)],
            call: answered(callid, enq, enq + wait, end, agentId),
            open: null,
          }
        case 'abandon':
          return {
            lines: [enter, ...noise, line(enq + wait, callid, 'NONE', 'ABANDON', 1, 1, wait)],
            call: unanswered(callid, enq, enq + wait),
            open: null,
          }
        case 'timeout':
          return {
            lines: [enter, line(enq + wait, callid, 'NONE', 'EXITWITHTIMEOUT', 1, 1, wait)],
            call: unanswered(callid, enq, enq + wait),
            open: null,
          }
        case 'key':
          return {
            lines: [enter, line(enq + wait, callid, 'NONE', 'EXITWITHKEY', 0, 1, 1, wait)],
            call: unanswered(callid, enq, enq + wait),
            open: null,
          }
        default:
          return { lines: [enter, ...noise, connect], call: null, open: callid }
      }
    })

/** Up to five calls, and an interleaving of their lines that keeps each call's own order. */
const sessionArb = fc
  .integer({ min: 1, max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => scenarioArb(`${T}.${i}`))))
  .chain((scenarios) => {
    const tags = scenarios.flatMap((s, i) => s.lines.map(() => i))
    return fc
      .shuffledSubarray(tags, { minLength: tags.length, maxLength: tags.length })
      .map((order) => ({ scenarios, order }))
  })

function interleave(scenarios: readonly Scenario[], order: readonly number[]): string[] {
  const next = scenarios.map(() => 0)
  return order.map((i) => {
    const at = next[i] ?? 0
    next[i] = at + 1
    return scenarios[i]?.lines[at] ?? ''
  })
}

function stream(lines: readonly string[]): QueueLogResult {
  const parser = createQueueLogParser()
  lines.forEach((l, i) => {
    parser.push(l, i + 1)
  })
  return parser.end()
}

describe('the streaming parser', () => {
  it('gives the one-shot result for the session, line by line', () => {
    expect(stream(SESSION)).toEqual(parseQueueLog(SESSION.join('\n')))
  })

  it('property: any interleaving of a few calls’ lines → the same calls and open list, streamed or not', () => {
    fc.assert(
      fc.property(sessionArb, ({ scenarios, order }) => {
        const lines = interleave(scenarios, order)
        const oneShot = parseQueueLog(lines.join('\n'))
        expect(stream(lines)).toEqual(oneShot)
        expect(oneShot).toEqual({
          calls: scenarios
            .flatMap((s) => (s.call ? [s.call] : []))
            .sort((a, b) =>
              a.enqueuedAt === b.enqueuedAt
                ? a.callId < b.callId
                  ? -1
                  : 1
                : a.enqueuedAt < b.enqueuedAt
                  ? -1
                  : 1,
            ),
          problems: [],
          open: scenarios.flatMap((s) => (s.open ? [s.open] : [])).sort(),
        })
      }),
      { numRuns: 200 },
    )
  })

  it('refuses lines after end()', () => {
    const parser = createQueueLogParser()
    parser.end()
    expect(() => parser.push(SESSION[0] ?? '', 1)).toThrow('push after end()')
  })
})
