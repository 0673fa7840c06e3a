/**
 * `/import`: an agency reviewer uploads an NDJSON file of SPEC §9 records. The file is read a slice
 * at a time and sent 1000 lines per request with `X-Line-Offset` (`../ndjson-import`), with a
 * progress bar; the totals and the line-numbered errors follow. Re-importing the same file changes
 * nothing (its lines come back as duplicates). Anyone else is told the page is not for them (the
 * server would refuse them too).
 */
import { useQueryClient } from '@tanstack/solid-query'
import { createSignal, For, onCleanup, Show } from 'solid-js'
import { useApi } from '../api/client'
import type { ImportReport } from '../api/schemas'
import { DataTable } from '../components/lists'
import { useI18n } from '../i18n'
import { emptyReport, type ImportProgress, importFile } from '../ndjson-import'

export default function ImportPage() {
  const { t } = useI18n()
  return (
    <section class="card" aria-labelledby="import-title">
      <h2 id="import-title">{t('import.title')}</h2>
      <Importer />
    </section>
  )
}

type Outcome =
  | { kind: 'done'; report: ImportReport }
  | { kind: 'stopped'; report: ImportReport }
  | { kind: 'failed'; report: ImportReport; message: string }

const TOTALS = ['lines', 'created', 'updated', 'applied', 'duplicates', 'skipped', 'failed'] as const

function Importer() {
  const { t, locale } = useI18n()
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
      else {
        const message = err instanceof Error ? err.message : String(err)
        setOutcome({ kind: 'failed', report: sofar, message })
      }
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
    if (o.kind === 'failed') return t('import.failed', { message: o.message, lines })
    if (o.report.lines === 0) return t('import.empty')
    const r = o.report
    const unchanged = r.created + r.updated + r.applied === 0 && r.duplicates > 0
    return `${t('import.done', { lines })}${unchanged ? ` ${t('import.nothingChanged')}` : ''}`
  }

  return (
    <>
      <p id="import-intro" class="muted">
        {t('import.intro')}
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
              <td class="nowrap mono">{error.field}</td>
              <td class="text">{error.message}</td>
            </tr>
          )}
        </For>
      </DataTable>
    </>
  )
}
