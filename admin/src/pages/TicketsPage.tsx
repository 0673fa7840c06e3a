/**
 * `/tickets`: the deadlines a shift lead works on, in two views — 即将超时 (the next deadline falls
 * within the coming hours, soonest first, with the time left; the default, 8 hours: a shift) and
 * 已超时 (the deadline has passed, longest overdue first, saying by how long) — a page at a time with
 * the API's cursor, optionally of one status; and a search by ticket number. View, window and
 * status are in the address (`?view=overdue&status=received`), so a reload or a shared link keeps
 * them. Each ticket opens its detail; links keep the month in context.
 */
import { STATUS_LABELS, type Ticket, type TicketStatus } from '@hotline/domain'
import { useNavigate, useSearchParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js'
import { type Api, type TicketsDueQuery, useApi } from '../api/client'
import { useErrorText } from '../api/errors'
import type { TicketsDueResponse } from '../api/schemas'
import { formatDue, formatInstant } from '../beijing-time'
import { createCursorPaging, DataTable, Pager } from '../components/lists'
import { TicketCells } from '../components/TicketCells'
import { useI18n } from '../i18n'
import { inLocale } from '../labels'
import { useMonthInContext, withMonth } from '../month'
import { searchHref } from './records/links'

export const TICKETS_PAGE_SIZE = 20
const HOUR_MS = 60 * 60 * 1000
const STATUSES = Object.keys(STATUS_LABELS) as TicketStatus[]
const VIEWS = ['soon', 'overdue'] as const
type View = (typeof VIEWS)[number]
/** The windows of 即将超时, in hours; the default is a shift. */
export const WINDOWS = [4, 8, 24, 72] as const
const DEFAULT_WINDOW = 8
/**
 * Pages the list skips (pages a status filter left empty, or of tickets already overdue in the
 * 即将超时 view) before it shows an empty page; the skipped ones are read this many at a time.
 */
const MAX_HOPS = 10
const HOP_SIZE = 200

export type TicketsPage = TicketsDueResponse & { skippedOverdue: number }

/** When a ticket's next deadline falls: its first clock's (clocks come soonest first), else `nextDue`. */
export const dueOf = (ticket: Ticket): string | null => ticket.clocks[0]?.due ?? ticket.nextDue

/**
 * One page of tickets due by `query.dueBefore`, soonest first, keeping only those due at or after
 * `notBefore` (the 即将超时 view: the API lists overdue ones first) and following the cursor past
 * pages left empty; `skippedOverdue` counts the overdue tickets passed over.
 */
export async function dueTicketsPage(
  api: Api,
  query: TicketsDueQuery,
  notBefore: number | null = null,
): Promise<TicketsPage> {
  const keep = (t: Ticket) => notBefore === null || Date.parse(dueOf(t) ?? '') > notBefore
  let page = await api.ticketsDue(query)
  let tickets = page.tickets.filter(keep)
  let skippedOverdue = page.tickets.length - tickets.length
  for (let hops = 0; tickets.length === 0 && page.cursor && hops < MAX_HOPS; hops++) {
    page = await api.ticketsDue({ ...query, cursor: page.cursor, limit: HOP_SIZE })
    tickets = page.tickets.filter(keep)
    skippedOverdue += page.tickets.length - tickets.length
  }
  return { tickets, cursor: page.cursor, skippedOverdue }
}

const isStatus = (value: string | undefined): value is TicketStatus =>
  value !== undefined && (STATUSES as string[]).includes(value)
const windowOf = (value: string | undefined): number =>
  (WINDOWS as readonly number[]).includes(Number(value)) ? Number(value) : DEFAULT_WINDOW

/** A span of time as people say it: `3 天 4 小时`, `2 小时 15 分钟`, `5 分钟`. */
export function useDurationText(): (ms: number) => string {
  const { t } = useI18n()
  return (ms) => {
    const minutes = Math.max(0, Math.floor(ms / 60_000))
    const days = Math.floor(minutes / 1440)
    const hours = Math.floor((minutes % 1440) / 60)
    if (days > 0) return t('tickets.duration.days', { d: String(days), h: String(hours) })
    if (hours > 0) return t('tickets.duration.hours', { h: String(hours), m: String(minutes % 60) })
    return t('tickets.duration.minutes', { m: String(minutes) })
  }
}

export default function TicketsPage() {
  const { t, locale } = useI18n()
  const api = useApi()
  const errorText = useErrorText()
  const [params, setParams] = useSearchParams<{ view?: string; within?: string; status?: string }>()
  const view = (): View => (params.view === 'overdue' ? 'overdue' : 'soon')
  const within = () => windowOf(params.within)
  const status = () => (isStatus(params.status) ? params.status : undefined)

  // The lists are as of when the page opened (or was refreshed); "overdue by" follows the clock.
  const [asOf, setAsOf] = createSignal(Date.now())
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => setNow(Date.now()), 60_000)
  onCleanup(() => clearInterval(timer))
  const dueBefore = () => asOf() + (view() === 'soon' ? within() * HOUR_MS : 0)

  // Another view, window or status starts at its first page.
  const paging = createCursorPaging(() => `${view()}|${within()}|${status() ?? ''}|${asOf()}`)
  const tickets = useQuery(() => ({
    queryKey: ['tickets-due', view(), dueBefore(), status() ?? null, paging.cursor() ?? null],
    queryFn: () =>
      dueTicketsPage(
        api,
        {
          dueBefore: new Date(dueBefore()).toISOString(),
          status: status(),
          limit: TICKETS_PAGE_SIZE,
          cursor: paging.cursor(),
        },
        view() === 'soon' ? asOf() : null,
      ),
    retry: false,
  }))
  const refresh = () => {
    setAsOf(Date.now())
    setNow(Date.now())
  }
  const caption = () =>
    view() === 'soon'
      ? t('tickets.captionSoon', {
          from: formatDue(new Date(asOf()).toISOString(), locale()),
          to: formatDue(new Date(dueBefore()).toISOString(), locale()),
        })
      : t('tickets.captionOverdue', { at: formatInstant(new Date(asOf()).toISOString(), locale()) })

  return (
    <section class="card" aria-labelledby="tickets-title">
      <header>
        <h2 id="tickets-title">{t('tickets.title')}</h2>
        <TicketSearch />
      </header>
      <fieldset class="filters views">
        <legend class="visually-hidden">{t('tickets.views.label')}</legend>
        <For each={VIEWS}>
          {(v) => (
            <button
              type="button"
              aria-pressed={view() === v}
              classList={{ primary: view() === v }}
              onClick={() => setParams({ view: v === 'soon' ? undefined : v })}
              data-testid={`view-${v}`}
            >
              {t(`tickets.views.${v}`)}
            </button>
          )}
        </For>
      </fieldset>
      <div class="filters">
        <Show when={view() === 'soon'}>
          <label for="tickets-within">{t('tickets.within')}</label>
          <select
            id="tickets-within"
            value={String(within())}
            onChange={(e) => setParams({ within: e.currentTarget.value })}
          >
            <For each={WINDOWS}>
              {(hours) => <option value={hours}>{t('tickets.withinHours', { n: String(hours) })}</option>}
            </For>
          </select>
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
        <button type="button" onClick={refresh} disabled={tickets.isFetching}>
          {t('tickets.refresh')}
        </button>
      </div>
      <p class="muted">{t(view() === 'soon' ? 'tickets.introSoon' : 'tickets.introOverdue')}</p>
      <Switch>
        <Match when={tickets.isPending}>
          <p role="status">{t('tickets.loading')}</p>
        </Match>
        <Match when={tickets.isError}>
          <p role="alert" class="bad">
            {t('tickets.failed', { message: errorText(tickets.error) })}
          </p>
        </Match>
        <Match when={tickets.data}>
          {(page) => (
            <>
              <Show when={view() === 'soon' && paging.page() === 1 && page().skippedOverdue > 0}>
                <p class="note" data-testid="overdue-hint">
                  {t('tickets.overdueHint')}{' '}
                  <button type="button" onClick={() => setParams({ view: 'overdue' })}>
                    {t('tickets.showOverdue')}
                  </button>
                </p>
              </Show>
              <Show
                when={page().tickets.length > 0}
                fallback={
                  <p role="status">
                    {paging.page() === 1 ? t(`tickets.empty.${view()}`) : t('tickets.noMore')}
                  </p>
                }
              >
                <TicketsTable tickets={page().tickets} caption={caption()} now={now()} />
              </Show>
              <Pager messages="tickets" paging={paging} nextCursor={page().cursor} />
            </>
          )}
        </Match>
      </Switch>
    </section>
  )
}

