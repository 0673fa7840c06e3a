/**
 * A table that renders only the rows in view (plus a margin), for lists of thousands: a fixed row
 * height, a scroll container, and two spacer rows standing in for the rows above and below the
 * window, so the scroll bar is the whole list's. It stays a real `<table>` (caption, header cells,
 * `aria-rowcount` / `aria-rowindex`), so assistive technology knows the full size and each row's
 * place. Written here rather than taken from a library: it is some sixty lines and the app has none.
 *
 * @example
 * <WindowedTable items={rows()} rowHeight={40} columns={3} captionId="c" caption="…"
 *   head={<tr><th scope="col">…</th>…</tr>} row={(item, index) => <tr aria-rowindex={index() + 2}>…</tr>} />
 */
import { createEffect, createMemo, createSignal, For, type JSX, on, onCleanup, onMount, Show } from 'solid-js'

export type WindowedTableProps<T> = {
  items: readonly T[]
  /** Pixels; every row must render at this height (cells do not wrap). */
  rowHeight: number
  columns: number
  /** Rows rendered beyond each edge of the view, so a fast scroll shows no gap. */
  overscan?: number
  /** The view's height until it is measured (and where nothing is laid out, as in jsdom). */
  fallbackHeight?: number
  /** Scrolls back to the top when it changes (new filters, another month). */
  resetKey?: unknown
  captionId: string
  caption: JSX.Element
  /** The header row (`<tr>` of `<th scope="col">`). */
  head: JSX.Element
  row: (item: T, index: () => number) => JSX.Element
  testId?: string
}

export function WindowedTable<T>(props: WindowedTableProps<T>) {
  let viewport: HTMLElement | undefined
  const [scrollTop, setScrollTop] = createSignal(0)
  const [height, setHeight] = createSignal(0)
  const overscan = () => props.overscan ?? 8
  const viewHeight = () => height() || props.fallbackHeight || 480

  const range = createMemo(() => {
    const count = props.items.length
    const first = Math.max(0, Math.floor(scrollTop() / props.rowHeight) - overscan())
    const last = Math.min(count, Math.ceil((scrollTop() + viewHeight()) / props.rowHeight) + overscan())
    return { first: Math.min(first, last), last }
  })
  const visible = createMemo(() => props.items.slice(range().first, range().last))
  const above = () => range().first * props.rowHeight
  const below = () => (props.items.length - range().last) * props.rowHeight

  onMount(() => {
    const measure = () => setHeight(viewport?.clientHeight ?? 0)
    measure()
    if (typeof ResizeObserver !== 'undefined' && viewport) {
      const observer = new ResizeObserver(measure)
      observer.observe(viewport)
      onCleanup(() => observer.disconnect())
    }
  })
  createEffect(
    on(
      () => props.resetKey,
      () => {
        if (viewport) viewport.scrollTop = 0
        setScrollTop(0)
      },
      { defer: true },
    ),
  )

  return (
    // Focusable: the arrow keys and Page Down scroll it.
    <section
      class="windowed"
      ref={viewport}
      tabindex="0"
      aria-labelledby={props.captionId}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <table aria-rowcount={props.items.length + 1} data-testid={props.testId}>
        <caption id={props.captionId}>{props.caption}</caption>
        <thead>{props.head}</thead>
        <tbody>
          <Show when={above() > 0}>
            {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: a table row is not focusable; this one only stands in for the rows not rendered */}
            <tr class="spacer" aria-hidden="true" style={{ height: `${above()}px` }}>
              <td colSpan={props.columns} />
            </tr>
          </Show>
          <For each={visible()}>{(item, i) => props.row(item, () => range().first + i())}</For>
          <Show when={below() > 0}>
            {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: a table row is not focusable; this one only stands in for the rows not rendered */}
            <tr class="spacer" aria-hidden="true" style={{ height: `${below()}px` }}>
              <td colSpan={props.columns} />
            </tr>
          </Show>
        </tbody>
      </table>
    </section>
  )
}
