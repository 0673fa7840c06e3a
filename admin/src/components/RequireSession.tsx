/** Route guard: its child routes render only for a signed-in user; anyone else goes to `/login?next=…`. */
import { Navigate, type RouteSectionProps, useLocation } from '@solidjs/router'
import { Show } from 'solid-js'
import { useSession } from '../session'

export function RequireSession(props: RouteSectionProps) {
  const session = useSession()
  const location = useLocation()
  const back = () => `/login?next=${encodeURIComponent(location.pathname + location.search)}`
  return (
    <Show when={session.current()} fallback={<Navigate href={back} />}>
      {props.children}
    </Show>
  )
}
