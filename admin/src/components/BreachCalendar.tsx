/**
 * The month's breach days as a calendar heat map: a table of weeks, Monday first, each day coloured
 * by how many KPIs it breached (0, 1, 2, 3 or more; grey without data). Every day carries its text
 * (the date, the count and which KPIs), read by screen readers and shown on hover, so the colour
 * is never the only way to tell; a day with breaches is a link to its deductions, named by that text.
 */
import { For, Show } from 'solid-js'
import type { CalendarDay } from '../kpi-view'

export type BreachCalendarProps = {
  weeks: (CalendarDay | null)[][]
  caption: string
  /** Mon…Sun, short (`一`, `Mon`) and full (`星期一`, `Monday`). */
  weekdays: { short: string; long: string }[]
  /** The text of one day: `10月9日：2项指标未达标（…）`. */
  describe: (day: CalendarDay) => string
  /** Where a day leads (its deductions), or `null`: the day is not a link. */
  href: (day: CalendarDay) => string | null
  legend: { none: string; one: string; two: string; many: string; noData: string; label: string }
}

/** The colour step of a day: `nodata`, `0`, `1`, `2`, `3` (3 or more). */
export const levelOf = (day: CalendarDay): string =>
  day.breached.length > 0 ? String(Math.min(3, day.breached.length)) : day.hasData ? '0' : 'nodata'

/** The day's number as seen, its words as read. */
function DayText(props: { day: CalendarDay; describe: (day: CalendarDay) => string }) {
  return (
    <>
      <span aria-hidden="true">{props.day.day}</span>
      <span class="visually-hidden">{props.describe(props.day)}</span>
    </>
  )
}

export function BreachCalendar(props: BreachCalendarProps) {
  return (
    <div class="heatmap">
      <table class="heatmap-grid" data-testid="breach-calendar">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <For each={props.weekdays}>
              {(weekday) => (
                <th scope="col">
                  <abbr title={weekday.long}>{weekday.short}</abbr>
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={props.weeks}>
            {(week) => (
              <tr>
                <For each={week}>
                  {(day) => (
                    <Show when={day} fallback={<td class="heat-out" />}>
                      {(d) => (
                        <td
                          class={`heat heat-${levelOf(d())}`}
                          data-testid={`heat-${d().date}`}
                          data-breaches={d().breached.length}
                          title={props.describe(d())}
                        >
                          <Show
                            when={props.href(d())}
                            fallback={<DayText day={d()} describe={props.describe} />}
                            keyed
                          >
                            {(href) => (
                              <a href={href} class="heat-link">
                                <DayText day={d()} describe={props.describe} />
                              </a>
                            )}
                          </Show>
                        </td>
                      )}
                    </Show>
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <ul class="heat-legend" aria-label={props.legend.label}>
        <li>
          <span class="heat-swatch heat-nodata" aria-hidden="true" />
          {props.legend.noData}
        </li>
        <li>
          <span class="heat-swatch heat-0" aria-hidden="true" />
          {props.legend.none}
        </li>
        <li>
          <span class="heat-swatch heat-1" aria-hidden="true" />
          {props.legend.one}
        </li>
        <li>
          <span class="heat-swatch heat-2" aria-hidden="true" />
          {props.legend.two}
        </li>
        <li>
          <span class="heat-swatch heat-3" aria-hidden="true" />
          {props.legend.many}
        </li>
      </ul>
    </div>
  )
}
