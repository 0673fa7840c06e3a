/**
 * `/search?q=`: find tickets by their number (exact; case and spaces do not matter), and — for the
 * roles that may see a citizen's number (`PHONE_REVEAL_ROLES`) — by the citizen's phone with a
 * required reason: that search is recorded (who, when, why, the number masked) on each ticket found
 * and in the search log, as the form says; the number never goes into the address. Each ticket
 * found opens its page; links keep the month in context.
 */
import { maskPhone, normalizeMainlandMobile, PHONE_REVEAL_ROLES } from '@hotline/domain'
import { useSearchParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { createSignal, type JSX, Show } from 'solid-js'
import { useErrorText } from '../api/errors'
import { type FoundTicket, useRecordsApi } from '../api/records'
import { IdText } from '../components/IdText'
import { RowsTable, TimeCell } from '../components/lists'
import { Field, FormEnd, Loaded, TextInput } from '../components/records-ui'
import { TicketCells } from '../components/TicketCells'
import { useI18n } from '../i18n'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'
import '../records.css'

const RESULT_COLUMNS = ['ticket', 'status', 'channel', 'receivedAt', 'phone'] as const

export default function SearchPage() {
  const { t } = useI18n()
  const session = useSession()
  const mayPhone = () => hasAnyRole(session.current()?.user.roles, PHONE_REVEAL_ROLES)
  return (
    <section class="card records" aria-labelledby="search-title">
      <h2 id="search-title">{t('records.search.title')}</h2>
      <NumberSearch />
      <Show when={mayPhone()}>
        <PhoneSearch />
      </Show>
    </section>
  )
}

/** By ticket number: the number is in the address (`?q=`), so a reload or a shared link keeps it. */
function NumberSearch() {
  const { t } = useI18n()
  const api = useRecordsApi()
  const [params, setParams] = useSearchParams<{ q?: string }>()
  const q = () => (params.q ?? '').trim()
  const [typed, setTyped] = createSignal(params.q ?? '')
  const found = useQuery(() => ({
    queryKey: ['search', q()],
    queryFn: () => api.searchTickets(q()),
    enabled: q() !== '',
    retry: false,
  }))
  return (
    <section aria-labelledby="number-search-title">
      <h3 id="number-search-title">{t('records.search.byNumber')}</h3>
      <form
        class="form record-form"
        aria-labelledby="number-search-title"
        onSubmit={(e) => {
          e.preventDefault()
          setParams({ q: typed().trim() || undefined })
        }}
      >
        <div class="field">
          <label for="search-q">{t('records.search.number')}</label>
          <input
            id="search-q"
            type="search"
            value={typed()}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            {t('records.search.submit')}
          </button>
        </div>
      </form>
      <Show when={q() !== ''}>
        <Loaded queries={[found]} failed={(message) => t('records.search.failed', { message })}>
          <Show when={found.data}>
            {(data) => (
              <Results
                id="number-results"
                tickets={data().tickets}
                caption={<IdText text={t('records.search.numberResults', { q: q() })} ids={[q()]} />}
                empty={<IdText text={t('records.search.noTicket', { q: q() })} ids={[q()]} />}
              />
            )}
          </Show>
        </Loaded>
      </Show>
    </section>
  )
}

/** By the citizen's phone, with a reason: recorded, and kept on this page only. */
function PhoneSearch() {
  const { t } = useI18n()
  const api = useRecordsApi()
  const errorText = useErrorText()
  const [phone, setPhone] = createSignal('')
  const [reason, setReason] = createSignal('')
  const [errors, setErrors] = createSignal<{ phone?: string; reason?: string }>({})
  const [busy, setBusy] = createSignal(false)
  const [failure, setFailure] = createSignal<string | null>(null)
  const [found, setFound] = createSignal<{ masked: string; tickets: FoundTicket[] } | null>(null)

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault()
    if (busy()) return
    const number = normalizeMainlandMobile(phone())
    const why = reason().trim()
    const wrong = {
      ...(number === null ? { phone: t('records.search.badPhone') } : {}),
      ...(why.length < 2 ? { reason: t('records.common.reasonTooShort') } : {}),
    }
    setErrors(wrong)
    setFailure(null)
    if (number === null || Object.keys(wrong).length > 0) return
    setBusy(true)
    try {
      const answer = await api.searchPhone(number, why)
      setFound({ masked: maskPhone(number), tickets: answer.tickets })
    } catch (err) {
      setFailure(t('records.search.failed', { message: errorText(err) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby="phone-search-title" data-testid="phone-search">
      <h3 id="phone-search-title">{t('records.search.byPhone')}</h3>
      <p class="note" id="phone-search-note">
        {t('records.search.phoneNote')}
      </p>
      <form class="form record-form" onSubmit={onSubmit} novalidate aria-describedby="phone-search-note">
        <Field id="search-phone" name="phone" label={t('records.search.phone')} error={errors().phone}>
          {(aria) => (
            <TextInput
              {...aria}
              type="tel"
              inputMode="numeric"
              maxLength={20}
              value={phone()}
              onValue={setPhone}
            />
          )}
        </Field>
        <Field id="search-reason" name="reason" label={t('records.search.reason')} error={errors().reason}>
          {(aria) => <TextInput {...aria} maxLength={500} value={reason()} onValue={setReason} />}
        </Field>
        <FormEnd
          busy={busy()}
          label={t('records.search.submitPhone')}
          busyLabel={t('records.search.busy')}
          failure={failure()}
        />
      </form>
      <div aria-live="polite">
        <Show when={found()}>
          {(f) => (
            <>
              <p class="muted" data-testid="phone-search-recorded">
                {t('records.search.recorded')}
              </p>
              <Results
                id="phone-results"
                tickets={f().tickets}
                caption={t('records.search.phoneResults', { phone: f().masked })}
                empty={t('records.search.noPhoneTicket', { phone: f().masked })}
              />
            </>
          )}
        </Show>
      </div>
    </section>
  )
}

function Results(props: { id: string; tickets: FoundTicket[]; caption: JSX.Element; empty: JSX.Element }) {
  const { t } = useI18n()
  return (
    <RowsTable
      testid={props.id}
      labelledBy={`${props.id}-caption`}
      caption={props.caption}
      rows={props.tickets}
      empty={props.empty}
      columns={RESULT_COLUMNS.map((column) => t(`records.search.columns.${column}`))}
    >
      {(ticket) => (
        <tr data-testid="search-result">
          <TicketCells ticket={ticket} />
          <TimeCell at={ticket.receivedAt} />
          <td class="mono nowrap">{ticket.phoneMasked ?? ''}</td>
        </tr>
      )}
    </RowsTable>
  )
}
