/**
 * A daily trend drawn with uPlot: the KPI's rate per day of the month, its target as a dashed
 * line, breach days as red markers, gaps where a day has no data. Hovering a day shows its words
 * beside the cursor ("10月9日 87.50%（未达标）", from the page's exact figures). uPlot draws on a
 * canvas, so the chart is an image to assistive technology (`role="img"` with a summary); the page
 * puts the exact figures in a table beside it. Loaded on demand by the dashboard only: uPlot (and
 * its CSS) is in no other chunk.
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
  /** y axis tick text of a percentage: `90%`. */
  percentLabel: (percent: number) => string
  /** What hovering the day at `index` of `data` shows: `10月9日 87.50%`. */
  hoverText: (index: number) => string
  height?: number
}

const COLORS = { value: '#0b4f8a', target: '#c2410c', breach: '#b42318' }

/** The y range: from a little under the lowest value or target (in steps of 5) up to 100 %. */
function yRange(values: readonly (number | null)[]): [number, number] {
  const present = values.filter((v): v is number => v !== null)
  const low = present.length ? Math.min(...present) : 90
  return [Math.max(0, Math.floor((low - 2) / 5) * 5), 100]
}

/** A uPlot plugin: a box beside the cursor with the hovered day's words, hidden off the plot. */
function hoverPlugin(text: (index: number) => string): uPlot.Plugin {
  const tip = document.createElement('div')
  tip.className = 'trend-tip'
  tip.dataset.testid = 'trend-tip'
  tip.hidden = true
  return {
    hooks: {
      init: (u) => {
        u.over.appendChild(tip)
      },
      setCursor: (u) => {
        const { idx, left, top } = u.cursor
        if (idx == null || left == null || top == null || left < 0) {
          tip.hidden = true
          return
        }
        tip.textContent = text(idx)
        tip.hidden = false
        // Beside the point, kept inside the plot: to the left of the cursor in the right half.
        const x = u.valToPos(u.data[0][idx] ?? 0, 'x')
        const flip = x > u.over.clientWidth / 2
        tip.style.left = `${flip ? x - tip.offsetWidth - 12 : x + 12}px`
        tip.style.top = `${Math.max(0, Math.min(top, u.over.clientHeight - tip.offsetHeight) - 8)}px`
      },
    },
  }
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
        { values: (_u, splits) => splits.map((v) => props.percentLabel(v)), size: 56 },
      ],
      cursor: { drag: { x: false, y: false } },
      // A key of the three series; a hovered day's figures are in the box beside the cursor.
      legend: { live: false },
      plugins: [hoverPlugin((index) => props.hoverText(index))],
      series: [
        {},
        { label: props.names.value, stroke: COLORS.value, width: 2, points: { show: true, size: 5 } },
        {
          label: props.names.target,
          stroke: COLORS.target,
          width: 1.5,
          dash: [6, 4],
          points: { show: false },
        },
        {
          label: props.names.breach,
          stroke: COLORS.breach,
          // Markers only: no line between breach days.
          paths: () => null,
          points: { show: true, size: 11, width: 2, fill: COLORS.breach, stroke: '#fff' },
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
