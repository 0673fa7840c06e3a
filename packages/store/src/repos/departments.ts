/**
 * The directory of handling units (承办单位) tickets are transferred to, edited by agency
 * reviewers. One partition, optimistic versions, and each change audited inside the item.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { z } from 'zod'
import type { Store } from '../client'
import { ConflictError, CorruptItemError, isConditionalCheckFailed } from '../errors'
import { keys, partitions } from '../keys'
import { queryPartition } from '../query'
import { AuditEntry } from './tickets'

export const Department = z.object({
  departmentId: z.string(),
  name: z.string(),
  contact: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
})
export type Department = z.infer<typeof Department>
const DepartmentItem = Department.extend({ audit: z.array(AuditEntry) })

const key = keys.department

function parse(item: Record<string, unknown>) {
  const parsed = DepartmentItem.safeParse(item)
  if (!parsed.success)
    throw new CorruptItemError({ pk: String(item.pk), sk: String(item.sk) }, parsed.error.message)
  return parsed.data
}

const view = ({ audit: _audit, ...department }: z.infer<typeof DepartmentItem>): Department => department

export async function createDepartment(
  store: Store,
  department: Omit<Department, 'version' | 'updatedAt'>,
  by: string,
  at: string,
): Promise<Department> {
  const item = {
    ...department,
    version: 1,
    updatedAt: at,
    audit: [{ at, by, action: 'create', detail: { name: department.name } }],
  }
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...key(department.departmentId), ...item },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
  } catch (err) {
    if (isConditionalCheckFailed(err))
      throw new ConflictError(`department ${department.departmentId} already exists`)
    throw err
  }
  return view(item)
}

/** Every department, by id (all pages of the partition). */
export async function listDepartments(store: Store): Promise<Department[]> {
  return (await queryPartition(store, partitions.departments, DepartmentItem)).map(view)
}

export async function getDepartment(store: Store, departmentId: string) {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: key(departmentId), ConsistentRead: true }),
  )
  return Item ? parse(Item) : null
}

/** Changes name, contact or active at the version the editor saw; audits before and after. */
export async function updateDepartment(
  store: Store,
  departmentId: string,
  change: {
    expectedVersion: number
    name?: string | undefined
    contact?: string | null | undefined
    active?: boolean | undefined
  },
  by: string,
  at: string,
): Promise<Department> {
  const current = await getDepartment(store, departmentId)
  if (!current) throw new ConflictError(`department ${departmentId} does not exist`)
  const after = {
    name: change.name ?? current.name,
    contact: change.contact === undefined ? current.contact : change.contact,
    active: change.active ?? current.active,
  }
  const before = { name: current.name, contact: current.contact, active: current.active }
  try {
    const out = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: key(departmentId),
        UpdateExpression:
          'SET #name = :name, contact = :contact, active = :active, version = version + :one, updatedAt = :at, audit = list_append(audit, :e)',
        ConditionExpression: 'version = :v',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':name': after.name,
          ':contact': after.contact,
          ':active': after.active,
          ':one': 1,
          ':at': at,
          ':v': change.expectedVersion,
          ':e': [
            {
              at,
              by,
              action: 'update',
              detail: { before: JSON.stringify(before), after: JSON.stringify(after) },
            },
          ],
        },
        ReturnValues: 'ALL_NEW',
      }),
    )
    return view(parse(out.Attributes ?? {}))
  } catch (err) {
    if (isConditionalCheckFailed(err)) {
      throw new ConflictError(
        `department ${departmentId} is at version ${current.version}, not ${change.expectedVersion}`,
      )
    }
    throw err
  }
}
