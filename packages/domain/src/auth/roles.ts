/**
 * Who may do what (SPEC §1): the agency's reviewers decide deductions and verify incidents; the
 * agency's viewers only read; the contractor's staff handle tickets, file objections and upload
 * compliance records; `integration` is a machine client (the call-centre platform).
 */
import { z } from 'zod'

export const Role = z.enum(['agency_reviewer', 'agency_viewer', 'contractor', 'integration'])
export type Role = z.infer<typeof Role>
export const ROLES = Role.options

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  agency_reviewer: { zh: '甲方审核员', en: 'Agency reviewer' },
  agency_viewer: { zh: '甲方查看员', en: 'Agency viewer' },
  contractor: { zh: '乙方人员', en: 'Contractor staff' },
  integration: { zh: '系统对接', en: 'Integration client' },
}

/** The signed-in user (or machine client) as the API and the admin app see it. */
export const Principal = z.object({
  sub: z.string(),
  username: z.string(),
  roles: z.array(Role),
})
export type Principal = z.infer<typeof Principal>

/** Roles allowed to see a citizen's full phone number (each reveal audited): those who call citizens back or review complaints. */
export const PHONE_REVEAL_ROLES: readonly Role[] = ['agency_reviewer', 'contractor']
