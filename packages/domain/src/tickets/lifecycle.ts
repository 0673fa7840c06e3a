/**
 * The ticket lifecycle (工单): which event may follow which, and the status each leaves.
 *
 * received → transferred (转办) → replied (答复) → callback_done (回访) → closed (办结)
 *                       ↘ returned (回退) → transferred again, or closed
 * A ticket may be closed from any open status (answered on the spot, or withdrawn); nothing
 * follows `closed`. Imports of a month's export start mid-story: `lenient` accepts any first event.
 */
import type { TicketEventType } from '../records'

export type TicketStatus = TicketEventType

const NEXT: Readonly<Record<TicketStatus, readonly TicketEventType[]>> = {
  received: ['transferred', 'closed'],
  transferred: ['transferred', 'returned', 'replied', 'closed'],
  returned: ['transferred', 'closed'],
  replied: ['replied', 'callback_done', 'closed'],
  callback_done: ['closed'],
  closed: [],
}

export const STATUS_LABELS: Readonly<Record<TicketStatus, { zh: string; en: string }>> = {
  received: { zh: '已受理', en: 'Received' },
  transferred: { zh: '已转办', en: 'Transferred to a department' },
  returned: { zh: '部门回退', en: 'Returned by the department' },
  replied: { zh: '部门已答复', en: 'Answered by the department' },
  callback_done: { zh: '已回访', en: 'Called back' },
  closed: { zh: '已办结', en: 'Closed' },
}

export type TransitionCheck =
  | { ok: true; status: TicketStatus }
  | { ok: false; reason: { zh: string; en: string } }

/**
 * Whether `event` may follow a ticket in `status` (`null`: the ticket does not exist yet), and the
 * status it leaves. The reason says why not, for the 409 a client sees.
 */
export function checkTransition(
  status: TicketStatus | null,
  event: TicketEventType,
  options: { lenient?: boolean } = {},
): TransitionCheck {
  if (status === null) {
    if (event === 'received' || options.lenient) return { ok: true, status: event }
    return {
      ok: false,
      reason: {
        zh: '工单不存在，须先受理',
        en: `the ticket does not exist: it must be received before it is ${event}`,
      },
    }
  }
  if (event === 'received') {
    return { ok: false, reason: { zh: '工单已受理', en: 'the ticket has already been received' } }
  }
  if (NEXT[status].includes(event)) return { ok: true, status: event }
  if (status === 'closed') return { ok: false, reason: { zh: '工单已办结', en: 'the ticket is closed' } }
  return {
    ok: false,
    reason: {
      zh: `工单当前状态为“${STATUS_LABELS[status].zh}”，不能${EVENT_VERBS[event].zh}`,
      en: `a ticket that is ${STATUS_LABELS[status].en.toLowerCase()} cannot be ${EVENT_VERBS[event].en}; allowed next: ${NEXT[status].join(', ')}`,
    },
  }
}

const EVENT_VERBS: Readonly<Record<TicketEventType, { zh: string; en: string }>> = {
  received: { zh: '受理', en: 'received' },
  transferred: { zh: '转办', en: 'transferred' },
  returned: { zh: '回退', en: 'returned' },
  replied: { zh: '答复', en: 'replied' },
  callback_done: { zh: '回访', en: 'called back' },
  closed: { zh: '办结', en: 'closed' },
}
