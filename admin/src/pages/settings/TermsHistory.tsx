/**
 * The terms' version history: each version with its first day in force, who saved it and when, and
 * where it stands today (现行 / 待生效 / 已被取代). A version's name opens its whole document
 * (`GET /terms/versions/:version`), so a reviewer reads what a month was — or will be — computed under.
 */
import { useQuery } from '@tanstack/solid-query'
import { createSignal, For, Match, Show, Switch } from 'solid-js'
import { useErrorText } from '../../api/errors'
import { type TermsHistoryEntry, type TermsStatus, useRecordsApi } from '../../api/records'
import { formatInstant } from '../../beijing-time'
import { DataTable } from '../../components/lists'
import { formatDate } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { useActorName, useTermsText } from '../../names'
import { TermsGroups } from './TermsGroups'

const STATUS_BADGES: Record<TermsStatus, string> = {
  in_force: 'badge good-badge',
  upcoming: 'badge',
  superseded: 'badge muted-badge',
}

const DOCUMENT_ID = 'terms-version-document'

/** The history table; one version's document opened below it at a time. */
export function TermsHistory(props: { history: readonly TermsHistoryEntry[] }) {
  const { t, locale } = useI18n()
  const termsText = useTermsText()
  const actorName = useActorName()
  const [opened, setOpened] = createSignal<TermsHistoryEntry | null>(null)
  const toggle = (entry: TermsHistoryEntry) =>
    setOpened((open) => (open?.version === entry.version ? null : entry))

  return (
    <>
      <h4 id="terms-history">{t('records.settings.terms.history')}</h4>
      <DataTable
        labelledBy="terms-history"
        testid="terms-history"
        columns={[
          t('records.settings.terms.version'),
          t('records.settings.terms.from'),
          t('records.settings.terms.savedBy'),
          t('records.settings.terms.savedAt'),
          t('records.settings.terms.status'),
        ]}
      >
        <For each={props.history}>
          {(h) => (
            <tr data-testid="terms-history-row" data-version={h.version}>
              <th scope="row">
                <button
                  type="button"
                  class="disclosure"
                  aria-expanded={opened()?.version === h.version}
                  aria-controls={DOCUMENT_ID}
                  onClick={() => toggle(h)}
                >
                  {termsText(h.version)}
                </button>
              </th>
              <td>{formatDate(h.from, locale(), { year: true })}</td>
              <td>{h.savedBy ? actorName(h.savedBy) : t('records.settings.terms.builtIn')}</td>
              <td>{h.savedAt ? formatInstant(h.savedAt, locale()) : '—'}</td>
              <td>
                <span class={STATUS_BADGES[h.status]} data-status={h.status}>
                  {t(`records.settings.terms.statuses.${h.status}`)}
                </span>
              </td>
            </tr>
          )}
        </For>
      </DataTable>
      <div id={DOCUMENT_ID}>
        <Show when={opened()}>{(entry) => <VersionDocument entry={entry()} />}</Show>
      </div>
    </>
  )
}

/** One version's whole document, fetched when opened. */
function VersionDocument(props: { entry: TermsHistoryEntry }) {
  const { t, locale } = useI18n()
  const errorText = useErrorText()
  const termsText = useTermsText()
  const api = useRecordsApi()
  const document = useQuery(() => ({
    queryKey: ['terms-version', props.entry.version],
    queryFn: () => api.termsVersion(props.entry.version),
    staleTime: Number.POSITIVE_INFINITY,
  }))

  return (
    <section class="terms-version" aria-labelledby="terms-version-title" data-testid="terms-version-document">
      <h4 id="terms-version-title">
        {t('records.settings.terms.documentOf', {
          version: termsText(props.entry.version),
          from: formatDate(props.entry.from, locale(), { year: true }),
        })}
      </h4>
      <Switch>
        <Match when={document.isPending}>
          <p role="status">{t('records.common.loading')}</p>
        </Match>
        <Match when={document.isError}>
          <p role="alert" class="bad">
            {t('records.common.failed', { message: errorText(document.error) })}
          </p>
        </Match>
        <Match when={document.data}>{(doc) => <TermsGroups terms={doc().terms} idPrefix="version" />}</Match>
      </Switch>
    </section>
  )
}
