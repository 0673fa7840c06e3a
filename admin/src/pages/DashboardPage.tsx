/**
 * `/dashboard`: the month's KPIs at a glance (SPEC §5) — the start page after signing in. The month
 * is the page's month in context (`usePageMonth`: the address, else this tab's, else the month the
 * app opens on), chosen with the month picker. Tiles show each KPI's figure for the month, the rule
 * that decides its money (按日 / 按月 / 按年度 / 按次) and a badge that cannot be misread (a daily
 * KPI counts its days below target); each tile leads to that KPI's breaches and drafts. uPlot
 * charts show the daily rate KPIs with their target line and breach days, a hovered day's value
 * beside the cursor; a calendar heat map marks the breach days, each a link to its deductions; the
 * month's deductions are totalled by status, each status a link to the queue filtered by it.
 * It reads the month's KPI summary (`GET /kpis/summary`: figures and per-subject counts, some
 * 20 KB), never every result with its evidence (a megabyte for a full month).
 */
import { formatYuan } from '@hotline/domain'
import { useIsFetching, useQuery, useQueryClient } from '@tanstack/solid-query'
import { createMemo, For, lazy, Match, Show, Suspense, Switch } from 'solid-js'
import { deductionsKey, useMonthDeductions } from '../api/deductions'
import { useErrorText } from '../api/errors'
import { useKpiApi } from '../api/kpis'
import { monthsKey } from '../api/months'
import { BreachCalendar } from '../components/BreachCalendar'
import { MonthPicker, usePageMonth } from '../components/MonthPicker'
import { type Locale, useI18n } from '../i18n'
import {
  breachCalendar,
  type CalendarDay,
  type DailyRateKpi,
  dashboardTiles,
  dayHref,
  dayText,
  deductionTotals,
  type KpiSummaryView,
  kpiName,
  percentText,
  type Tile,
  type TileId,
  TOTAL_STATUSES,
  type TrendData,
  targetText,
  tileBadge,
  tileHref,
  trendData,
} from '../kpi-view'
import { usePeriodText } from '../names'
import { queueHref } from './records/links'
import '../kpis.css'

// uPlot comes with the chart, in its own chunk: the tiles show before it has loaded.
const TrendChart = lazy(() => import('../components/TrendChart'))

const TREND_KPIS: readonly DailyRateKpi[] = ['answer_15s', 'connection', 'publish_accuracy']
/** The cache key of a month's summary (the compliance tabs' `['kpis', month, …]` hold results with evidence). */
const summaryKey = (month: string) => ['kpis', month, 'summary']
const NO_RESULTS: KpiSummaryView = { figures: [], subjects: [] }
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

export default function DashboardPage() {
  const { t } = useI18n()
  const errorText = useErrorText()
  const { month, months } = usePageMonth()
  const client = useQueryClient()
  const fetching = useIsFetching()
  const refresh = (m: string) => {
    // `['kpis', m]` covers the summary and any KPI's results of the month cached by other pages.
    for (const queryKey of [['kpis', m], deductionsKey(m), monthsKey])
      void client.invalidateQueries({ queryKey })
  }

  return (
    <section class="card" aria-labelledby="dashboard-title">
      <header>
        <h2 id="dashboard-title">{t('dashboard.title')}</h2>
        <Show when={month()} keyed>
          {(m) => (
            <div class="filters">
              <MonthPicker month={m} />
              <button type="button" onClick={() => refresh(m)} disabled={fetching() > 0}>
                {t('dashboard.refresh')}
              </button>
            </div>
          )}
        </Show>
      </header>
      <Switch fallback={<p role="status">{t('dashboard.loading')}</p>}>
        {/* Keyed: a month's queries, tiles and charts belong to that month (no stale reads on a change). */}
        <Match when={month()} keyed>
          {(m) => <MonthDashboard month={m} />}
        </Match>
        <Match when={months.isError}>
          <p role="alert" class="bad">
            {t('dashboard.monthsFailed', { message: errorText(months.error) })}
          </p>
        </Match>
        <Match when={months.data?.current === null}>
          <p role="status">{t('monthPicker.none')}</p>
        </Match>
      </Switch>
    </section>
  )
}

