/**
 * `/import`: an agency reviewer uploads an NDJSON file of records (the format is explained on the
 * page: each kind of record with its required fields, and an example line). The file is read a slice
 * at a time and sent 1000 lines per request with `X-Line-Offset` (`../ndjson-import`), with a
 * progress bar; the totals and the line-numbered errors (in words) follow. Re-importing the same
 * file changes nothing (its lines come back as duplicates). Anyone else is told the page is not for
 * them (the server would refuse them too).
 */

import {
  IncidentType,
  PublicationRecord,
  RATING_LABELS,
  RatingLevel,
  STATUS_LABELS,
  StaffRole,
  TicketEventType,
} from '@hotline/domain'
import { useQueryClient } from '@tanstack/solid-query'
import { createSignal, For, type JSX, onCleanup, Show } from 'solid-js'
import { useApi } from '../api/client'
import { useErrorText } from '../api/errors'
import type { ImportReport, LineError } from '../api/schemas'
import { DataTable } from '../components/lists'
import { type Dictionary, useI18n, zhDictionary } from '../i18n'
import { inLocale } from '../labels'
import { emptyReport, type ImportProgress, importFile } from '../ndjson-import'
import { checkTypeName } from './compliance/shared'
import { incidentTypeName } from './records/incident-charge'
import '../records.css'

export default function ImportPage() {
  const { t } = useI18n()
  return (
    <section class="card" aria-labelledby="import-title">
      <h2 id="import-title">{t('import.title')}</h2>
      <Importer />
      <ImportFormat />
    </section>
  )
}

type Outcome =
  | { kind: 'done'; report: ImportReport }
  | { kind: 'stopped'; report: ImportReport }
  | { kind: 'failed'; report: ImportReport; error: unknown }

const TOTALS = ['lines', 'created', 'updated', 'applied', 'duplicates', 'skipped', 'failed'] as const

function Importer() {
  const { t, locale } = useI18n()
  const errorText = useErrorText()
  const api = useApi()
  const queryClient = useQueryClient()
  const [file, setFile] = createSignal<File | null>(null)
  const [running, setRunning] = createSignal(false)
  const [progress, setProgress] = createSignal<ImportProgress | null>(null)
  const [outcome, setOutcome] = createSignal<Outcome | null>(null)
  let controller: AbortController | undefined
  // Leaving the page stops sending; what was sent stays imported.
  onCleanup(() => controller?.abort())

  const count = (n: number) => n.toLocaleString(locale())
  const percent = () => {
    const p = progress()
    if (!p) return 0
    return p.totalBytes === 0 ? 100 : Math.floor((p.bytes / p.totalBytes) * 100)
  }
  const report = () => outcome()?.report ?? progress()?.report ?? null

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault()
    const chosen = file()
    if (!chosen || running()) return
    const abort = new AbortController()
    controller = abort
    let sofar = emptyReport()
    setRunning(true)
    setOutcome(null)
    setProgress({ report: sofar, bytes: 0, totalBytes: chosen.size, chunks: 0 })
    try {
      const done = await importFile(chosen, {
        send: (body, offset, signal) => api.importChunk(body, offset, signal),
        onProgress: (p) => {
          sofar = p.report
          setProgress(p)
        },
        signal: abort.signal,
      })
      setOutcome({ kind: 'done', report: done })
    } catch (err) {
      if (abort.signal.aborted) setOutcome({ kind: 'stopped', report: sofar })
      else setOutcome({ kind: 'failed', report: sofar, error: err })
    } finally {
      controller = undefined
      setRunning(false)
      // Lists and tickets shown elsewhere may have changed.
      void queryClient.invalidateQueries({ queryKey: ['tickets-due'] })
      void queryClient.invalidateQueries({ queryKey: ['ticket'] })
    }
  }

  const summary = (o: Outcome): string => {
    const lines = count(o.report.lines)
    if (o.kind === 'stopped') return t('import.stopped', { lines })
    if (o.kind === 'failed') return t('import.failed', { message: errorText(o.error), lines })
    if (o.report.lines === 0) return t('import.empty')
    const r = o.report
    const unchanged = r.created + r.updated + r.applied === 0 && r.duplicates > 0
    return `${t('import.done', { lines })}${unchanged ? ` ${t('import.nothingChanged')}` : ''}`
  }

  return (
    <>
      <p id="import-intro" class="muted">
        {t('import.intro')} <a href="#import-format">{t('import.formatLink')}</a>
      </p>
      <form class="form" onSubmit={onSubmit} aria-describedby="import-intro">
        <label for="import-file">{t('import.file')}</label>
        <input
          id="import-file"
          type="file"
          accept=".ndjson,.jsonl,application/x-ndjson"
          required
          disabled={running()}
          onChange={(e) => {
            setFile(e.currentTarget.files?.[0] ?? null)
            setOutcome(null)
            setProgress(null)
          }}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={running() || !file()}>
            {t('import.submit')}
          </button>
          <Show when={running()}>
            <button type="button" onClick={() => controller?.abort()}>
              {t('import.stop')}
            </button>
          </Show>
        </div>
      </form>

      <Show when={progress()}>
        {(p) => (
          <div class="progress">
            <label for="import-progress">{t('import.progress')}</label>
            <progress id="import-progress" max={100} value={percent()} />
            <p role="status" data-testid="import-progress-text">
              {t('import.progressText', { lines: count(p().report.lines), percent: String(percent()) })}
            </p>
          </div>
        )}
      </Show>

      {/* Always present, so that screen readers announce the outcome when it appears. */}
      <div aria-live="polite" data-testid="import-outcome">
        <Show when={outcome()}>
          {(o) => (
            <p
              role={o().kind === 'failed' ? 'alert' : undefined}
              class={o().kind === 'done' ? 'good' : 'bad'}
            >
              {summary(o())}
            </p>
          )}
        </Show>
      </div>

      <Show when={report()}>
        {(r) => (
          <>
            <dl data-testid="import-totals" aria-label={t('import.totals.label')}>
              <For each={TOTALS}>
                {(key) => (
                  <>
                    <dt>{t(`import.totals.${key}`)}</dt>
                    <dd
                      data-testid={`total-${key}`}
                      class={key === 'failed' && r()[key] > 0 ? 'bad' : undefined}
                    >
                      {count(r()[key])}
                    </dd>
                  </>
                )}
              </For>
            </dl>
            <Show when={r().errors.length > 0}>
              <ImportErrors report={r()} />
            </Show>
          </>
        )}
      </Show>
    </>
  )
}

