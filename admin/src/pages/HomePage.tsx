/** `/`: the system status. */
import { HealthCard } from '../components/HealthCard'

export default function HomePage() {
  return <HealthCard />
}
