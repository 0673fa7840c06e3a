/**
 * `/tickets/:id`: one ticket — its summary, the deadline clocks still running (kind, start, due in
 * Beijing time, provisional when that year's calendar is not loaded), its history (who by name),
 * the rating, and the masked phone number. Those allowed (`PHONE_REVEAL_ROLES`) may reveal the full
 * number once, giving a reason; the server records the reveal in the ticket's audit log, and the
 * page says so. The back link returns to where the reader came from (the list, a search, a
 * deduction's evidence), keeping the month in context.
 */
import {
  CATEGORIES,
  PHONE_REVEAL_ROLES,
  RATING_LABELS,
  STATUS_LABELS,
  type Ticket,
  type TicketEvent,
} from '@hotline/domain'
import { A, useLocation, useParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js'
import { useApi } from '../api/client'
import { errorCodeOf, useErrorText } from '../api/errors'
import { formatDue, formatInstant } from '../beijing-time'
import { IdText } from '../components/IdText'
import { DataTable, Instant, RowsTable, TimeCell } from '../components/lists'
import { useI18n } from '../i18n'
import { inLocale } from '../labels'
import { useMonthInContext, withMonth } from '../month'
import { useActorName } from '../names'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'
import { decodeSegment } from './records/links'

const HISTORY_COLUMNS = ['at', 'event', 'by', 'department', 'reason'] as const

export default function TicketPage() {
  const { t } = useI18n()
  const api = useApi()
  const errorText = useErrorText()
  const params = useParams<{ id: string }>()
  const location = useLocation<{ from?: unknown }>()
  const month = useMonthInContext()
  const id = () => decodeSegment(params.id)
  // Back to where the user came from (the list as it was, a search), else to the list.
  const from = () => {
    const value = location.state?.from
    return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : null
  }
  const back = () => withMonth(from() ?? '/tickets', month())
  const backLabel = () => {
    const path = from()
    if (path === null || path.startsWith('/tickets')) return t('ticket.back')
    return path.startsWith('/search') ? t('ticket.backToSearch') : t('ticket.backToPrevious')
  }

  const ticket = useQuery(() => ({
    queryKey: ['ticket', id()],
    queryFn: () => api.ticket(id()),
    retry: false,
  }))

  return (
    <section class="card" aria-labelledby="ticket-title">
      <header>
        <h2 id="ticket-title">
          {t('ticket.heading')} <span translate="no">{id()}</span>
        </h2>
        <A href={back()}>{backLabel()}</A>
      </header>
      <Switch>
        <Match when={ticket.isPending}>
          <p role="status">{t('ticket.loading')}</p>
        </Match>
        <Match when={ticket.isError}>
          <p role="alert" class="bad">
            {errorCodeOf(ticket.error) === 'not_found' ? (
              <IdText text={t('ticket.notFound', { id: id() })} ids={[id()]} />
            ) : (
              t('ticket.failed', { message: errorText(ticket.error) })
            )}
          </p>
        </Match>
        <Match when={ticket.data}>{(data) => <TicketDetails ticket={data()} />}</Match>
      </Switch>
    </section>
  )
}

function TicketDetails(props: { ticket: Ticket }) {
  const { t, locale } = useI18n()
  const session = useSession()
  const mayReveal = () => hasAnyRole(session.current()?.user.roles, PHONE_REVEAL_ROLES)
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => setNow(Date.now()), 60_000)
  onCleanup(() => clearInterval(timer))
  // Events as they happened (an import may deliver them in any order); ties keep the stored order.
  const history = () => [...props.ticket.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))

  return (
    <>
      <dl data-testid="ticket-facts" aria-label={t('ticket.facts.label')}>
        <dt>{t('ticket.facts.status')}</dt>
        <dd data-testid="ticket-status">{inLocale(STATUS_LABELS[props.ticket.status], locale())}</dd>
        <dt>{t('ticket.facts.channel')}</dt>
        <dd>{t(`channels.${props.ticket.channel}`)}</dd>
        <dt>{t('ticket.facts.receivedAt')}</dt>
        <dd>
          <Instant at={props.ticket.receivedAt} />
        </dd>
        <Show when={props.ticket.category}>
          {(category) => (
            <>
              <dt>{t('ticket.facts.category')}</dt>
              <dd>{inLocale(CATEGORIES[category()], locale())}</dd>
            </>
          )}
        </Show>
        <Show when={props.ticket.content}>
          {(content) => (
            <>
              <dt>{t('ticket.facts.content')}</dt>
              <dd class="prewrap">{content()}</dd>
            </>
          )}
        </Show>
        <Show when={props.ticket.location}>
          {(place) => (
            <>
              <dt>{t('ticket.facts.location')}</dt>
              <dd>{place()}</dd>
            </>
          )}
        </Show>
        <dt>{t('ticket.facts.phone')}</dt>
        <dd>
          <Show when={props.ticket.phoneMasked} fallback={<span class="muted">{t('ticket.noPhone')}</span>}>
            {(masked) => (
              <>
                <span class="mono" data-testid="phone-masked">
                  {masked()}
                </span>
                <Show when={mayReveal()}>
                  <PhoneReveal ticketId={props.ticket.ticketId} />
                </Show>
              </>
            )}
          </Show>
        </dd>
        <dt>{t('ticket.facts.rating')}</dt>
        <dd data-testid="ticket-rating">
          <Show when={props.ticket.rating} fallback={<span class="muted">{t('ticket.noRating')}</span>}>
            {(rating) =>
              t('ticket.ratingValue', {
                level: inLocale(RATING_LABELS[rating().level], locale()),
                at: formatInstant(rating().at, locale()),
                via: t(`ticket.ratingVia.${rating().via}`),
              })
            }
          </Show>
        </dd>
      </dl>

      <h3 id="clocks-title">{t('ticket.clocks')}</h3>
      <Show
        when={props.ticket.clocks.length > 0}
        fallback={
          <p role="status" data-testid="no-clocks">
            {t('ticket.noClocks')}
          </p>
        }
      >
        <DataTable
          labelledBy="clocks-title"
          testid="clocks"
          columns={[
            t('ticket.clockColumns.kind'),
            t('ticket.clockColumns.startedAt'),
            t('ticket.clockColumns.due'),
          ]}
        >
          <For each={props.ticket.clocks}>
            {(clock) => (
              <tr data-testid="clock" classList={{ overdue: Date.parse(clock.due) <= now() }}>
                <th scope="row" class="nowrap">
                  {t(`clocks.kinds.${clock.kind}`)}
                </th>
                <TimeCell at={clock.startedAt} />
                <td class="nowrap">
                  <time datetime={clock.due} title={formatDue(clock.due, locale(), { year: true })}>
                    {formatDue(clock.due, locale())}
                  </time>
                  <Show when={clock.provisional}>
                    {' '}
                    <span class="badge" title={t('clocks.provisionalNote')}>
                      {t('clocks.provisional')}
                    </span>
                  </Show>
                  <Show when={Date.parse(clock.due) <= now()}>
                    {' '}
                    <span class="badge bad-badge">{t('tickets.overdue')}</span>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </DataTable>
        <Show when={props.ticket.clocks.some((clock) => clock.provisional)}>
          <p class="note">{t('clocks.provisionalNote')}</p>
        </Show>
      </Show>

      <RowsTable
        testid="history"
        title={t('ticket.history')}
        rows={history()}
        columns={HISTORY_COLUMNS.map((column) => t(`ticket.historyColumns.${column}`))}
      >
        {(event) => <HistoryRow event={event} />}
      </RowsTable>
    </>
  )
}

function HistoryRow(props: { event: TicketEvent }) {
  const { locale } = useI18n()
  const actorName = useActorName()
  const reason = () => [props.event.reason, props.event.note].filter(Boolean).join(' / ')
  return (
    <tr data-testid="history-event">
      <TimeCell at={props.event.at} />
      <td class="nowrap">{inLocale(STATUS_LABELS[props.event.type], locale())}</td>
      <td class="nowrap">{props.event.by ? actorName(props.event.by) : ''}</td>
      <td>{props.event.department ?? ''}</td>
      <td class="text">{reason()}</td>
    </tr>
  )
}

/**
 * Reveal the full number: asks why, posts the reason, shows the number until hidden or the page is
 * left. It is kept in this component only (never in the query cache), so it is not shown again
 * without a new, audited request.
 */
function PhoneReveal(props: { ticketId: string }) {
  const { t } = useI18n()
  const errorText = useErrorText()
  const api = useApi()
  const [open, setOpen] = createSignal(false)
  const [reason, setReason] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  // `undefined`: not revealed; `null`: revealed, but no number is on file.
  const [phone, setPhone] = createSignal<string | null | undefined>(undefined)
  let reasonInput: HTMLInputElement | undefined
  let openButton: HTMLButtonElement | undefined
  let hideButton: HTMLButtonElement | undefined

  const start = () => {
    setOpen(true)
    setError(null)
    queueMicrotask(() => reasonInput?.focus())
  }
  const close = () => {
    setOpen(false)
    setReason('')
    setError(null)
    queueMicrotask(() => openButton?.focus())
  }
  const hide = () => {
    setPhone(undefined)
    queueMicrotask(() => openButton?.focus())
  }

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault()
    if (busy() || reason().trim().length < 2) return
    setBusy(true)
    setError(null)
    try {
      const answer = await api.revealPhone(props.ticketId, reason().trim())
      setPhone(answer.phone)
      setOpen(false)
      setReason('')
      queueMicrotask(() => hideButton?.focus())
    } catch (err) {
      setError(t('ticket.reveal.failed', { message: errorText(err) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="reveal">
      <Show when={!open() && phone() === undefined}>
        <button type="button" ref={openButton} onClick={start}>
          {t('ticket.reveal.open')}
        </button>
      </Show>
      <Show when={open()}>
        <form class="reveal-form" onSubmit={onSubmit} onKeyDown={(e) => e.key === 'Escape' && close()}>
          <label for="reveal-reason">{t('ticket.reveal.reason')}</label>
          <input
            id="reveal-reason"
            ref={reasonInput}
            required
            minLength={2}
            maxLength={500}
            value={reason()}
            onInput={(e) => setReason(e.currentTarget.value)}
            aria-describedby="reveal-hint"
          />
          <p id="reveal-hint" class="muted">
            {t('ticket.reveal.hint')}
          </p>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy() || reason().trim().length < 2}>
              {busy() ? t('ticket.reveal.busy') : t('ticket.reveal.submit')}
            </button>
            <button type="button" onClick={close}>
              {t('ticket.reveal.cancel')}
            </button>
          </div>
        </form>
      </Show>
      <div aria-live="polite">
        <Show when={error()}>
          {(message) => (
            <p role="alert" class="bad">
              {message()}
            </p>
          )}
        </Show>
        <Show when={phone() !== undefined}>
          <p data-testid="phone-revealed">
            <Show when={phone()} fallback={t('ticket.reveal.none')}>
              {(number) => <strong class="mono">{t('ticket.reveal.shown', { phone: number() })}</strong>}
            </Show>
          </p>
          <p class="muted">{t('ticket.reveal.audited')}</p>
          <button type="button" ref={hideButton} onClick={hide}>
            {t('ticket.reveal.hide')}
          </button>
        </Show>
      </div>
    </div>
  )
}