function ImportErrors(props: { report: ImportReport }) {
  const { t, locale } = useI18n()
  const fieldText = useFieldText()
  const messageText = useLineErrorText()
  return (
    <>
      <h3 id="import-errors-title">{t('import.errors')}</h3>
      <Show when={props.report.failed > props.report.errors.length}>
        <p class="muted">
          {t('import.errorsTruncated', {
            shown: props.report.errors.length.toLocaleString(locale()),
            failed: props.report.failed.toLocaleString(locale()),
          })}
        </p>
      </Show>
      <DataTable
        labelledBy="import-errors-title"
        testid="import-errors"
        hiddenCaption={t('import.errorsCaption')}
        columns={[
          t('import.errorColumns.line'),
          t('import.errorColumns.field'),
          t('import.errorColumns.message'),
        ]}
      >
        <For each={props.report.errors}>
          {(error) => (
            <tr data-testid="import-error">
              <th scope="row" class="nowrap">
                {error.line}
              </th>
              <td class="nowrap">{fieldText(error.field)}</td>
              <td class="text">{messageText(error)}</td>
            </tr>
          )}
        </For>
      </DataTable>
    </>
  )
}

/** The kinds of record a file may hold: the fields every line of that kind needs, the values of its coded field. */
const FORMAT = [
  { kind: 'ticket_event', fields: ['ticketId', 'type', 'at'], coded: ['type'] },
  { kind: 'call', fields: ['callId', 'enqueuedAt', 'answeredAt', 'endedAt'], coded: [] },
  { kind: 'rating', fields: ['ticketId', 'at', 'level'], coded: ['level'] },
  { kind: 'staff_event', fields: ['staffId', 'type', 'at', 'role'], coded: ['type', 'role'] },
  { kind: 'publication', fields: ['publicationId', 'at', 'channel', 'accurate'], coded: ['channel'] },
  { kind: 'incident', fields: ['incidentId', 'type', 'at', 'verified'], coded: ['type'] },
  { kind: 'facility_check', fields: ['type', 'at'], coded: ['type'] },
  { kind: 'training', fields: ['staffId', 'at', 'type'], coded: ['type'] },
] as const
type Kind = (typeof FORMAT)[number]['kind']

