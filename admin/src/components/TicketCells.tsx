/** A ticket row's first cells, as the ticket lists show them: its number (opening its page), status and channel. */
import { STATUS_LABELS, type Ticket } from '@hotline/domain'
import { A, useLocation } from '@solidjs/router'
import { useI18n } from '../i18n'
import { inLocale } from '../labels'
import { useMonthForLinks, withMonth } from '../month'
import { ticketHref } from '../pages/records/links'

/**
 * The number is the row's header; its link keeps the month in context and says where the ticket
 * was opened from (the ticket page's way back).
 */
export function TicketCells(props: { ticket: Pick<Ticket, 'ticketId' | 'status' | 'channel'> }) {
  const { t, locale } = useI18n()
  const location = useLocation()
  const month = useMonthForLinks()
  return (
    <>
      <th scope="row" class="mono nowrap" translate="no">
        <A
          href={withMonth(ticketHref(props.ticket.ticketId), month())}
          state={{ from: location.pathname + location.search }}
        >
          {props.ticket.ticketId}
        </A>
      </th>
      <td class="nowrap">{inLocale(STATUS_LABELS[props.ticket.status], locale())}</td>
      <td class="nowrap">{t(`channels.${props.ticket.channel}`)}</td>
    </>
  )
}
