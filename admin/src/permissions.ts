/**
 * What the signed-in user's roles let the app offer. The server decides (every route declares its
 * roles); the app only leaves out what would be refused. Kept free of zod: the shell uses it.
 */
import type { Role } from '@hotline/domain'

/**
 * Who the import page is for: the agency's reviewers. The API also takes `integration`, a machine
 * client that sends files with `pnpm hotline import` and never signs in here.
 */
export const IMPORT_PAGE_ROLES: readonly Role[] = ['agency_reviewer']

/**
 * Every staff role (the people who sign in here; not the machine client `integration`): who sees the
 * deduction review (SPEC §6) and the month close with its 确认单. Each page offers each role its
 * own steps: only reviewers decide and close, only the contractor objects and answers.
 */
export const STAFF_ROLES: readonly Role[] = ['agency_reviewer', 'agency_viewer', 'contractor']

export const hasAnyRole = (roles: readonly Role[] | undefined, allowed: readonly Role[]): boolean =>
  roles?.some((role) => allowed.includes(role)) ?? false