/** The values of each kind's coded field, each with its words (the domain's, or the pages' own). */
function useCodedValues(): (kind: Kind, field: string) => { value: string; label: string }[] {
  const { t, locale } = useI18n()
  const of = <T extends string>(values: readonly T[], label: (value: T) => string) =>
    values.map((value) => ({ value, label: label(value) }))
  return (kind, field) => {
    switch (kind) {
      case 'ticket_event':
        return of(TicketEventType.options, (v) => inLocale(STATUS_LABELS[v], locale()))
      case 'rating':
        return of(RatingLevel.options, (v) => inLocale(RATING_LABELS[v], locale()))
      case 'staff_event':
        return field === 'role'
          ? of(StaffRole.options, (v) => t(`records.compliance.staff.roles.${v}`))
          : of(['joined', 'left'] as const, (v) => t(`records.compliance.staff.changes.${v}`))
      case 'publication':
        return of(PublicationRecord.shape.channel.options, (v) =>
          t(`records.compliance.publications.channels.${v}`),
        )
      case 'incident':
        return of(IncidentType.options, (v) => incidentTypeName(v, locale()))
      case 'facility_check':
        return of(['safety', 'cleaning'] as const, (v) => checkTypeName(v, locale()))
      case 'training':
        return of(TRAINING_TYPES, (v) => t(`records.compliance.training.types.${v}`))
      case 'call':
        return []
    }
  }
}

const TRAINING_TYPES = ['onboarding', 'exam', 'practice', 'in_service'] as const

type FieldName = keyof Dictionary['import']['format']['fields']
const isField = (name: string): name is FieldName => Object.hasOwn(zhDictionary.import.format.fields, name)

const EXAMPLE = JSON.stringify({
  kind: 'call',
  callId: 'C-20261009-0001',
  enqueuedAt: '2026-10-09T09:00:00+08:00',
  answeredAt: '2026-10-09T09:00:12+08:00',
  endedAt: '2026-10-09T09:03:00+08:00',
})

/** A record field as the file spells it, with its meaning: `at（时间）`. */
function useFieldText(): (field: string) => JSX.Element {
  const { t } = useI18n()
  return (field) =>
    field === '(line)' ? (
      t('import.lineErrors.wholeLine')
    ) : (
      <>
        <code translate="no">{field}</code>
        {isField(field)
          ? t('import.format.fieldMeaning', { meaning: t(`import.format.fields.${field}`) })
          : ''}
      </>
    )
}

/** Why a line was refused, in words: the server's own message in English, its kind of problem in Chinese. */
function useLineErrorText(): (error: LineError) => string {
  const { t, locale } = useI18n()
  return (error) => {
    if (locale() === 'en') return error.message
    if (error.message === 'not valid JSON') return t('import.lineErrors.notJson')
    if (/received undefined$/.test(error.message)) return t('import.lineErrors.missing')
    if (error.message === 'no spaces or #') return t('import.lineErrors.noSpaces')
    if (/^Invalid (option|input)/.test(error.message)) return t('import.lineErrors.format')
    return t('import.lineErrors.invalid')
  }
}

/** What a file must look like: one record per line, its kind and required fields, an example. */
function ImportFormat() {
  const { t } = useI18n()
  const fieldText = useFieldText()
  const codedValues = useCodedValues()
  const list = (items: JSX.Element[]) => (
    <For each={items}>
      {(item, i) => (
        <>
          {i() > 0 ? t('import.format.separator') : ''}
          {item}
        </>
      )}
    </For>
  )
  return (
    <section id="import-format" aria-labelledby="import-format-title" class="import-format">
      <h3 id="import-format-title">{t('import.format.title')}</h3>
      <p>{t('import.format.intro')}</p>
      <DataTable
        labelledBy="import-format-title"
        testid="import-format"
        columns={[
          t('import.format.columns.kind'),
          t('import.format.columns.fields'),
          t('import.format.columns.values'),
        ]}
      >
        <For each={FORMAT}>
          {(row) => (
            <tr data-testid="import-kind">
              <th scope="row">
                {t(`import.format.kinds.${row.kind}`)} <code translate="no">{row.kind}</code>
              </th>
              <td>{list(row.fields.map((field) => fieldText(field)))}</td>
              <td class="text">
                <For each={row.coded}>
                  {(field) => (
                    <p>
                      {fieldText(field)}
                      {t('import.format.valuesAre')}
                      {list(
                        codedValues(row.kind, field).map((v) => (
                          <>
                            <code translate="no">{v.value}</code>
                            {t('import.format.fieldMeaning', { meaning: v.label })}
                          </>
                        )),
                      )}
                    </p>
                  )}
                </For>
                <Show when={row.kind === 'call' || row.kind === 'training'}>
                  <p>{t(`import.format.notes.${row.kind as 'call' | 'training'}`)}</p>
                </Show>
              </td>
            </tr>
          )}
        </For>
      </DataTable>
      <p>
        {t('import.format.times')} <code translate="no">2026-10-09T09:00:00+08:00</code>
      </p>
      <figure>
        <figcaption>{t('import.format.example')}</figcaption>
        <pre class="example" translate="no">
          {EXAMPLE}
        </pre>
      </figure>
    </section>
  )
}