/** The dashboard of one month: tiles, deductions, trends and the breach calendar. */
function MonthDashboard(props: { month: string }) {
  const { t, locale } = useI18n()
  const errorText = useErrorText()
  const periodText = usePeriodText()
  const kpiApi = useKpiApi()
  const kpis = useQuery(() => ({
    queryKey: summaryKey(props.month),
    queryFn: () => kpiApi.kpiSummary(props.month),
    retry: false,
  }))
  const deductions = useMonthDeductions(() => props.month)
  const summary = () => kpis.data ?? NO_RESULTS
  const tiles = createMemo(() => dashboardTiles(summary(), props.month))
  const trends = createMemo(() => TREND_KPIS.map((kpi) => trendData(summary().figures, kpi, props.month)))
  const weeks = createMemo(() => breachCalendar(summary(), props.month))
  const monthName = () => periodText(props.month)

  return (
    <>
      <p class="muted">{t('dashboard.intro', { month: monthName() })}</p>
      <Switch>
        <Match when={kpis.isPending}>
          <p role="status">{t('dashboard.loading')}</p>
        </Match>
        <Match when={kpis.isError}>
          <p role="alert" class="bad">
            {t('dashboard.failed', { message: errorText(kpis.error) })}
          </p>
        </Match>
        <Match when={kpis.data}>
          <Show when={summary().figures.length === 0 && summary().subjects.length === 0}>
            <p role="status">{t('dashboard.empty', { month: monthName() })}</p>
          </Show>
          <ul class="kpi-tiles" aria-label={t('dashboard.tilesLabel')}>
            <For each={tiles()}>{(tile) => <KpiTile tile={tile} month={props.month} />}</For>
          </ul>
        </Match>
      </Switch>

      <DeductionTotal
        month={props.month}
        pending={deductions.isPending}
        error={deductions.isError ? errorText(deductions.error) : null}
        totals={deductions.data ? deductionTotals(deductions.data.deductions) : null}
      />

      <Show when={kpis.data}>
        <h3>{t('dashboard.trends')}</h3>
        <div class="trend-grid">
          <For each={trends()}>{(trend) => <TrendFigure trend={trend} month={props.month} />}</For>
        </div>

        <h3 id="calendar-title">{t('dashboard.calendar')}</h3>
        <p class="muted">{t('dashboard.calendarNote', { workload: kpiName('agent_workload', locale()) })}</p>
        <BreachCalendar
          weeks={weeks()}
          caption={t('dashboard.calendarCaption', { month: monthName() })}
          weekdays={WEEKDAYS.map((d) => ({
            short: t(`dashboard.weekdays.${d}`),
            long: t(`dashboard.weekdaysLong.${d}`),
          }))}
          describe={(day) => describeDay(day, locale(), t)}
          href={(day) => dayHref(props.month, day)}
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
    </>
  )
}

type T = ReturnType<typeof useI18n>['t']

/** A name at the start of a caption: `Answer-within-15s rate` (Chinese is left as it is). */
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** A tile's title: the KPI's name from the domain's one table; the two groups from the dictionary. */
const tileName = (id: TileId, locale: Locale, t: T): string =>
  id === 'service_errors' || id === 'incidents'
    ? t(`dashboard.groups.${id}`)
    : capitalized(kpiName(id, locale))

