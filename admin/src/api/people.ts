/**
 * People by their user names (`GET /api/v1/people`: everyone who has signed in), so the app shows
 * "甲方审核员（演示）", not `reviewer`. Fetched once and cached by the query client; read through a
 * plain signal, so a table row that names someone never suspends the page while the list loads.
 */
import { useQueryClient } from '@tanstack/solid-query'
import { createEffect, createSignal } from 'solid-js'
import { z } from 'zod'
import { useSession } from '../session'
import { request } from './client'

export const PeopleResponse = z.object({
  people: z.array(z.object({ username: z.string(), name: z.string(), roles: z.array(z.string()) })),
})

/** The display names of the people who have signed in, by user name (the signed-in user's at once). */
export function usePeople(): () => ReadonlyMap<string, string> {
  const session = useSession()
  const client = useQueryClient()
  const [names, setNames] = createSignal<ReadonlyMap<string, string>>(new Map())
  createEffect(() => {
    if (!session.current()) return
    client
      .fetchQuery({
        queryKey: ['people'],
        queryFn: () =>
          request('/api/v1/people', PeopleResponse, {
            auth: { token: session.token, onUnauthorized: session.signOut },
          }),
        staleTime: 5 * 60_000,
      })
      .then((answer) => setNames(new Map(answer.people.map((p) => [p.username, p.name]))))
      // Without the list, people are shown by their user names: nothing to report.
      .catch(() => undefined)
  })
  return () => {
    const me = session.current()?.user
    return me && !names().has(me.username) ? new Map([...names(), [me.username, me.name]]) : names()
  }
}
