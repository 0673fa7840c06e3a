/**
 * A test file's HTTP app: for each test a fresh embedded store, a clock at `start` and the test app
 * on them (the store closed after the test), and a caller that signs in as a role.
 */
import type { Role } from '@hotline/domain'
import { type LocalStore, startLocalStore } from '@hotline/store/local'
import { afterEach, beforeEach } from 'vitest'
import { testApp, testClock } from './app'

/** A response body for assertions (shapes are checked by the assertions themselves). */
// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary response bodies
export const json = async (res: Response): Promise<any> => res.json()

/**
 * A request to the app as `role` (`null`: without credentials); a string body is sent as it is,
 * any other as JSON.
 */
export type Send = (
  method: string,
  path: string,
  role: Role | null,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Response>

/** The current test's store, clock and app (set before each test), and `send` to that app. */
export type TestHttp = {
  local: LocalStore
  clock: ReturnType<typeof testClock>
  t: TestApp
  send: Send
}

type TestApp = Awaited<ReturnType<typeof testApp>>

/** `send` to the app `t`. */
export const requestAs =
  (t: TestApp): Send =>
  async (method, path, role, body, headers = {}) =>
    t.app.request(path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(role ? { authorization: await t.bearer(role) } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })

/** Registers the per-test app of a test file whose clock starts at `start`. */
export function useTestApp(start: string): TestHttp {
  const http = { send: (...request) => requestAs(http.t)(...request) } as TestHttp
  beforeEach(async () => {
    http.local = await startLocalStore()
    http.clock = testClock(start)
    http.t = await testApp({ store: http.local.store, now: http.clock.now })
  })
  afterEach(async () => {
    await http.local.close()
  })
  return http
}
