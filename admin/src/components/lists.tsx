/** The pages' tables of records, and the pager of a paged list. */
import { createSignal, For, type JSX, Show } from 'solid-js'
import { useI18n } from '../i18n'

/**
 * A table in a region that scrolls sideways: focusable, since a table wider than a phone scrolls
 * and a keyboard must reach it. The region is labelled by `labelledBy`: the table's own `caption`
 * (which gets that id) or a heading outside it. `hiddenCaption` names the table to screen readers
 * only. The children are the body's rows.
 */
export function DataTable(props: {
  labelledBy: string
  testid: string
  caption?: JSX.Element
  hiddenCaption?: string
  columns: readonly string[]
  children: JSX.Element
}) {
  return (
    <section class="table-wrap" aria-labelledby={props.labelledBy} tabindex="0">
      <table data-testid={props.testid}>
        <Show when={props.caption !== undefined}>
          <caption id={props.labelledBy}>{props.caption}</caption>
        </Show>
        <Show when={props.hiddenCaption !== undefined}>
          <caption class="visually-hidden">{props.hiddenCaption}</caption>
        </Show>
        <thead>
          <tr>
            <For each={props.columns}>{(column) => <th scope="col">{column}</th>}</For>
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </section>
  )
}

/**
 * Paging by cursor through a list that `scope` names (a day, a query): the cursors that led to
 * the page shown, kept for the scope they belong to, so that another scope starts afresh.
 */
export function createCursorPaging(scope: () => string) {
  const [state, setState] = createSignal<{ scope: string; cursors: string[] }>({ scope: '', cursors: [] })
  const cursors = () => (state().scope === scope() ? state().cursors : [])
  return {
    /** The cursor of the page shown: none on the first. */
    cursor: () => cursors().at(-1),
    /** The page shown, from 1. */
    page: () => cursors().length + 1,
    next: (cursor: string | null | undefined) => {
      if (cursor) setState({ scope: scope(), cursors: [...cursors(), cursor] })
    },
    previous: () => setState({ scope: scope(), cursors: cursors().slice(0, -1) }),
    /** Back to the first page of `to`. */
    reset: (to: string) => setState({ scope: to, cursors: [] }),
  }
}

export type CursorPaging = ReturnType<typeof createCursorPaging>

/**
 * Previous and next page of a list paged by cursor, and which page this is (announced); its words
 * are the `messages` section's `pager`, `previous`, `next` and `page`. `nextCursor` is the page's.
 */
export function Pager(props: {
  messages: 'outbox' | 'tickets'
  paging: CursorPaging
  nextCursor: string | null | undefined
}) {
  const { t } = useI18n()
  return (
    <nav class="pager" aria-label={t(`${props.messages}.pager`)}>
      <button type="button" onClick={() => props.paging.previous()} disabled={props.paging.page() === 1}>
        {t(`${props.messages}.previous`)}
      </button>
      <span aria-live="polite">{t(`${props.messages}.page`, { n: String(props.paging.page()) })}</span>
      <button type="button" onClick={() => props.paging.next(props.nextCursor)} disabled={!props.nextCursor}>
        {t(`${props.messages}.next`)}
      </button>
    </nav>
  )
}
