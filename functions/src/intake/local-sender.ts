/** Local mode's SMS "sender": sends nothing; the outbox (`GET /api/v1/outbox`) shows what would have gone out. */
import type { SmsSender } from './ports'

export const localSmsSender: SmsSender = {
  kind: 'local',
  send: async () => ({ providerMessageId: null }),
}
