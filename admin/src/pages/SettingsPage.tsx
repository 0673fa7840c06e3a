/**
 * `/settings`: what the nightly and monthly jobs compute with, and what they did with it. The
 * contract terms in force (grouped as the contract is, `settings/TermsGroups.tsx`) and every version
 * with its status, each openable (`settings/TermsHistory.tsx`); for an agency reviewer, saving a new
 * version from a coming month (`settings/SaveTermsVersion.tsx`). The working-day calendar of each
 * year — built in or loaded — as month grids marking holidays (休) and adjusted working days (调休,
 * 班); for an agency reviewer, loading a new year's calendar: paste or upload the JSON document,
 * checked here with the domain's `CalendarYear` schema (errors name the field) before it is sent,
 * then told how many open tickets' deadlines were counted again. Last, the jobs' recent runs with
 * the terms version each used (`settings/JobRuns.tsx`).
 */
import { BUILT_IN_YEARS, CalendarYear, datesOfMonth, isoWeekday, RECORD_WRITERS } from '@hotline/domain'
import { useSearchParams } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { For, Match, Show, Switch } from 'solid-js'
import { useErrorText } from '../api/errors'
import { type LoadedCalendarYear, useRecordsApi, useTerms } from '../api/records'
import { formatInstant } from '../beijing-time'
import { currentDay, formatDate } from '../components/records-ui'
import { useI18n } from '../i18n'
import { useActorName, useTermsText } from '../names'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'
import { JobRunsSection } from './settings/JobRuns'
import { JsonDocumentForm, useJsonDocument } from './settings/json-document'
import { SaveTermsVersion } from './settings/SaveTermsVersion'
import { TermsGroups } from './settings/TermsGroups'
import { TermsHistory } from './settings/TermsHistory'
import '../records.css'

/**
 * Who saves a terms version: the roles that load a calendar year (the domain's `RECORD_WRITERS` has
 * no entry of its own for the terms; the API allows `agency_reviewer`, as for the calendar).
 */
const TERMS_WRITERS = RECORD_WRITERS.calendar

export default function SettingsPage() {
  const { t } = useI18n()
  return (
    <section class="card records" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('records.settings.title')}</h2>
      <TermsSection />
      <CalendarSection />
      <JobRunsSection />
    </section>
  )
}

// --- Terms --------------------------------------------------------------------------------------

function TermsSection() {
  const { t } = useI18n()
  const errorText = useErrorText()
  const termsText = useTermsText()
  const session = useSession()
  const terms = useTerms()

  return (
    <section aria-labelledby="terms-title">
      <h3 id="terms-title">{t('records.settings.terms.title')}</h3>
      <p class="muted">{t('records.settings.terms.intro')}</p>
      <Switch>
        <Match when={terms.isPending}>
          <p role="status">{t('records.common.loading')}</p>
        </Match>
        <Match when={terms.isError}>
          <p role="alert" class="bad">
            {t('records.common.failed', { message: errorText(terms.error) })}
          </p>
        </Match>
        <Match when={terms.data}>
          {(data) => (
            <div data-testid="terms">
              <p>
                {t('records.settings.terms.inForce')}{' '}
                <strong data-testid="terms-version">{termsText(data().version)}</strong>
              </p>
              <TermsGroups terms={data().terms} />
              <TermsHistory history={data().history} />
            </div>
          )}
        </Match>
      </Switch>
      <Show when={hasAnyRole(session.current()?.user.roles, TERMS_WRITERS)}>
        <SaveTermsVersion current={terms.data?.terms} />
      </Show>
    </section>
  )
}

// --- Calendar -----------------------------------------------------------------------------------

type YearEntry = {
  year: number
  document: CalendarYear
  builtIn: boolean
  loaded: LoadedCalendarYear | undefined
}

/** Every year in force: the built-in documents, replaced by a loaded one of the same year. */
export function yearsInForce(inForce: readonly number[], loaded: readonly LoadedCalendarYear[]): YearEntry[] {
  const builtIn = new Map(BUILT_IN_YEARS.map((y) => [y.year, y]))
  const stored = new Map(loaded.map((y) => [y.year, y]))
  const years = [...new Set([...inForce, ...builtIn.keys(), ...stored.keys()])].sort((a, b) => a - b)
  return years.flatMap((year) => {
    const document = stored.get(year) ?? builtIn.get(year)
    return document ? [{ year, document, builtIn: builtIn.has(year), loaded: stored.get(year) }] : []
  })
}

