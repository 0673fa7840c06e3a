/**
 * The one composition root: what every entry — the API Lambda, the two-way SMS Lambda, the jobs
 * Lambda, the local server — is built from. Each gets the same store, the calendar in force (the
 * built-in years plus every year loaded in Settings, read from the store) and the terms, a clock,
 * a logger named for its function and its metrics; the entries differ only in their adapters
 * (secrets, SMS sender, auth: `awsSmsSender` in `intake/sms-sender.ts`, `jobsHandlerOf` in
 * `jobs/handler.ts`, `smsHandlerOf` in `sns-handler.ts`, kept apart so each Lambda bundles only
 * what it runs). Before this, the jobs and the SMS Lambda built a calendar of the built-in years
 * alone: a year loaded in Settings (2027's notice) was ignored by the nightly job.
 */
import { type Calendar, type ContractTerms, jiyuan2026 } from '@hotline/domain'
import { createStore, type Store } from '@hotline/store'
import { type CalendarSource, calendarSource } from './config/calendar'
import { createLogger, type Logger } from './logger'
import { type AppMetrics, noMetrics } from './metrics'

/** The name each function logs and reports its metrics under. */
export type ServiceName = 'hotline-api' | 'hotline-sms' | 'hotline-jobs' | 'hotline-local'

/** What every entry shares. */
export type Core = {
  store: Store
  /** The calendar in force; `calendarSource.refresh()` re-reads the loaded years when stale. */
  calendar: Calendar
  calendarSource: CalendarSource
  terms: ContractTerms
  now: () => Date
  logger: Logger
  /** CloudWatch metrics on AWS (`powertoolsMetrics`), none locally. */
  metrics: AppMetrics
}

export type CoreOptions = {
  store: Store
  service: ServiceName
  /** Tests pass a fixed clock, a silent logger or other terms. */
  now?: (() => Date) | undefined
  logger?: Logger | undefined
  terms?: ContractTerms | undefined
  metrics?: AppMetrics | undefined
}

/** The shared dependencies of an entry, on `store`. */
export function composeCore(options: CoreOptions): Core {
  const calendars = calendarSource(options.store)
  return {
    store: options.store,
    calendar: calendars.calendar,
    calendarSource: calendars,
    terms: options.terms ?? jiyuan2026,
    now: options.now ?? (() => new Date()),
    logger: options.logger ?? createLogger({ service: options.service }),
    metrics: options.metrics ?? noMetrics,
  }
}

/** The table on AWS, from a Lambda's environment. */
export function awsStore(env: { TABLE_NAME: string; AWS_REGION: string }): Store {
  return createStore({ tableName: env.TABLE_NAME, region: env.AWS_REGION, engine: 'dynamodb' })
}
