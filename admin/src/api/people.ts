/**
 * People by their user names (`GET /api/v1/people`: everyone who has signed in), so the app shows
 * "甲方审核员（演示）", not `reviewer`. One query observer per query client (and session), made
 * once and kept for the app's life, feeds one signal: any number of callers — a name in every row
 * of a table — share it, nothing suspends while the list loads, and no caller fetches on its own.
 */
import { type QueryClient, QueryObserver, useQueryClient } from '@tanstack/solid-query'
import { type Accessor, createComputed, createMemo, createRoot, createSignal } from 'solid-js'
import { z } from 'zod'
import { type SessionStore, useSession } from '../session'
import { request } from './client'

export const PeopleResponse = z.object({
  people: z.array(z.object({ username: z.string(), name: z.string(), roles: z.array(z.string()) })),
})
type PeopleResponse = z.infer<typeof PeopleResponse>
type Names = ReadonlyMap<string, string>

/** The shared names, by query client, then by session (a test's app has its own of both). */
const shared = new WeakMap<QueryClient, WeakMap<SessionStore, Accessor<Names>>>()

/**
 * The names of the people list, read through one observer of `['people']`: asked for while
 * someone is signed in (again after a new sign-in, once stale); a failure leaves the names as they
 * were (people are then shown by their user names: nothing to report).
 */
function sharedNames(client: QueryClient, session: SessionStore): Accessor<Names> {
  let bySession = shared.get(client)
  if (!bySession) {
    bySession = new WeakMap()
    shared.set(client, bySession)
  }
  const known = bySession.get(session)
  if (known) return known
  // A root of its own: it outlives the component that happened to ask first.
  const names = createRoot(() => {
    const options = (enabled: boolean) => ({
      queryKey: ['people'],
      queryFn: () =>
        request('/api/v1/people', PeopleResponse, {
          auth: { token: session.token, onUnauthorized: session.signOut },
        }),
      staleTime: 5 * 60_000,
      retry: false,
      enabled,
    })
    const observer = new QueryObserver<PeopleResponse>(client, options(false))
    const [data, setData] = createSignal(observer.getCurrentResult().data)
    observer.subscribe((result) => setData(() => result.data))
    createComputed(() => observer.setOptions(options(session.current() !== null)))
    return createMemo((): Names => new Map((data()?.people ?? []).map((p) => [p.username, p.name] as const)))
  })
  bySession.set(session, names)
  return names
}

/** The display names of the people who have signed in, by user name (the signed-in user's at once). */
export function usePeople(): () => Names {
  const session = useSession()
  const names = sharedNames(useQueryClient(), session)
  return () => {
    const me = session.current()?.user
    return me && !names().has(me.username) ? new Map([...names(), [me.username, me.name]]) : names()
  }
}
