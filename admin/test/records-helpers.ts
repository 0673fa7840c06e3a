/**
 * What the records pages' tests share: the month list and the people every page with a month or a
 * name asks for, answered as the server would (October 2026 with drafts, the demo's people).
 */
import { beforeAll } from 'vitest'
import { json } from './helpers'

export const MONTHS = {
  current: '2026-10',
  months: [
    {
      month: '2026-10',
      hasResults: true,
      state: 'open',
      number: null,
      pending: { count: 2, amountFen: 70_000 },
      decided: { count: 1, amountFen: 20_000 },
    },
    {
      month: '2026-09',
      hasResults: true,
      state: 'closed',
      number: 'KH-202609-01',
      pending: { count: 0, amountFen: 0 },
      decided: { count: 3, amountFen: 60_000 },
    },
  ],
}

export const PEOPLE = {
  people: [
    { username: 'reviewer', name: '甲方审核员（演示）', roles: ['agency_reviewer'] },
    { username: 'viewer', name: '甲方查看员（演示）', roles: ['agency_viewer'] },
    { username: 'contractor', name: '乙方坐席班长（演示）', roles: ['contractor'] },
  ],
}

/** `GET /api/v1/months` and `GET /api/v1/people`, for `stubApi`. */
export const shellRoutes = () => ({
  'GET /api/v1/months': () => json(200, MONTHS),
  'GET /api/v1/people': () => json(200, PEOPLE),
})

/**
 * Loads a page's lazy chunk before the file's tests, so the first test does not pay for the cold
 * import (seconds on a loaded two-core machine) inside its own time limit.
 */
export function preload(...pages: (() => Promise<unknown>)[]) {
  beforeAll(() => Promise.all(pages.map((load) => load())), 60_000)
}
