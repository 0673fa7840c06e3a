/**
 * An audit log as a table, oldest first: when, who (by name: "甲方审核员（演示）", "系统（每日任务）"),
 * what was done (`action`: its words) and the detail in words (`detail`). A deduction's and a
 * month's audit trails are this table with their own words.
 */
import { type JSX, splitProps } from 'solid-js'
import { useActorName } from '../names'
import { RowsTable, TimeCell } from './lists'

type Entry = { at: string; by: string; action: string }

export function AuditTable<E extends Entry>(props: {
  testid: string
  /** Each row's test id. */
  rowTestid: string
  title: string
  hiddenCaption?: string
  /** The four columns' names: when, who, what, detail. */
  columns: readonly string[]
  rows: readonly E[]
  /** Said (as plain text) instead of the table when there is no entry; without it, the table shows empty. */
  empty?: string
  action: (entry: E) => string
  detail: (entry: E) => JSX.Element
}) {
  const actorName = useActorName()
  // The rest goes to `RowsTable` as given: it asks whether words for none were given at all.
  const [own, table] = splitProps(props, ['rowTestid', 'action', 'detail'])
  return (
    <RowsTable {...table} emptyAs="plain">
      {(entry) => (
        <tr data-testid={own.rowTestid}>
          <TimeCell at={entry.at} />
          <td>{actorName(entry.by)}</td>
          <td class="nowrap">{own.action(entry)}</td>
          <td class="text">{own.detail(entry)}</td>
        </tr>
      )}
    </RowsTable>
  )
}
