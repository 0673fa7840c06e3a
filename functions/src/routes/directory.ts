/**
 * Directories agency reviewers maintain: the handling units tickets are transferred to (承办单位),
 * and the API keys of machine clients. Every change is audited inside the item it changes.
 */
import {
  createDepartment,
  getDepartment,
  listApiKeys,
  listDepartments,
  revokeApiKey,
  updateDepartment,
} from '@hotline/store'
import { Hono } from 'hono'
import { z } from 'zod'
import type { RouteDeps } from '../app'
import { issueApiKey } from '../auth/api-keys'
import { type AuthEnv, allow, principalOf } from '../auth/middleware'
import { NotFoundError } from '../problems'
import { jsonBody, Version } from './common'

const DepartmentId = z.string().regex(/^[a-z0-9-]{2,40}$/, '2–40 lowercase letters, digits or dashes')
const NewDepartment = z.object({
  departmentId: DepartmentId,
  name: z.string().trim().min(2).max(100),
  contact: z.string().trim().min(1).max(200).nullable().default(null),
  active: z.boolean().default(true),
})
const DepartmentChange = z.object({
  expectedVersion: Version,
  name: z.string().trim().min(2).max(100).optional(),
  contact: z.string().trim().min(1).max(200).nullable().optional(),
  active: z.boolean().optional(),
})
const NewApiKey = z.object({ name: z.string().trim().min(2).max(80) })

export function directoryRoutes(deps: RouteDeps) {
  const app = new Hono<AuthEnv>()
  const now = () => deps.now().toISOString()

  app.get('/departments', allow('agency_reviewer', 'agency_viewer', 'contractor', 'integration'), async (c) =>
    c.json({ departments: await listDepartments(deps.store) }),
  )

  app.post('/departments', allow('agency_reviewer'), async (c) => {
    const department = NewDepartment.parse(await jsonBody(c))
    return c.json(await createDepartment(deps.store, department, principalOf(c).username, now()), 201)
  })

  app.patch('/departments/:id', allow('agency_reviewer'), async (c) => {
    const id = DepartmentId.parse(c.req.param('id'))
    const change = DepartmentChange.parse(await jsonBody(c))
    return c.json(await updateDepartment(deps.store, id, change, principalOf(c).username, now()))
  })

  app.get('/departments/:id/audit', allow('agency_reviewer', 'agency_viewer'), async (c) => {
    const department = await getDepartment(deps.store, c.req.param('id'))
    if (!department) throw new NotFoundError(`no department ${c.req.param('id')}`)
    return c.json({ departmentId: department.departmentId, audit: department.audit })
  })

  app.get('/api-keys', allow('agency_reviewer'), async (c) => {
    const keys = await listApiKeys(deps.store)
    return c.json({ keys: keys.map(({ secretHash: _hash, ...key }) => key) })
  })

  app.post('/api-keys', allow('agency_reviewer'), async (c) => {
    const { name } = NewApiKey.parse(await jsonBody(c))
    c.header('Cache-Control', 'no-store')
    return c.json(await issueApiKey(deps.store, name, principalOf(c).username, deps.now()), 201)
  })

  app.delete('/api-keys/:keyId', allow('agency_reviewer'), async (c) => {
    const revoked = await revokeApiKey(deps.store, c.req.param('keyId'), principalOf(c).username, now())
    const { secretHash: _hash, ...key } = revoked
    return c.json(key)
  })

  return app
}
