export { jiyuan2026 } from './jiyuan-2026'
export {
  ContractTerms,
  type ContractTermsInput,
  InvalidTermsError,
  loadTerms,
  RatingLevel,
  termsVersionOf,
} from './schema'
export {
  fixedTerms,
  newTermsVersionRefusal,
  SavedTermsVersion,
  type TermsSchedule,
  type TermsScheduleEntry,
  termsSchedule,
} from './versions'
