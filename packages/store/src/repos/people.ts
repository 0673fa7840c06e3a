/**
 * People who have signed in (`GET /people`): one item each in the people partition, upserted on
 * sign-in and on `GET /auth/me` with their display name and roles, so the admin app can show a
 * name wherever a user id was recorded (decisions, audit entries).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { Role } from '@hotline/domain'
import { z } from 'zod'
import type { Store } from '../client'
import { keys, partitions } from '../keys'
import { queryPartition } from '../query'

export const Person = z.object({
  username: z.string(),
  /** The display name; the user name itself until a sign-in tells a better one. */
  name: z.string(),
  roles: z.array(Role),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
})
export type Person = z.infer<typeof Person>

/**
 * Records that `username` signed in at `at` with `roles`: creates the person or refreshes them in
 * one write. A `name` of null keeps the name already known (or the user name, for a newcomer).
 */
export async function upsertPerson(
  store: Store,
  person: { username: string; name: string | null; roles: readonly Role[]; at: string },
): Promise<void> {
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: keys.user(person.username),
      UpdateExpression:
        'SET username = :u, #name = ' +
        (person.name === null ? 'if_not_exists(#name, :u)' : ':name') +
        ', #roles = :roles, firstSeenAt = if_not_exists(firstSeenAt, :at), lastSeenAt = :at',
      ExpressionAttributeNames: { '#name': 'name', '#roles': 'roles' },
      ExpressionAttributeValues: {
        ':u': person.username,
        ':roles': [...person.roles],
        ':at': person.at,
        ...(person.name === null ? {} : { ':name': person.name }),
      },
    }),
  )
}

/** Everyone who has signed in, by user name. */
export async function listPeople(store: Store): Promise<Person[]> {
  return queryPartition(store, partitions.people, Person)
}
