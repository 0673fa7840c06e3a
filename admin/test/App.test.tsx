import type { HealthResponse } from '@hotline/domain'
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library'
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { App } from '../src/App'
import { I18nProvider } from '../src/i18n'

const healthy: HealthResponse = {
  status: 'ok',
  service: 'hotline-api',
  version: '0.1.0',
  time: '2026-10-09T07:00:00.000Z',
  table: { name: 'hotline', engine: 'dynalite', latencyMs: 3 },
}

function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(() => (
    <QueryClientProvider client={client}>
      <I18nProvider locale="zh-CN">
        <App />
      </I18nProvider>
    </QueryClientProvider>
  ))
}

function answer(status: number, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(
      async () =>
        new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
    ),
  )
}

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('<App />', () => {
  it('shows the health round trip in Chinese first', async () => {
    answer(200, healthy)
    renderApp()
    expect(await screen.findByTestId('health-status')).toHaveProperty('textContent', '正常')
    expect(screen.getByTestId('health-table').textContent).toBe('hotline')
    expect(screen.getByTestId('health-engine').textContent).toBe('内嵌引擎（dynalite，本地模式）')
    expect(screen.getByText('3 毫秒')).toBeTruthy()
    expect(document.documentElement.lang).toBe('zh-CN')
    expect(vi.mocked(fetch)).toHaveBeenCalledWith('/api/v1/health', expect.anything())
  })

  it('switches to English and remembers the choice', async () => {
    answer(200, healthy)
    renderApp()
    await screen.findByTestId('health-status')
    fireEvent.click(screen.getByRole('button', { name: 'English' }))
    await waitFor(() => expect(screen.getByTestId('health-status').textContent).toBe('OK'))
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('12345 Hotline Operations')
    expect(document.documentElement.lang).toBe('en')
    expect(localStorage.getItem('hotline.locale')).toBe('en')
  })

  it('shows a 503 as unavailable, not as a failure', async () => {
    answer(503, {
      ...healthy,
      status: 'unavailable',
      table: { name: 'hotline', engine: 'dynamodb', error: 'ResourceNotFoundException' },
    })
    renderApp()
    expect((await screen.findByTestId('health-status')).textContent).toBe('不可用')
    expect(screen.getByTestId('health-engine').textContent).toBe('Amazon DynamoDB')
  })

  it('says so when the API cannot be reached', async () => {
    answer(502, { error: { code: 'internal', message: 'bad gateway' } })
    renderApp()
    expect((await screen.findByRole('alert')).textContent).toBe(
      '无法连接服务：服务器出错了，请稍后再试；如果一直出错，请联系运维人员。',
    )
  })
})
