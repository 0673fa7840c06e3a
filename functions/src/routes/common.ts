/**
 * What the staff routes share: who counts as staff, a request's JSON body, who acts and when, and
 * the version and reason a change is made at.
 */
import { z } from 'zod'
import { principalOf } from '../auth/middleware'

/** The agency's people and the contractor's (not the integration client). */
export const STAFF = ['agency_reviewer', 'agency_viewer', 'contractor'] as const

/** A request's JSON body; `undefined` when it has none or it is not JSON (the schema then says what is missing). */
export const jsonBody = async (c: { req: { json(): Promise<unknown> } }): Promise<unknown> =>
  c.req.json().catch(() => undefined)

/** Who acts (the signed-in user) and when (now, by the app's clock). */
export const actorOf = (deps: { now: () => Date }, c: Parameters<typeof principalOf>[0]) => ({
  by: principalOf(c).username,
  at: deps.now().toISOString(),
})

/** The version of an item the caller saw, which a change is conditional on. */
export const Version = z.number().int().min(1)
/** Why a reviewer changes a decision or a month's close. */
export const Reason = z.string().trim().min(2).max(2000)
/** Reopening a decided deduction or a closed month: why, at the version seen. */
export const ReopenBody = z.object({ reason: Reason, expectedVersion: Version })
/** The words of the contractor's objection to a deduction or a month's close. */
export const ObjectionText = z.string().trim().min(5).max(4000)