function CalendarSection() {
  const { t } = useI18n()
  const errorText = useErrorText()
  const api = useRecordsApi()
  const session = useSession()
  const [params, setParams] = useSearchParams<{ year?: string }>()
  const calendar = useQuery(() => ({ queryKey: ['calendar'], queryFn: () => api.calendar() }))
  const years = () => (calendar.data ? yearsInForce(calendar.data.builtIn, calendar.data.loaded) : [])
  const selected = () => {
    const all = years()
    const wanted = Number(params.year)
    return (
      all.find((y) => y.year === wanted) ??
      all.find((y) => y.year === Number(currentDay().slice(0, 4))) ??
      all.at(-1)
    )
  }

  return (
    <section aria-labelledby="calendar-title">
      <h3 id="calendar-title">{t('records.settings.calendar.title')}</h3>
      <p class="muted">{t('records.settings.calendar.intro')}</p>
      <Switch>
        <Match when={calendar.isPending}>
          <p role="status">{t('records.common.loading')}</p>
        </Match>
        <Match when={calendar.isError}>
          <p role="alert" class="bad">
            {t('records.common.failed', { message: errorText(calendar.error) })}
          </p>
        </Match>
        <Match when={selected()}>
          {(entry) => (
            <>
              <div class="filters">
                <label for="calendar-year">{t('records.settings.calendar.year')}</label>
                <select
                  id="calendar-year"
                  value={entry().year}
                  onChange={(e) => setParams({ year: e.currentTarget.value })}
                >
                  <For each={years()}>
                    {(y) => (
                      <option value={y.year}>
                        {y.year} ·{' '}
                        {y.loaded
                          ? t('records.settings.calendar.loadedTag')
                          : t('records.settings.calendar.builtInTag')}
                      </option>
                    )}
                  </For>
                </select>
              </div>
              <YearView entry={entry()} />
            </>
          )}
        </Match>
      </Switch>
      <Show when={hasAnyRole(session.current()?.user.roles, RECORD_WRITERS.calendar)}>
        <LoadYear known={years().map((y) => y.year)} onLoaded={(year) => setParams({ year: String(year) })} />
      </Show>
    </section>
  )
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const

function YearView(props: { entry: YearEntry }) {
  const { t, locale } = useI18n()
  const actorName = useActorName()
  const doc = () => props.entry.document
  const off = () => {
    const map = new Map<string, string>()
    for (const h of doc().holidays) for (const d of h.dates) map.set(d, h.name)
    return map
  }
  const worked = () => new Map(doc().adjustedWorkdays.map((w) => [w.date, w.name]))
  const months = () =>
    Array.from({ length: 12 }, (_, i) => `${props.entry.year}-${String(i + 1).padStart(2, '0')}`)

  return (
    <div data-testid="calendar-year" data-year={props.entry.year}>
      <p>
        {t('records.settings.calendar.source')}: {doc().source}
        <br />
        <Show
          when={props.entry.loaded}
          fallback={<span class="muted">{t('records.settings.calendar.builtInNote')}</span>}
        >
          {(l) => (
            <span class="muted" data-testid="calendar-loaded-by">
              {t('records.settings.calendar.loadedNote', {
                by: actorName(l().loadedBy),
                at: formatInstant(l().loadedAt, locale()),
              })}
              {props.entry.builtIn ? ` ${t('records.settings.calendar.replacesBuiltIn')}` : ''}
            </span>
          )}
        </Show>
      </p>
      <div class="calendar-lists">
        <section aria-labelledby="holidays-title">
          <h4 id="holidays-title">{t('records.settings.calendar.holidays')}</h4>
          <ul data-testid="holidays">
            <For each={doc().holidays}>
              {(h) => (
                <li>
                  <strong>{h.name}</strong>{' '}
                  {h.dates.length === 1
                    ? formatDate(h.dates[0] ?? '', locale())
                    : `${formatDate(h.dates[0] ?? '', locale())}–${formatDate(h.dates.at(-1) ?? '', locale())}`}
                  <span class="muted">
                    {' '}
                    {t('records.settings.calendar.daysOff', { n: String(h.dates.length) })}
                  </span>
                </li>
              )}
            </For>
          </ul>
        </section>
        <section aria-labelledby="workdays-title">
          <h4 id="workdays-title">{t('records.settings.calendar.adjusted')}</h4>
          <Show
            when={doc().adjustedWorkdays.length > 0}
            fallback={<p class="muted">{t('records.settings.calendar.noAdjusted')}</p>}
          >
            <ul data-testid="adjusted-workdays">
              <For each={doc().adjustedWorkdays}>
                {(w) => (
                  <li>
                    {t('records.settings.calendar.adjustedItem', {
                      date: formatDate(w.date, locale()),
                      weekday: t(`records.settings.calendar.weekdays.w${isoWeekday(w.date) as 6 | 7}`),
                    })}{' '}
                    <span class="muted">{w.name}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </div>
      <p class="legend" aria-hidden="true">
        <span class="day holiday">休</span> {t('records.settings.calendar.legendHoliday')}{' '}
        <span class="day adjusted">班</span> {t('records.settings.calendar.legendAdjusted')}{' '}
        <span class="day weekend">6</span> {t('records.settings.calendar.legendWeekend')}
      </p>
      <div class="month-grid">
        <For each={months()}>
          {(month) => {
            const dates = datesOfMonth(month)
            const lead = isoWeekday(dates[0] ?? `${month}-01`) - 1
            const cells: (string | null)[] = [...Array.from({ length: lead }, () => null), ...dates]
            while (cells.length % 7 !== 0) cells.push(null)
            const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7))
            return (
              <table class="month" data-testid="calendar-month" data-month={month}>
                <caption>
                  {t(`records.settings.calendar.months.m${Number(month.slice(5)) as MonthNo}`)}
                </caption>
                <thead>
                  <tr>
                    <For each={WEEKDAYS}>
                      {(d) => (
                        <th scope="col" abbr={t(`records.settings.calendar.weekdays.w${d}`)}>
                          {t(`records.settings.calendar.weekdaysShort.w${d}`)}
                        </th>
                      )}
                    </For>
                  </tr>
                </thead>
                <tbody>
                  <For each={weeks}>
                    {(week) => (
                      <tr>
                        <For each={week}>
                          {(date) => {
                            if (!date) return <td />
                            const holiday = off().get(date)
                            const adjusted = worked().get(date)
                            const weekend = isoWeekday(date) >= 6
                            const kind = adjusted
                              ? 'adjusted'
                              : holiday
                                ? 'holiday'
                                : weekend
                                  ? 'weekend'
                                  : 'weekday'
                            const title =
                              kind === 'adjusted'
                                ? t('records.settings.calendar.adjustedDay', { name: adjusted ?? '' })
                                : kind === 'holiday'
                                  ? t('records.settings.calendar.holidayDay', { name: holiday ?? '' })
                                  : ''
                            return (
                              <td
                                class={`day ${kind}`}
                                data-date={date}
                                data-kind={kind}
                                title={title || undefined}
                              >
                                {Number(date.slice(8))}
                                <Show when={kind === 'holiday' || kind === 'adjusted'}>
                                  <span class="mark" aria-hidden="true">
                                    {kind === 'holiday' ? '休' : '班'}
                                  </span>
                                  <span class="visually-hidden">{title}</span>
                                </Show>
                              </td>
                            )
                          }}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            )
          }}
        </For>
      </div>
    </div>
  )
}

type MonthNo = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12

/** Validates a pasted or uploaded calendar document; on success shows what it holds, and loads it. */
function LoadYear(props: { known: number[]; onLoaded: (year: number) => void }) {
  const { t } = useI18n()
  const api = useRecordsApi()
  const queryClient = useQueryClient()
  const calendar = useJsonDocument(CalendarYear, {
    id: 'load',
    section: 'load',
    send: async (document) => {
      const { recounted } = await api.loadCalendarYear(document)
      await queryClient.invalidateQueries({ queryKey: ['calendar'] })
      props.onLoaded(document.year)
      const done = t('records.settings.load.done', { year: String(document.year) })
      return recounted > 0 ? `${done}${t('records.settings.load.recounted', { n: String(recounted) })}` : done
    },
  })

  return (
    <JsonDocumentForm document={calendar}>
      <Show when={calendar.valid()}>
        {(doc) => (
          <p class="good" data-testid="load-valid">
            {t('records.settings.load.valid', {
              year: String(doc().year),
              holidays: String(doc().holidays.length),
              days: String(doc().holidays.reduce((n, h) => n + h.dates.length, 0)),
              adjusted: String(doc().adjustedWorkdays.length),
            })}
            <Show when={props.known.includes(doc().year)}>
              {' '}
              <span class="bad">{t('records.settings.load.replaces', { year: String(doc().year) })}</span>
            </Show>
          </p>
        )}
      </Show>
    </JsonDocumentForm>
  )
}
