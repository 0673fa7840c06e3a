/**
 * `/dashboard`: the month's KPIs at a glance (SPEC §5) — the start page after signing in. Tiles
 * show each KPI against its contract target (exact fractions, shown to 0.01 %) with a
 * met / breach / no-data badge; uPlot charts show the daily rate KPIs with their target line and
 * breach days; a calendar heat map marks the days that breached; and the month's deductions so
 * far are totalled. The month is in the address (`?month=2026-10`); by default the previous month
 * in Beijing time, the last one the monthly job has computed.
 */
import { formatYuan, localDateOf } from '@hotline/domain'
import { useSearchParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { createMemo, For, lazy, Match, Show, Suspense, Switch } from 'solid-js'
import { useKpiApi } from '../api/kpis'
import { BreachCalendar } from '../components/BreachCalendar'
import { type Locale, useI18n } from '../i18n'
import {
  breachCalendar,
  type CalendarDay,
  type DailyRateKpi,
  dashboardTiles,
  dayText,
  deductionTotals,
  kpiName,
  monthText,
  percentText,
  previousMonth,
  type Tile,
  type TrendData,
  targetText,
  trendData,
} from '../kpi-view'
import '../kpis.css'

// uPlot comes with the chart, in its own chunk: the tiles show before it has loaded.
const TrendChart = lazy(() => import('../components/TrendChart'))

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/
const TREND_KPIS: readonly DailyRateKpi[] = ['answer_15s', 'connection', 'publish_accuracy']
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export default function DashboardPage() {
  const { t, locale } = useI18n()
  const api = useKpiApi()
  const [params, setParams] = useSearchParams<{ month?: string }>()
  const thisMonth = () => localDateOf(new Date()).slice(0, 7)
  const month = () =>
    params.month && MONTH.test(params.month) ? params.month : previousMonth(localDateOf(new Date()))

  const kpis = useQuery(() => ({
    queryKey: ['kpis', month()],
    queryFn: () => api.kpis(month()),
    retry: false,
  }))
  const deductions = useQuery(() => ({
    queryKey: ['deductions', month()],
    queryFn: () => api.deductions(month()),
    retry: false,
  }))
  const results = () => kpis.data?.results ?? []
  const tiles = createMemo(() => dashboardTiles(results(), month()))
  const trends = createMemo(() => TREND_KPIS.map((kpi) => trendData(results(), kpi, month())))
  const weeks = createMemo(() => breachCalendar(results(), month()))
  const refresh = () => {
    void kpis.refetch()
    void deductions.refetch()
  }

  return (
    <section class="card" aria-labelledby="dashboard-title">
      <header>
        <h2 id="dashboard-title">{t('dashboard.title')}</h2>
        <div class="filters">
          <label for="dashboard-month">{t('dashboard.month')}</label>
          <input
            id="dashboard-month"
            type="month"
            value={month()}
            max={thisMonth()}
            onChange={(e) => {
              const value = e.currentTarget.value
              if (MONTH.test(value)) setParams({ month: value })
            }}
          />
          <button type="button" onClick={refresh} disabled={kpis.isFetching || deductions.isFetching}>
            {t('dashboard.refresh')}
          </button>
        </div>
      </header>
      <p class="muted">{t('dashboard.intro', { month: monthText(month(), locale()) })}</p>
      <Switch>
        <Match when={kpis.isPending}>
          <p role="status">{t('dashboard.loading')}</p>
        </Match>
        <Match when={kpis.isError}>
          <p role="alert" class="bad">
            {t('dashboard.failed', { message: kpis.error?.message ?? '' })}
          </p>
        </Match>
        <Match when={kpis.data}>
          <Show when={results().length === 0}>
            <p role="status">{t('dashboard.empty', { month: monthText(month(), locale()) })}</p>
          </Show>
          <ul class="kpi-tiles" aria-label={t('dashboard.tilesLabel')}>
            <For each={tiles()}>{(tile) => <KpiTile tile={tile} />}</For>
          </ul>
        </Match>
      </Switch>

      <DeductionTotal
        pending={deductions.isPending}
        error={deductions.isError ? (deductions.error?.message ?? '') : null}
        totals={deductions.data ? deductionTotals(deductions.data.deductions) : null}
      />

      <Show when={kpis.data}>
        <h3>{t('dashboard.trends')}</h3>
        <div class="trend-grid">
          <For each={trends()}>{(trend) => <TrendFigure trend={trend} month={month()} />}</For>
        </div>

        <h3 id="calendar-title">{t('dashboard.calendar')}</h3>
        <p class="muted">{t('dashboard.calendarNote')}</p>
        <BreachCalendar
          weeks={weeks()}
          caption={t('dashboard.calendarCaption', { month: monthText(month(), locale()) })}
          weekdays={WEEKDAYS.map((d) => ({
            short: t(`dashboard.weekdays.${d}`),
            long: t(`dashboard.weekdaysLong.${d}`),
          }))}
          describe={(day) => describeDay(day, locale(), t)}
          legend={{
            label: t('dashboard.legend.label'),
            noData: t('dashboard.legend.noData'),
            none: t('dashboard.legend.none'),
            one: t('dashboard.legend.one'),
            two: t('dashboard.legend.two'),
            many: t('dashboard.legend.many'),
          }}
        />
      </Show>
    </section>
  )
}

type T = ReturnType<typeof useI18n>['t']

/** A name at the start of a caption: `Answer-within-15s rate` (Chinese is left as it is). */
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** The text of a calendar day, read by screen readers and shown on hover. */
export function describeDay(day: CalendarDay, locale: Locale, t: T): string {
  const date = dayText(day.date, locale)
  if (day.breached.length > 0) {
    return t('dashboard.dayBreaches', {
      date,
      n: String(day.breached.length),
      kpis: day.breached.map((kpi) => kpiName(kpi, locale)).join(locale === 'zh-CN' ? '、' : ', '),
    })
  }
  return day.hasData ? t('dashboard.dayMet', { date }) : t('dashboard.dayNoData', { date })
}

function KpiTile(props: { tile: Tile }) {
  const { t } = useI18n()
  const tile = () => props.tile
  const value = () => {
    const current = tile()
    if (current.kind === 'count') return t('dashboard.count', { n: String(current.count) })
    return current.value ? percentText(current.value, current.target) : '—'
  }
  const target = () => {
    const current = tile()
    return current.kind === 'count' ? t('dashboard.countTarget') : targetText(current.target)
  }
  const badgeClass = () => `kpi-badge kpi-${tile().status}`
  const rate = () => {
    const current = tile()
    return current.kind === 'rate' ? current : null
  }
  /** Days below target (daily KPIs), shown when there are any. */
  const daysBelow = () => rate()?.daysBelow || undefined
  const provisional = () => rate()?.provisional ?? false
  return (
    <li class={`kpi-tile kpi-tile-${tile().status}`} data-testid={`tile-${tile().id}`}>
      <h4>{t(`dashboard.tiles.${tile().id}`)}</h4>
      <p class="kpi-value" data-testid="tile-value">
        {value()}
      </p>
      <p class="kpi-target">
        {t('dashboard.target', { target: target() })}{' '}
        <span class={badgeClass()} data-testid="tile-badge">
          {t(`dashboard.status.${tile().status}`)}
        </span>
      </p>
      <Show when={daysBelow()}>
        {(n) => <p class="kpi-note">{t('dashboard.daysBelow', { n: String(n()) })}</p>}
      </Show>
      <Show when={provisional()}>
        <p class="kpi-note">{t('dashboard.provisional')}</p>
      </Show>
      <Show when={tile().id === 'turnover'}>
        <p class="kpi-note">{t('dashboard.turnoverNote')}</p>
      </Show>
      <Show when={tile().id === 'service_errors'}>
        <p class="kpi-note">{t('dashboard.serviceErrorsNote')}</p>
      </Show>
      <Show when={tile().id === 'incidents'}>
        <p class="kpi-note">{t('dashboard.incidentsNote')}</p>
      </Show>
    </li>
  )
}

function DeductionTotal(props: {
  pending: boolean
  error: string | null
  totals: ReturnType<typeof deductionTotals> | null
}) {
  const { t } = useI18n()
  return (
    <section class="deduction-total" aria-labelledby="deduction-total-title">
      <h3 id="deduction-total-title">{t('dashboard.deductions.title')}</h3>
      <Switch>
        <Match when={props.pending}>
          <p role="status">{t('dashboard.loading')}</p>
        </Match>
        <Match when={props.error !== null}>
          <p role="alert" class="bad">
            {t('dashboard.deductionsFailed', { message: props.error ?? '' })}
          </p>
        </Match>
        <Match when={props.totals}>
          {(totals) => (
            <>
              <p class="kpi-value" data-testid="deduction-total">
                {formatYuan(totals().totalFen)}
              </p>
              <dl class="compact">
                <dt>{t('dashboard.deductions.drafts', { n: String(totals().drafts) })}</dt>
                <dd data-testid="deduction-drafts">{formatYuan(totals().draftFen)}</dd>
                <dt>{t('dashboard.deductions.decided', { n: String(totals().decided) })}</dt>
                <dd data-testid="deduction-decided">{formatYuan(totals().decidedFen)}</dd>
                <dt>{t('dashboard.deductions.rejected', { n: String(totals().rejected) })}</dt>
                <dd>{formatYuan(0)}</dd>
              </dl>
              <p class="muted">{t('dashboard.deductions.note')}</p>
            </>
          )}
        </Match>
      </Switch>
    </section>
  )
}

function TrendFigure(props: { trend: TrendData; month: string }) {
  const { t, locale } = useI18n()
  const name = () => capitalized(kpiName(props.trend.kpi, locale()))
  const breachDays = () => props.trend.rows.filter((r) => r.met === false).length
  const id = () => `trend-${props.trend.kpi}`
  return (
    <figure class="trend" data-testid={id()} aria-labelledby={`${id()}-caption`}>
      <figcaption id={`${id()}-caption`}>
        {name()}{' '}
        <span class="muted">{t('dashboard.target', { target: targetText(props.trend.targetOf) })}</span>
      </figcaption>
      <Show when={props.trend.rows.length > 0} fallback={<p class="muted">{t('dashboard.noDays')}</p>}>
        <Suspense fallback={<p role="status">{t('dashboard.loadingChart')}</p>}>
          {/* uPlot takes its labels once: a new language draws the chart anew. */}
          <Show when={locale()} keyed>
            {(_locale) => (
              <TrendChart
                label={t('dashboard.trendLabel', {
                  name: name(),
                  month: monthText(props.month, locale()),
                  target: targetText(props.trend.targetOf),
                  n: String(breachDays()),
                })}
                data={[props.trend.x, props.trend.values, props.trend.target, props.trend.breaches]}
                names={{
                  value: t('dashboard.series.value'),
                  target: t('dashboard.series.target'),
                  breach: t('dashboard.series.breach'),
                }}
                dayLabel={(day) => t('dashboard.day', { d: String(day) })}
              />
            )}
          </Show>
        </Suspense>
        <details>
          <summary>{t('dashboard.table')}</summary>
          <table>
            <caption>{t('dashboard.tableCaption', { name: name() })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.columns.date')}</th>
                <th scope="col">{t('dashboard.columns.value')}</th>
                <th scope="col">{t('dashboard.columns.status')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.trend.rows}>
                {(row) => (
                  <tr>
                    <th scope="row">
                      <time datetime={row.date}>{dayText(row.date, locale())}</time>
                    </th>
                    <td>
                      {row.value
                        ? `${percentText(row.value, props.trend.targetOf)} (${row.value.num}/${row.value.den})`
                        : '—'}
                    </td>
                    <td class={row.met === false ? 'bad' : row.met ? 'good' : ''}>
                      {t(`dashboard.status.${row.met === null ? 'no_data' : row.met ? 'met' : 'breach'}`)}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </details>
      </Show>
    </figure>
  )
}
