/**
 * A deduction's audit trail (`AuditTable`): when, who by name, what and the detail in words —
 * amounts in yuan, statuses, the record that replaced it, reasons, the 确认单's number (an id),
 * and an adjustment above its draft said to have been confirmed so.
 */
import { DEDUCTION_STATUSES, formatYuan } from '@hotline/domain'
import { For } from 'solid-js'
import type { Deduction, DeductionAuditEntry, DeductionStatus } from '../api/deductions'
import { AuditTable } from '../components/AuditTable'
import { IdText } from '../components/IdText'
import { type Dictionary, useI18n, zhDictionary } from '../i18n'
import { useRevisionReason } from './Revisions'
import { useRecordName } from './words'

const AUDIT_COLUMNS = ['at', 'by', 'action', 'detail'] as const

type AuditWords = Dictionary['deductions']['audit']
const isAction = (key: string): key is keyof AuditWords['actions'] & string =>
  Object.hasOwn(zhDictionary.deductions.audit.actions, key)
const isKey = (key: string): key is keyof AuditWords['keys'] & string =>
  Object.hasOwn(zhDictionary.deductions.audit.keys, key)
const isStatus = (value: unknown): value is DeductionStatus =>
  (DEDUCTION_STATUSES as readonly unknown[]).includes(value)
const MONEY_KEYS = new Set(['amountFen', 'before', 'after'])
/** Detail values that are ids people quote as they are. */
const ID_KEYS = new Set(['number'])

export function Audit(props: { deduction: Deduction }) {
  const { t, locale } = useI18n()
  const recordName = useRecordName()
  const reasonText = useRevisionReason()
  const valueText = (key: string, value: string | number | boolean | null): string => {
    if (MONEY_KEYS.has(key) && typeof value === 'number') return formatYuan(value)
    if (isStatus(value)) return t(`deductions.statuses.${value}`)
    if (key === 'by' && typeof value === 'string') return recordName(value)
    if (key === 'reason' && typeof value === 'string') return reasonText(value)
    if (typeof value === 'boolean') return value ? t('deductions.yes') : t('deductions.no')
    return String(value ?? '—')
  }
  /**
   * The detail's parts, label and value; a value that is an id (a 确认单's number) is marked not to
   * translate. `aboveDraft: true` is a whole phrase of its own, with no label.
   */
  const detailOf = (entry: DeductionAuditEntry) =>
    Object.entries(entry.detail ?? {}).flatMap(([key, value]) => {
      if (key === 'aboveDraft') {
        return value === true ? [{ label: '', value: t('deductions.audit.aboveDraft'), id: false }] : []
      }
      const name = key === 'before' && isStatus(value) ? 'beforeStatus' : key
      const label = isKey(name) ? t(`deductions.audit.keys.${name}`) : t('deductions.audit.keys.other')
      return [
        {
          label: `${label}${locale() === 'zh-CN' ? '：' : ': '}`,
          value: valueText(key, value),
          id: ID_KEYS.has(key),
        },
      ]
    })
  return (
    <AuditTable
      testid="audit"
      rowTestid="audit-entry"
      title={t('deductions.audit.title')}
      rows={props.deduction.audit}
      columns={AUDIT_COLUMNS.map((column) => t(`deductions.audit.${column}`))}
      action={(entry) => t(`deductions.audit.actions.${isAction(entry.action) ? entry.action : 'other'}`)}
      detail={(entry) => (
        <For each={detailOf(entry)}>
          {(part, i) => (
            <>
              {i() > 0 ? (locale() === 'zh-CN' ? '；' : '; ') : ''}
              {part.label}
              {part.id ? <IdText text={part.value} ids={[part.value]} /> : part.value}
            </>
          )}
        </For>
      )}
    />
  )
}
