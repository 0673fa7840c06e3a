/** A recorder of the metrics the app emits, for tests. */
import type { AppMetrics, MetricName } from '../../src/metrics'

/** What a test saw: each count and duration, in order. */
export type RecordedMetric = { name: MetricName; value: number; dimension?: { name: string; value: string } }

export function recordingMetrics(): AppMetrics & {
  recorded: RecordedMetric[]
  total(name: MetricName): number
} {
  const recorded: RecordedMetric[] = []
  return {
    recorded,
    count(name, value = 1, dimension) {
      recorded.push({ name, value, ...(dimension ? { dimension } : {}) })
    },
    milliseconds(name, ms) {
      recorded.push({ name, value: ms })
    },
    flush() {},
    total: (name) => recorded.filter((m) => m.name === name).reduce((sum, m) => sum + m.value, 0),
  }
}
