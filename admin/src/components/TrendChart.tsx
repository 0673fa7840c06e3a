/**
 * A daily trend drawn with uPlot: the KPI's rate per day of the month, its target as a dashed
 * line, breach days as red markers, gaps where a day has no data. uPlot draws on a canvas, so the
 * chart is an image to assistive technology (`role="img"` with a summary); the page puts the
 * exact figures in a table beside it. Loaded on demand by the dashboard only: uPlot (and its CSS)
 * is in no other chunk.
 */
import 'uplot/dist/uPlot.min.css'
import { onCleanup, onMount } from 'solid-js'
import uPlot from 'uplot'

export type TrendChartProps = {
  /** What the chart shows, for `aria-label` (the summary a screen reader hears). */
  label: string
  /** x (day of month), rate, target, breach markers — one entry per day; `null` = nothing to draw. */
  data: [x: number[], values: (number | null)[], target: (number | null)[], breaches: (number | null)[]]
  /** Legend names of the three series. */
  names: { value: string; target: string; breach: string }
  /** x axis tick text of a day of the month: `9日`, `9`. */
  dayLabel: (day: number) => string
  height?: number
}

const COLORS = { value: '#0b4f8a', target: '#c2410c', breach: '#b42318' }

/** The y range: from a little under the lowest value or target (in steps of 5) up to 100 %. */
function yRange(values: readonly (number | null)[]): [number, number] {
  const present = values.filter((v): v is number => v !== null)
  const low = present.length ? Math.min(...present) : 90
  return [Math.max(0, Math.floor((low - 2) / 5) * 5), 100]
}

export default function TrendChart(props: TrendChartProps) {
  let host: HTMLDivElement | undefined
  let chart: uPlot | undefined

  onMount(() => {
    if (!host) return
    const [x, values, target, breaches] = props.data
    const width = () => Math.max(280, host?.clientWidth ?? 600)
    const range = yRange([...values, ...target])
    const options: uPlot.Options = {
      width: width(),
      height: props.height ?? 220,
      scales: { x: { time: false, range: [x[0] ?? 1, x.at(-1) ?? 31] }, y: { range } },
      axes: [
        { values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? props.dayLabel(v) : '')) },
        { values: (_u, splits) => splits.map((v) => `${v}%`), size: 56 },
      ],
      cursor: { drag: { x: false, y: false } },
      // A key of the three series; the figures themselves are in the table beside the chart.
      legend: { live: false },
      series: [
        { label: '', value: (_u, v) => (v == null ? '—' : props.dayLabel(v)) },
        {
          label: props.names.value,
          stroke: COLORS.value,
          width: 2,
          points: { show: true, size: 5 },
          value: (_u, v) => (v == null ? '—' : `${v.toFixed(2)}%`),
        },
        {
          label: props.names.target,
          stroke: COLORS.target,
          width: 1.5,
          dash: [6, 4],
          points: { show: false },
          value: (_u, v) => (v == null ? '—' : `${v}%`),
        },
        {
          label: props.names.breach,
          stroke: COLORS.breach,
          // Markers only: no line between breach days.
          paths: () => null,
          points: { show: true, size: 11, width: 2, fill: COLORS.breach, stroke: '#fff' },
          value: (_u, v) => (v == null ? '—' : `${v.toFixed(2)}%`),
        },
      ],
    }
    chart = new uPlot(options, [x, values, target, breaches], host)

    if (typeof ResizeObserver === 'function') {
      const observer = new ResizeObserver(() =>
        chart?.setSize({ width: width(), height: props.height ?? 220 }),
      )
      observer.observe(host)
      onCleanup(() => observer.disconnect())
    }
  })
  onCleanup(() => chart?.destroy())

  return <div class="trend-chart" role="img" aria-label={props.label} ref={host} data-testid="trend-chart" />
}