/** A ticket number to look up: opens the search page. */
function TicketSearch() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const month = useMonthInContext()
  const [q, setQ] = createSignal('')
  return (
    <form
      class="filters"
      aria-label={t('tickets.search.label')}
      onSubmit={(e) => {
        e.preventDefault()
        if (q().trim()) navigate(withMonth(searchHref(q().trim()), month()))
      }}
    >
      <label for="tickets-search">{t('tickets.search.input')}</label>
      <input id="tickets-search" type="search" value={q()} onInput={(e) => setQ(e.currentTarget.value)} />
      <button type="submit">{t('tickets.search.submit')}</button>
    </form>
  )
}

function TicketsTable(props: { tickets: Ticket[]; caption: string; now: number }) {
  const { t, locale } = useI18n()
  const duration = useDurationText()
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
        t('tickets.columns.left'),
      ]}
    >
      <For each={props.tickets}>
        {(ticket) => {
          const clock = () => ticket.clocks[0]
          const due = () => dueOf(ticket)
          const left = () => Date.parse(due() ?? '') - props.now
          return (
            <tr data-testid="ticket-row" classList={{ overdue: left() < 0 }}>
              <TicketCells ticket={ticket} />
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
                    </>
                  )}
                </Show>
              </td>
              <td class="nowrap" data-testid="ticket-left">
                <Show when={due()}>
                  <Show when={left() < 0} fallback={t('tickets.leftValue', { duration: duration(left()) })}>
                    <span class="badge bad-badge">
                      {t('tickets.overdueBy', { duration: duration(-left()) })}
                    </span>
                  </Show>
                </Show>
              </td>
            </tr>
          )
        }}
      </For>
    </DataTable>
  )
}
