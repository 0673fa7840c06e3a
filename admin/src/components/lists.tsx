/** The pages' tables of records (alone, or under a heading with words for none), their times, and a list's pager. */
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js'
import { formatInstant } from '../beijing-time'
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
 * A table of `rows` (each drawn by `children`), labelled by its heading — `title`, an `<h3>` whose
 * id is `titleId`, by default `${testid}-title` — or by its `caption` (with `labelledBy`). With no
 * rows, `empty` is said instead (a status; `emptyAs`: a muted note or plain text); without `empty`
 * the table shows with no rows.
 */
export function RowsTable<T>(props: {
  testid: string
  title?: JSX.Element
  titleId?: string
  caption?: JSX.Element
  hiddenCaption?: string
  labelledBy?: string
  columns: readonly string[]
  rows: readonly T[]
  empty?: JSX.Element
  emptyAs?: 'status' | 'muted' | 'plain'
  children: (row: T, index: () => number) => JSX.Element
}) {
  const titleId = () => props.titleId ?? `${props.testid}-title`
  const table = () => (
    <DataTable
      labelledBy={props.labelledBy ?? titleId()}
      testid={props.testid}
      caption={props.caption}
      hiddenCaption={props.hiddenCaption}
      columns={props.columns}
    >
      <For each={props.rows}>{props.children}</For>
    </DataTable>
  )
  // Whether a title or words for none were given is asked without drawing them (they may be elements).
  return (
    <>
      <Show when={'title' in props}>
        <h3 id={titleId()}>{props.title}</h3>
      </Show>
      <Show
        when={!('empty' in props) || props.rows.length > 0}
        fallback={<Empty text={props.empty} as={props.emptyAs} />}
      >
        {table()}
      </Show>
    </>
  )
}

function Empty(props: { text: JSX.Element; as: 'status' | 'muted' | 'plain' | undefined }) {
  return (
    <Switch fallback={<p role="status">{props.text}</p>}>
      <Match when={props.as === 'muted'}>
        <p class="muted">{props.text}</p>
      </Match>
      <Match when={props.as === 'plain'}>
        <p>{props.text}</p>
      </Match>
    </Switch>
  )
}

/** An instant in Beijing time, as a `<time>`: `2026年10月10日 09:00`. */
export function Instant(props: { at: string }) {
  const { locale } = useI18n()
  return <time datetime={props.at}>{formatInstant(props.at, locale())}</time>
}

/** A table cell with an instant in it, kept on one line. */
export function TimeCell(props: { at: string }) {
  return (
    <td class="nowrap">
      <Instant at={props.at} />
    </td>
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
