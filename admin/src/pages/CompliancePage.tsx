/**
 * `/compliance`: the contractor's compliance records of a month, in four tabs (one module each in
 * `./compliance/`): weekly safety and cleaning checks, training, the staff roster and turnover, and
 * a day's publications. The month (the app's month in context), tab and day are in the address.
 */
import { LocalDateSchema } from '@hotline/domain'
import { useSearchParams } from '@solidjs/router'
import { For, Match, Show, Switch } from 'solid-js'
import { MonthPicker } from '../components/MonthPicker'
import {
  Announcement,
  createAnnouncement,
  currentDay,
  currentMonth,
  useRecordsMonth,
} from '../components/records-ui'
import { useI18n } from '../i18n'
import { ChecksTab } from './compliance/ChecksTab'
import { PublicationsTab } from './compliance/PublicationsTab'
import { StaffTab } from './compliance/StaffTab'
import { TrainingTab } from './compliance/TrainingTab'
import '../records.css'

const TABS = ['checks', 'training', 'staff', 'publications'] as const
type Tab = (typeof TABS)[number]
const isTab = (value: string | undefined): value is Tab => TABS.includes(value as Tab)

/** The publications tab's day: the address's when it lies in the month, else today or the month's first. */
function dayIn(month: string, day: string | undefined): string {
  if (day && LocalDateSchema.safeParse(day).success && day.startsWith(month)) return day
  return month === currentMonth() ? currentDay() : `${month}-01`
}

export default function CompliancePage() {
  const { t } = useI18n()
  const [params, setParams] = useSearchParams<{ tab?: string; day?: string; month?: string }>()
  const month = useRecordsMonth()
  const tab = (): Tab => (isTab(params.tab) ? params.tab : 'checks')
  const announcement = createAnnouncement()
  // A record logged in another month shows that month.
  const onRecorded = (m: string, text: string, ids?: readonly string[]) => {
    announcement.say(text, ids)
    if (m !== month()) setParams({ month: m })
  }
  const tabs: Partial<Record<Tab, HTMLButtonElement>> = {}

  const select = (next: Tab) => {
    announcement.say('')
    setParams({ tab: next })
  }
  // Arrow keys, Home and End move between tabs (the WAI-ARIA tabs pattern, selection follows focus).
  const onKeyDown = (event: KeyboardEvent) => {
    const at = TABS.indexOf(tab())
    const moves: Record<string, number> = {
      ArrowRight: (at + 1) % TABS.length,
      ArrowLeft: (at - 1 + TABS.length) % TABS.length,
      Home: 0,
      End: TABS.length - 1,
    }
    const to = moves[event.key]
    if (to === undefined) return
    event.preventDefault()
    const next = TABS[to] as Tab
    select(next)
    queueMicrotask(() => tabs[next]?.focus())
  }

  return (
    <section class="card records" aria-labelledby="compliance-title">
      <header>
        <h2 id="compliance-title">{t('records.compliance.title')}</h2>
        <Show when={month()}>{(m) => <MonthPicker month={m()} />}</Show>
      </header>
      <div role="tablist" class="tabs" aria-label={t('records.compliance.tabsLabel')} onKeyDown={onKeyDown}>
        <For each={TABS}>
          {(name) => (
            <button
              type="button"
              role="tab"
              id={`tab-${name}`}
              ref={(el) => {
                tabs[name] = el
              }}
              aria-selected={tab() === name}
              aria-controls={`panel-${name}`}
              tabindex={tab() === name ? 0 : -1}
              onClick={() => select(name)}
            >
              {t(`records.compliance.tabs.${name}`)}
            </button>
          )}
        </For>
      </div>
      <Announcement testid="compliance-announcement" announcement={announcement} />
      <section role="tabpanel" id={`panel-${tab()}`} aria-labelledby={`tab-${tab()}`} tabindex="0">
        <Show when={month()} fallback={<p role="status">{t('records.common.loading')}</p>}>
          {(m) => (
            <Switch>
              <Match when={tab() === 'checks'}>
                <ChecksTab month={m()} onRecorded={onRecorded} />
              </Match>
              <Match when={tab() === 'training'}>
                <TrainingTab month={m()} onRecorded={onRecorded} />
              </Match>
              <Match when={tab() === 'staff'}>
                <StaffTab month={m()} onRecorded={onRecorded} />
              </Match>
              <Match when={tab() === 'publications'}>
                <PublicationsTab
                  day={dayIn(m(), params.day)}
                  onDay={(day) => setParams({ day, month: day.slice(0, 7) })}
                  onChanged={announcement.sayAndFocus}
                />
              </Match>
            </Switch>
          )}
        </Show>
      </section>
    </section>
  )
}
