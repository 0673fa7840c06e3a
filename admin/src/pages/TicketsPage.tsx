/**
 * `/tickets`: what is about to breach — tickets whose next deadline clock is due by a chosen time
 * (Beijing time; by default 24 hours from now), soonest first, a page at a time with the API's
 * cursor, optionally of one status. The time and status are in the address (`?before=2026-10-09T00:00
 * &status=received`) so a reload or a shared link keeps them. Each ticket opens its detail.
 */
import { STATUS_LABELS, type Ticket, type TicketStatus } from '@hotline/domain'
import { A, useLocation, useSearchParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js'
import { type Api, type TicketsDueQuery, useApi } from '../api/client'
import type { TicketsDueResponse } from '../api/schemas'
import { formatDue, fromPickerValue, toPickerValue } from '../beijing-time'
import { createCursorPaging, DataTable, Pager } from '../components/lists'
import { useI18n } from '../i18n'
import { inLocale } from '../labels'

export const TICKETS_PAGE_SIZE = 20
const DAY_MS = 24 * 60 * 60 * 1000
const STATUSES = Object.keys(STATUS_LABELS) as TicketStatus[]
/**
 * The API filters by status after it reads a page of the index, so a filtered page can come back
 * empty with a cursor; it is followed this many times before an empty page is shown.
 */
const MAX_EMPTY_HOPS = 5

/** One page, skipping pages the status filter left empty. */
export async function dueTicketsPage(api: Api, query: TicketsDueQuery): Promise<TicketsDueResponse> {
  let page = await api.ticketsDue(query)
  for (let hops = 0; page.tickets.length === 0 && page.cursor && hops < MAX_EMPTY_HOPS; hops++) {
    page = await api.ticketsDue({ ...query, cursor: page.cursor })
  }
  return page
}

export const ticketHref = (id: string): string => `/tickets/${encodeURIComponent(id)}`

const isStatus = (value: string | undefined): value is TicketStatus =>
  value !== undefined && (STATUSES as string[]).includes(value)

export default function TicketsPage() {
  const { t, locale } = useI18n()
  const api = useApi()
  const [params, setParams] = useSearchParams<{ before?: string; status?: string }>()
  // The default is fixed when the page opens: a refetch must not move it.
  const defaultBefore = toPickerValue(Date.now() + DAY_MS)
  const picker = () => params.before || defaultBefore
  const dueBefore = () => fromPickerValue(picker())
  const status = () => (isStatus(params.status) ? params.status : undefined)

  // "Overdue" follows the clock while the page stays open.
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => setNow(Date.now()), 60_000)
  onCleanup(() => clearInterval(timer))

  // Another query starts at its first page.
  const paging = createCursorPaging(() => `${dueBefore()}|${status() ?? ''}`)

  const tickets = useQuery(() => ({
    queryKey: ['tickets-due', dueBefore(), status() ?? null, paging.cursor() ?? null],
    queryFn: () =>
      dueTicketsPage(api, {
        dueBefore: dueBefore() ?? '',
        status: status(),
        limit: TICKETS_PAGE_SIZE,
        cursor: paging.cursor(),
      }),
    enabled: dueBefore() !== null,
    retry: false,
  }))

  const atMidnight = () => picker().endsWith('T00:00')
  const captionOf = (iso: string | null) =>
    iso ? t('tickets.caption', { due: formatDue(iso, locale(), { year: true }) }) : ''

  return (
    <section class="card" aria-labelledby="tickets-title">
      <header>
        <h2 id="tickets-title">{t('tickets.title')}</h2>
        <div class="filters">
          <label for="tickets-before">{t('tickets.dueBefore')}</label>
          <input
            id="tickets-before"
            type="datetime-local"
            value={picker()}
            aria-describedby={atMidnight() ? 'tickets-before-shown' : undefined}
            onChange={(e) => setParams({ before: e.currentTarget.value || undefined })}
          />
          <Show when={atMidnight() && dueBefore()}>
            {(iso) => (
              <span id="tickets-before-shown" class="muted">
                {t('tickets.dueBeforeShown', { due: formatDue(iso(), locale()) })}
              </span>
            )}
          </Show>
          <label for="tickets-status">{t('tickets.status')}</label>
          <select
            id="tickets-status"
            value={status() ?? ''}
            onChange={(e) => setParams({ status: e.currentTarget.value || undefined })}
          >
            <option value="">{t('tickets.anyStatus')}</option>
            <For each={STATUSES}>
              {(value) => <option value={value}>{inLocale(STATUS_LABELS[value], locale())}</option>}
            </For>
          </select>
          <button
            type="button"
            onClick={() => tickets.refetch()}
            disabled={tickets.isFetching || dueBefore() === null}
          >
            {t('tickets.refresh')}
          </button>
        </div>
      </header>
      <p class="muted">{t('tickets.intro')}</p>
      <Switch>
        <Match when={dueBefore() === null}>
          <p role="alert" class="bad">
            {t('tickets.invalidTime')}
          </p>
        </Match>
        <Match when={tickets.isPending}>
          <p role="status">{t('tickets.loading')}</p>
        </Match>
        <Match when={tickets.isError}>
          <p role="alert" class="bad">
            {t('tickets.failed', { message: tickets.error?.message ?? '' })}
          </p>
        </Match>
        <Match when={tickets.data}>
          {(page) => (
            <>
              <Show
                when={page().tickets.length > 0}
                fallback={
                  <p role="status">{paging.page() === 1 ? t('tickets.empty') : t('tickets.noMore')}</p>
                }
              >
                <TicketsTable tickets={page().tickets} caption={captionOf(dueBefore())} now={now()} />
              </Show>
              <Pager messages="tickets" paging={paging} nextCursor={page().cursor} />
            </>
          )}
        </Match>
      </Switch>
    </section>
  )
}

