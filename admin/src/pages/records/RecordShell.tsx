/**
 * What every record page shares: its title, the link back (to where the reader came from — a
 * deduction's evidence, a list — else to the record's list, keeping the month), loading, "no such
 * record" and failures in words; the record's facts as a definition list; and where it came from
 * (source, who sent it, when) with its audit trail.
 */
import { A, useLocation } from '@solidjs/router'
import type { UseQueryResult } from '@tanstack/solid-query'
import { For, type JSX, Match, Switch } from 'solid-js'
import { errorCodeOf, useErrorText } from '../../api/errors'
import type { AuditEntry } from '../../api/records'
import { formatInstant } from '../../beijing-time'
import { IdText } from '../../components/IdText'
import { AuditTrail, sourceKey } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { withMonth } from '../../month'
import { useActorName } from '../../names'
import '../../records.css'

export type Fact = { label: string; value: JSX.Element; testid?: string }

/** A record's facts, label and value. */
export function Facts(props: { label: string; facts: readonly (Fact | false | null | undefined)[] }) {
  return (
    <dl class="facts" aria-label={props.label} data-testid="record-facts">
      <For each={props.facts.filter((f): f is Fact => Boolean(f))}>
        {(fact) => (
          <>
            <dt>{fact.label}</dt>
            <dd data-testid={fact.testid}>{fact.value}</dd>
          </>
        )}
      </For>
    </dl>
  )
}

/** Where a record came from, and its audit trail. */
export function Provenance(props: {
  record: { source: string; ingestedBy: string; ingestedAt: string; audit: readonly AuditEntry[] }
}) {
  const { t, locale } = useI18n()
  const actorName = useActorName()
  return (
    <section aria-labelledby="provenance-title">
      <h3 id="provenance-title">{t('records.record.provenance')}</h3>
      <Facts
        label={t('records.record.provenance')}
        facts={[
          {
            label: t('records.record.source'),
            value: t(`records.audit.sources.${sourceKey(props.record.source)}`),
          },
          { label: t('records.record.ingestedBy'), value: actorName(props.record.ingestedBy) },
          {
            label: t('records.record.ingestedAt'),
            value: (
              <time datetime={props.record.ingestedAt}>
                {formatInstant(props.record.ingestedAt, locale())}
              </time>
            ),
          },
        ]}
      />
      <h4 id="audit-title">{t('records.audit.label')}</h4>
      <AuditTrail audit={props.record.audit} />
    </section>
  )
}

/**
 * A record page: `title`, a back link (where the reader came from, else `back`), then the record
 * once loaded; a 404 says `notFound`, any other failure is said in words.
 */
export function RecordShell<T>(props: {
  title: string
  /** The record's ids in the title and the "not found" words (marked as ids, not words). */
  ids: readonly string[]
  back: { href: string; label: string; month: string | null }
  query: UseQueryResult<T>
  notFound: string
  children: (data: T) => JSX.Element
}) {
  const { t } = useI18n()
  const errorText = useErrorText()
  const location = useLocation<{ from?: unknown }>()
  const from = () => {
    const value = location.state?.from
    return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : null
  }
  return (
    <section class="card records record-page" aria-labelledby="record-title">
      <header>
        <h2 id="record-title">
          <IdText text={props.title} ids={props.ids} />
        </h2>
        <A href={withMonth(from() ?? props.back.href, props.back.month)} data-testid="record-back">
          {from() ? t('records.record.backToPrevious') : props.back.label}
        </A>
      </header>
      <Switch>
        <Match when={props.query.isPending}>
          <p role="status">{t('records.common.loading')}</p>
        </Match>
        <Match when={props.query.isError}>
          <p role="alert" class="bad">
            {errorCodeOf(props.query.error) === 'not_found' ? (
              <IdText text={props.notFound} ids={props.ids} />
            ) : (
              t('records.common.failed', { message: errorText(props.query.error) })
            )}
          </p>
        </Match>
        <Match when={props.query.data}>{(data) => props.children(data())}</Match>
      </Switch>
    </section>
  )
}
