/** `eachLimited`: every item once, with its index, a few at a time; after a failure no new item starts. */
import { describe, expect, it } from 'vitest'
import { eachLimited } from '../src/concurrency'

const tick = () => new Promise((resolve) => setTimeout(resolve, 1))

describe('eachLimited', () => {
  it('runs each item once with its index, never more than the limit at a time', async () => {
    const items = Array.from({ length: 20 }, (_, i) => `item${i}`)
    const seen: string[] = []
    let running = 0
    let most = 0
    await eachLimited(
      items,
      async (item, index) => {
        running++
        most = Math.max(most, running)
        await tick()
        seen[index] = item
        running--
      },
      3,
    )
    expect(seen).toEqual(items)
    expect(most).toBe(3)
    await eachLimited([], async () => {
      throw new Error('never called')
    })
  })

  it('starts nothing after a failure, and throws it once the steps under way have ended', async () => {
    const started: number[] = []
    const ended: number[] = []
    const failing = eachLimited(
      Array.from({ length: 10 }, (_, i) => i),
      async (item) => {
        started.push(item)
        await tick()
        if (item === 1) throw new Error('step 1 failed')
        await tick()
        ended.push(item)
      },
      2,
    )
    await expect(failing).rejects.toThrow('step 1 failed')
    // Item 0 was under way when item 1 failed: it ended; nothing was started after the failure.
    expect(started).toEqual([0, 1])
    expect(ended).toEqual([0])
  })
})
