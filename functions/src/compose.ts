/**
 * The one composition root: what every entry — the API Lambda, the two-way SMS Lambda, the jobs
 * Lambda, the local server — is built from. Each gets the same store, the calendar in force (the
 * built-in years plus every year loaded in Settings, read from the store), the terms in force month
 * by month (the built-in document plus every version saved in Settings), a clock,
 * a logger named for its function and its metrics; the entries differ only in their adapters
 * (secrets, SMS sender, auth: `awsSmsSender` in `intake/sms-sender.ts`, `jobsHandlerOf` in
 * `jobs/handler.ts`, `smsHandlerOf` in `sns-handler.ts`, kept apart so each Lambda bundles only
 * what it runs). Before this, the jobs and the SMS Lambda built a calendar of the built-in years
 * alone: a year loaded in Settings (2027's notice) was ignored by the nightly job.
 */
import { type Calendar, type ContractTerms, jiyuan2026, type TermsSchedule } from '@hotline/domain'
import { createStore, type Instrument, type Store } from '@hotline/store'
import { type CalendarSource, calendarSource } from './config/calendar'
import type { Reloading } from './config/reloading'
import { type TermsSource, termsSource } from './config/terms'
import { createLogger, type Logger } from './logger'
import { type AppMetrics, noMetrics } from './metrics'

/** The name each function logs and reports its metrics under. */
export type ServiceName = 'hotline-api' | 'hotline-sms' | 'hotline-jobs' | 'hotline-export' | 'hotline-local'

/** What every entry shares. */
export type Core = {
  store: Store
  /** The calendar in force; `calendarSource.refresh()` re-reads the loaded years when stale. */
  calendar: Calendar
  calendarSource: CalendarSource
  /** The terms in force on each day (`terms.at(date)`): the built-in document, then the saved versions. */
  terms: TermsSchedule
  termsSource: TermsSource
  /**
   * Both Settings-backed sources at once: `refresh()` before serving a request or a message (re-reads
   * what is older than five minutes), `reload()` before a job run and after a change in Settings.
   */
  settings: Reloading
  now: () => Date
  logger: Logger
  /** CloudWatch metrics on AWS (`powertoolsMetrics`), none locally. */
  metrics: AppMetrics
}

export type CoreOptions = {
  store: Store
  service: ServiceName
  /** Tests pass a fixed clock, a silent logger or another built-in terms document. */
  now?: (() => Date) | undefined
  logger?: Logger | undefined
  /** The document in force before any version saved in Settings; default Jiyuan 2026. */
  terms?: ContractTerms | undefined
  metrics?: AppMetrics | undefined
}

/** The shared dependencies of an entry, on `store`. */
export function composeCore(options: CoreOptions): Core {
  const calendars = calendarSource(options.store)
  const terms = termsSource(options.store, options.terms ?? jiyuan2026)
  return {
    store: options.store,
    calendar: calendars.calendar,
    calendarSource: calendars,
    terms: terms.schedule,
    termsSource: terms,
    settings: {
      reload: async () => {
        await Promise.all([calendars.reload(), terms.reload()])
      },
      refresh: async () => {
        await Promise.all([calendars.refresh(), terms.refresh()])
      },
    },
    now: options.now ?? (() => new Date()),
    logger: options.logger ?? createLogger({ service: options.service }),
    metrics: options.metrics ?? noMetrics,
  }
}

/**
 * The table on AWS, from a Lambda's environment; `instrument` wraps its DynamoDB client (the
 * entries pass the X-Ray tracer's, `tracing.ts`, kept out of what the local server imports).
 */
export function awsStore(env: { TABLE_NAME: string; AWS_REGION: string }, instrument?: Instrument): Store {
  return createStore({ tableName: env.TABLE_NAME, region: env.AWS_REGION, engine: 'dynamodb', instrument })
}
