/** The system status card: the API's health round trip, shown in the chosen language. */
import type { HealthResponse } from '@hotline/domain'
import { useQuery } from '@tanstack/solid-query'
import { Match, Show, Switch } from 'solid-js'
import { useApi } from '../api/client'
import { useErrorText } from '../api/errors'
import { useI18n } from '../i18n'

export function HealthCard() {
  const { t, locale } = useI18n()
  const errorText = useErrorText()
  const api = useApi()
  const health = useQuery(() => ({ queryKey: ['health'], queryFn: api.health, retry: false }))
  const time = (iso: string) =>
    new Date(iso).toLocaleString(locale(), { timeZone: 'Asia/Shanghai', hour12: false })

  return (
    <section class="card" aria-labelledby="health-title">
      <header>
        <h2 id="health-title">{t('health.title')}</h2>
        <button type="button" onClick={() => health.refetch()} disabled={health.isFetching}>
          {t('health.refresh')}
        </button>
      </header>
      <Switch>
        <Match when={health.isPending}>
          <p role="status">{t('health.loading')}</p>
        </Match>
        <Match when={health.isError}>
          <p role="alert" class="bad">
            {t('health.failed', { message: errorText(health.error) })}
          </p>
        </Match>
        <Match when={health.data}>{(data) => <HealthDetails data={data()} time={time} />}</Match>
      </Switch>
    </section>
  )
}

function HealthDetails(props: { data: HealthResponse; time: (iso: string) => string }) {
  const { t } = useI18n()
  return (
    <dl data-testid="health">
      <dt>{t('health.status')}</dt>
      <dd class={props.data.status === 'ok' ? 'good' : 'bad'} data-testid="health-status">
        {props.data.status === 'ok' ? t('health.ok') : t('health.unavailable')}
      </dd>
      <dt>{t('health.table')}</dt>
      {/* The table's name is an id, not a word to read or translate. */}
      <dd data-testid="health-table" translate="no">
        {props.data.table.name}
      </dd>
      <dt>{t('health.engine')}</dt>
      <dd data-testid="health-engine">{t(`health.engines.${props.data.table.engine}`)}</dd>
      <Show when={props.data.table.latencyMs !== undefined}>
        <dt>{t('health.latency')}</dt>
        <dd>{t('health.latencyValue', { ms: String(props.data.table.latencyMs) })}</dd>
      </Show>
      <dt>{t('health.version')}</dt>
      <dd>{props.data.version}</dd>
      <dt>{t('health.checkedAt')}</dt>
      <dd>{props.time(props.data.time)}</dd>
    </dl>
  )
}