/** The text of a calendar day, read by screen readers (the name of its link) and shown on hover. */
function describeDay(day: CalendarDay, locale: Locale, t: T): string {
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

function KpiTile(props: { tile: Tile; month: string }) {
  const { t, locale } = useI18n()
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
  const badge = () => tileBadge(tile())
  const badgeWords = () => {
    const current = badge()
    return t(`dashboard.badges.${current.words}`, { n: String('n' in current ? current.n : 0) })
  }
  const note = () => {
    const current = tile()
    if (current.rule === 'daily')
      return current.provisional ? t('dashboard.provisional') : t('dashboard.notes.daily')
    if (current.rule === 'annual') return t('dashboard.notes.turnover')
    if (current.kind === 'count') return t(`dashboard.notes.${current.id}`)
    return null
  }
  return (
    <li class={`kpi-tile kpi-tile-${badge().status}`} data-testid={`tile-${tile().id}`}>
      <h4>
        <a class="tile-link" href={tileHref(tile().id, props.month)}>
          {tileName(tile().id, locale(), t)}
          <span class="visually-hidden">
            {t(tile().id === 'incidents' ? 'dashboard.tileLinkIncidents' : 'dashboard.tileLink')}
          </span>
        </a>
      </h4>
      <p class="kpi-rule" data-testid="tile-rule">
        {t(`dashboard.rules.${tile().rule}`)}
      </p>
      <p class="kpi-value" data-testid="tile-value">
        {value()}
      </p>
      <p class="kpi-target">{t('dashboard.target', { target: target() })}</p>
      <p class="kpi-verdict">
        <span class={`kpi-badge kpi-${badge().status}`} data-testid="tile-badge">
          {badgeWords()}
        </span>
      </p>
      <Show when={note()} keyed>
        {(text) => <p class="kpi-note">{text}</p>}
      </Show>
    </li>
  )
}

function DeductionTotal(props: {
  month: string
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
        <Match when={props.totals} keyed>
          {(totals) => (
            <>
              <p class="kpi-value" data-testid="deduction-total">
                {formatYuan(totals.totalFen)}
              </p>
              <dl class="compact">
                <For each={TOTAL_STATUSES}>
                  {(status) => {
                    const line = () => totals.byStatus[status]
                    const words = () => t(`dashboard.deductions.${status}`, { n: String(line().count) })
                    return (
                      <>
                        <dt>
                          <Show when={line().count > 0} fallback={words()}>
                            <a
                              href={queueHref(props.month, { status })}
                              data-testid={`deduction-link-${status}`}
                            >
                              {words()}
                            </a>
                          </Show>
                        </dt>
                        <dd data-testid={`deduction-${status}`}>{formatYuan(line().fen)}</dd>
                      </>
                    )
                  }}
                </For>
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
  const periodText = usePeriodText()
  const name = () => capitalized(kpiName(props.trend.kpi, locale()))
  const breachDays = () => props.trend.rows.filter((r) => r.met === false).length
  const id = () => `trend-${props.trend.kpi}`
  const valueText = (row: { value: TrendData['rows'][number]['value'] }) =>
    row.value ? percentText(row.value, props.trend.targetOf) : '—'
  /** What hovering a day shows: `10月9日 87.50%（未达标）`. */
  const hoverText = (index: number) => {
    const point = props.trend.points[index]
    if (!point) return ''
    const date = dayText(point.date, locale())
    if (!point.value) return t('dashboard.hover.noData', { date })
    const value = valueText(point)
    return point.met === false
      ? t('dashboard.hover.breach', { date, value })
      : t('dashboard.hover.value', { date, value })
  }
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
                  month: periodText(props.month),
                  target: targetText(props.trend.targetOf),
                  n: String(breachDays()),
                })}
                data={[props.trend.x, props.trend.values, props.trend.target, props.trend.breaches]}
                names={{
                  value: t('dashboard.series.value'),
                  target: t('dashboard.series.target', { target: targetText(props.trend.targetOf) }),
                  breach: t('dashboard.series.breach'),
                }}
                dayLabel={(day) => t('dashboard.day', { d: String(day) })}
                percentLabel={(percent) => `${percent}%`}
                hoverText={hoverText}
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
                    <td>{row.value ? `${valueText(row)} (${row.value.num}/${row.value.den})` : '—'}</td>
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
