/**
 * `/outbox`: the SMS the platform sent on a local day (Asia/Shanghai), newest first, a page at a
 * time. The day is in the address (`?day=2026-10-09`) so a reload or a shared link keeps it; the
 * pages are walked with the API's opaque cursor, remembered on a stack for going back. An
 * acknowledgement held back by its number's hourly or daily cap is shown as not sent, and why.
 */
import { LocalDateSchema, localDateOf } from '@hotline/domain'
import { useSearchParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { For, Match, Show, Switch } from 'solid-js'
import { useApi } from '../api/client'
import { useErrorText } from '../api/errors'
import type { OutboxEntry } from '../api/schemas'
import { createCursorPaging, DataTable, Pager } from '../components/lists'
import { type Dictionary, useI18n, zhDictionary } from '../i18n'

export const OUTBOX_PAGE_SIZE = 20

export default function OutboxPage() {
  const { t, locale } = useI18n()
  const errorText = useErrorText()
  const api = useApi()
  const [params, setParams] = useSearchParams<{ day?: string }>()
  const today = () => localDateOf(new Date())
  const day = () => (params.day && LocalDateSchema.safeParse(params.day).success ? params.day : today())

  // Another day starts at its first page.
  const paging = createCursorPaging(day)

  const outbox = useQuery(() => ({
    queryKey: ['outbox', day(), paging.cursor() ?? null],
    queryFn: () => api.outbox({ day: day(), limit: OUTBOX_PAGE_SIZE, cursor: paging.cursor() }),
    retry: false,
  }))

  return (
    <section class="card" aria-labelledby="outbox-title">
      <header>
        <h2 id="outbox-title">{t('outbox.title')}</h2>
        <div class="filters">
          <label for="outbox-day">{t('outbox.day')}</label>
          <input
            id="outbox-day"
            type="date"
            value={day()}
            max={today()}
            onChange={(e) => {
              const value = e.currentTarget.value
              if (!LocalDateSchema.safeParse(value).success) return
              paging.reset(value)
              setParams({ day: value })
            }}
          />
          <button type="button" onClick={() => outbox.refetch()} disabled={outbox.isFetching}>
            {t('outbox.refresh')}
          </button>
        </div>
      </header>
      <Switch>
        <Match when={outbox.isPending}>
          <p role="status">{t('outbox.loading')}</p>
        </Match>
        <Match when={outbox.isError}>
          <p role="alert" class="bad">
            {t('outbox.failed', { message: errorText(outbox.error) })}
          </p>
        </Match>
        <Match when={outbox.data}>
          {(page) => (
            <>
              <p class="muted">
                {page().sender === 'local' ? t('outbox.senderLocal') : t('outbox.senderAws')}
              </p>
              <Show when={page().entries.length > 0} fallback={<p role="status">{t('outbox.empty')}</p>}>
                <OutboxTable entries={page().entries} day={page().day} locale={locale()} />
              </Show>
              <Pager messages="outbox" paging={paging} nextCursor={page().cursor} />
            </>
          )}
        </Match>
      </Switch>
    </section>
  )
}

function OutboxTable(props: { entries: OutboxEntry[]; day: string; locale: string }) {
  const { t } = useI18n()
  const time = (iso: string) =>
    new Date(iso).toLocaleTimeString(props.locale, { timeZone: 'Asia/Shanghai', hour12: false })
  return (
    <DataTable
      labelledBy="outbox-caption"
      testid="outbox"
      caption={t('outbox.caption', { day: props.day })}
      columns={[
        t('outbox.columns.time'),
        t('outbox.columns.to'),
        t('outbox.columns.purpose'),
        t('outbox.columns.text'),
        t('outbox.columns.sender'),
        t('outbox.columns.status'),
      ]}
    >
      <For each={props.entries}>
        {(entry) => (
          <tr data-testid="outbox-entry">
            <td class="nowrap">
              <time datetime={entry.at}>{time(entry.at)}</time>
            </td>
            <td class="nowrap mono">{entry.toMasked}</td>
            <td class="nowrap">{t(`outbox.purposes.${entry.purpose}`)}</td>
            <td class="text">{entry.text}</td>
            <td class="nowrap">{t(`outbox.senders.${entry.sender}`)}</td>
            <StatusCell entry={entry} />
          </tr>
        )}
      </For>
    </DataTable>
  )
}

/** The caps a `withheld` entry's `error` names (`phone_hour_limit`, `phone_day_limit`), as the dictionary has them. */
const isWithheldReason = (error: string | null): error is keyof Dictionary['outbox']['withheld'] =>
  error !== null && Object.hasOwn(zhDictionary.outbox.withheld, error)

/**
 * Sent, failed (with the provider's error, for whoever looks into it) or withheld: not sent because
 * the number had its acknowledgements for the hour or the day, said in words, never as its code.
 */
function StatusCell(props: { entry: OutboxEntry }) {
  const { t } = useI18n()
  return (
    <Switch>
      <Match when={props.entry.status === 'sent'}>
        <td class="nowrap good">{t('outbox.statuses.sent')}</td>
      </Match>
      <Match when={props.entry.status === 'withheld'}>
        <td class="nowrap muted">
          {isWithheldReason(props.entry.error)
            ? t(`outbox.withheld.${props.entry.error}`)
            : t('outbox.statuses.withheld')}
        </td>
      </Match>
      <Match when={props.entry.status === 'failed'}>
        <td class="nowrap bad" title={props.entry.error ?? undefined}>
          {t('outbox.statuses.failed')}
          <Show when={props.entry.error}>
            {(error) => (
              // The provider's own error code, for whoever takes it up with the provider: not translated.
              <span class="detail" lang="en" translate="no">
                {' '}
                ({error()})
              </span>
            )}
          </Show>
        </td>
      </Match>
    </Switch>
  )
}
