/**
 * People by their user names (`GET /api/v1/people`: everyone who has signed in), so the app shows
 * "甲方审核员（演示）", not `reviewer`. Loaded once per session and cached; a page that shows who
 * did something reads names through `useActorName` (`../names`).
 */
import { useQuery } from '@tanstack/solid-query'
import { z } from 'zod'
import { useSession } from '../session'
import { request } from './client'

export const PeopleResponse = z.object({
  people: z.array(z.object({ username: z.string(), name: z.string(), roles: z.array(z.string()) })),
})

/** The display names of the people who have signed in, by user name (empty until loaded, or on failure). */
export function usePeople(): () => ReadonlyMap<string, string> {
  const session = useSession()
  const people = useQuery(() => ({
    queryKey: ['people'],
    queryFn: () =>
      request('/api/v1/people', PeopleResponse, {
        auth: { token: session.token, onUnauthorized: session.signOut },
      }),
    enabled: session.current() !== null,
    staleTime: 5 * 60_000,
    retry: false,
  }))
  return () => {
    const map = new Map((people.data?.people ?? []).map((p) => [p.username, p.name]))
    const me = session.current()?.user
    if (me) map.set(me.username, me.name)
    return map
  }
}
