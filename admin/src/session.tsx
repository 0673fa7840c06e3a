/**
 * The signed-in user: the access token and who it belongs to, kept in `sessionStorage` (gone when
 * the tab closes) and as a signal the header and the route guard follow. Clearing it — sign-out,
 * an expired token, a 401 from the API — sends a guarded page back to `/login`.
 *
 * Kept free of zod and the API client so that it stays in the entry chunk at no cost.
 */
import type { Role } from '@hotline/domain'
import { type Accessor, createContext, createSignal, type JSX, useContext } from 'solid-js'

export type SessionUser = { username: string; name: string; roles: Role[] }

export type Session = {
  accessToken: string
  /** Epoch milliseconds after which the token is no longer accepted. */
  expiresAt: number
  user: SessionUser
}

export const SESSION_KEY = 'hotline.session'

const ROLES: readonly string[] = ['agency_reviewer', 'agency_viewer', 'contractor', 'integration']

/** What the storage holds, if it is a session that has not expired; anything else is dropped. */
export function readStoredSession(storage: Storage | undefined, now: number): Session | null {
  const raw = storage?.getItem(SESSION_KEY)
  if (!raw) return null
  try {
    const value: unknown = JSON.parse(raw)
    if (isSession(value) && value.expiresAt > now) return value
  } catch {
    // Not JSON: fall through and forget it.
  }
  storage?.removeItem(SESSION_KEY)
  return null
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  const user = v.user as Record<string, unknown> | null | undefined
  return (
    typeof v.accessToken === 'string' &&
    typeof v.expiresAt === 'number' &&
    typeof user === 'object' &&
    user !== null &&
    typeof user.username === 'string' &&
    typeof user.name === 'string' &&
    Array.isArray(user.roles) &&
    user.roles.every((role) => typeof role === 'string' && ROLES.includes(role))
  )
}

export function createSession(storage: Storage | undefined, now: () => number = Date.now) {
  const [current, setCurrent] = createSignal<Session | null>(readStoredSession(storage, now()))
  const signOut = () => {
    storage?.removeItem(SESSION_KEY)
    setCurrent(null)
  }
  return {
    current: current as Accessor<Session | null>,
    /** The token to send, or `null` when signed out or expired (an expired session is cleared). */
    token(): string | null {
      const session = current()
      if (session && session.expiresAt <= now()) signOut()
      return current()?.accessToken ?? null
    },
    signIn(session: Session) {
      storage?.setItem(SESSION_KEY, JSON.stringify(session))
      setCurrent(session)
    },
    signOut,
  }
}

export type SessionStore = ReturnType<typeof createSession>

const SessionContext = createContext<SessionStore>()

export function SessionProvider(props: { children: JSX.Element }) {
  const value = createSession(globalThis.sessionStorage)
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>
}

export function useSession(): SessionStore {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside <SessionProvider>')
  return value
}
