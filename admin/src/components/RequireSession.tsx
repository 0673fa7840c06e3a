/**
 * Route guard: its children render only for a signed-in user (with one of `roles`, when given);
 * anyone signed out goes to `/login?next=…`, anyone else signed in sees `fallback`.
 */
import type { Role } from '@hotline/domain'
import { Navigate, useLocation } from '@solidjs/router'
import { type JSX, Show } from 'solid-js'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'

export function RequireSession(props: {
  roles?: readonly Role[]
  fallback?: JSX.Element
  children?: JSX.Element
}) {
  const session = useSession()
  const location = useLocation()
  const back = () => `/login?next=${encodeURIComponent(location.pathname + location.search)}`
  const allowed = () => !props.roles || hasAnyRole(session.current()?.user.roles, props.roles)
  return (
    <Show when={session.current()} fallback={<Navigate href={back} />}>
      <Show when={allowed()} fallback={props.fallback}>
        {props.children}
      </Show>
    </Show>
  )
}
