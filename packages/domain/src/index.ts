/** The domain package: zod schemas shared by API and admin app, and (to come) the contract's pure rules. */
export { ApiError } from './api/error'
export { Engine, HealthResponse } from './api/health'
