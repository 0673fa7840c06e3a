/**
 * `/`: the KPI dashboard for a signed-in user (the start page after signing in), the system
 * status for anyone else — also at `/status`.
 */
import { Navigate } from '@solidjs/router'
import { Show } from 'solid-js'
import { HealthCard } from '../components/HealthCard'
import { useSession } from '../session'

export default function HomePage() {
  const session = useSession()
  return (
    <Show when={session.current()} fallback={<HealthCard />}>
      <Navigate href="/dashboard" />
    </Show>
  )
}
