/**
 * The terms in force: the built-in document plus the versions saved in Settings (stored in the
 * table), as one schedule the whole app holds — `schedule.at(date)` is the version in force on a
 * day. `reload()` swaps in the stored versions (at start, right after a version is saved, and before
 * each job run); other Lambda instances pick a new version up within `maxAgeMs`, long before the
 * month it takes effect (a version never takes effect in the current month).
 */
import {
  type ContractTerms,
  type SavedTermsVersion,
  type TermsSchedule,
  termsSchedule,
} from '@hotline/domain'
import { listTermsVersions, type Store } from '@hotline/store'
import { type Reloading, reloading } from './reloading'

export type TermsSource = Reloading & {
  /** Live: answers from the versions last read. */
  readonly schedule: TermsSchedule
  /** Takes `saved` (the versions just read or written by the caller) as the ones in force, unread. */
  adopt(saved: readonly SavedTermsVersion[]): void
}

export function termsSource(store: Store, builtIn: ContractTerms, maxAgeMs = 5 * 60_000): TermsSource {
  let current = termsSchedule(builtIn)
  const schedule: TermsSchedule = {
    get versions() {
      return current.versions
    },
    at: (date) => current.at(date),
  }
  const adopt = (saved: readonly SavedTermsVersion[]) => {
    current = termsSchedule(builtIn, saved)
  }
  const source = reloading(async () => adopt(await listTermsVersions(store)), maxAgeMs)
  return { schedule, adopt, reload: source.reload, refresh: source.refresh }
}