function TicketsTable(props: { tickets: Ticket[]; caption: string; now: number }) {
  const { t, locale } = useI18n()
  const location = useLocation()
  return (
    <DataTable
      labelledBy="tickets-caption"
      testid="tickets"
      caption={props.caption}
      columns={[
        t('tickets.columns.ticket'),
        t('tickets.columns.status'),
        t('tickets.columns.channel'),
        t('tickets.columns.clock'),
        t('tickets.columns.due'),
      ]}
    >
      <For each={props.tickets}>
        {(ticket) => {
          // Clocks come soonest first: the first is the one `nextDue` is about.
          const clock = () => ticket.clocks[0]
          const due = () => clock()?.due ?? ticket.nextDue
          const overdue = () => {
            const at = due()
            return at !== null && Date.parse(at) < props.now
          }
          return (
            <tr data-testid="ticket-row" classList={{ overdue: overdue() }}>
              <th scope="row" class="nowrap mono">
                <A href={ticketHref(ticket.ticketId)} state={{ from: location.pathname + location.search }}>
                  {ticket.ticketId}
                </A>
              </th>
              <td class="nowrap">{inLocale(STATUS_LABELS[ticket.status], locale())}</td>
              <td class="nowrap">{t(`channels.${ticket.channel}`)}</td>
              <td class="nowrap">
                <Show when={clock()}>{(c) => t(`clocks.kinds.${c().kind}`)}</Show>
              </td>
              <td class="nowrap">
                <Show when={due()}>
                  {(at) => (
                    <>
                      <time datetime={at()} title={formatDue(at(), locale(), { year: true })}>
                        {formatDue(at(), locale())}
                      </time>
                      <Show when={clock()?.provisional}>
                        {' '}
                        <span class="badge" title={t('clocks.provisionalNote')}>
                          {t('clocks.provisional')}
                        </span>
                      </Show>
                      <Show when={overdue()}>
                        {' '}
                        <span class="badge bad-badge">{t('tickets.overdue')}</span>
                      </Show>
                    </>
                  )}
                </Show>
              </td>
            </tr>
          )
        }}
      </For>
    </DataTable>
  )
}
