/**
 * The domain: the contract's rules as pure functions, and the zod schemas every other package
 * shares. No I/O, no AWS, no clock except one passed in.
 */
export { ApiError } from './api/error'
export { Engine, HealthResponse } from './api/health'
export * from './calendar'
export type { DeductionDraft } from './deductions/types'
export * from './fraction'
export * from './kpi/types'
export * from './money'
export * from './periods'
export * from './records'
export * from './terms'
export * from './time'
