/** `/status`: the system status card, for anyone (the start page before signing in). */
import { HealthCard } from '../components/HealthCard'

export default function StatusPage() {
  return <HealthCard />
}
