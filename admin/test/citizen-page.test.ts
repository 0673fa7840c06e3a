/**
 * The citizen page (`public/citizen/`) is plain JS with its labels written out: they must stay
 * the domain's. Its behaviour is covered end to end in `test/browser/citizen.test.ts`; here, with a
 * stubbed API, what the submit form does when an attempt fails: which `Idempotency-Key` the next
 * attempt carries, and what the citizen is told (in Chinese, no English word, no code).
 */
import {
  CATEGORIES,
  CONTENT_MAX,
  displayTrackingCode,
  maskPhone,
  normalizeMainlandMobile,
  RATING_LABELS,
} from '@hotline/domain'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as citizen from '../public/citizen/citizen.js'
import html from '../public/citizen/index.html?raw'

describe('citizen page', () => {
  it('names the categories and ratings as the domain does', () => {
    expect(citizen.CATEGORY_LABELS).toEqual(CATEGORIES)
    expect(citizen.RATING_LABELS).toEqual(RATING_LABELS)
    expect(citizen.CONTENT_MAX).toBe(CONTENT_MAX)
  })

  it('offers the six categories in its HTML, in the domain order, labelled in Chinese', () => {
    const doc = new DOMParser().parseFromString(html, 'text/html')
    const radios = [...doc.querySelectorAll<HTMLInputElement>('input[name="category"]')]
    expect(radios.map((radio) => [radio.value, radio.parentElement?.textContent])).toEqual(
      Object.entries(CATEGORIES).map(([id, label]) => [id, label.zh]),
    )
    expect(doc.documentElement.lang).toBe('zh-CN')
    expect((doc.querySelector('#content') as HTMLTextAreaElement).maxLength).toBe(CONTENT_MAX)
  })

  it('gives every input a label, and no script or style from another site', () => {
    const doc = new DOMParser().parseFromString(html, 'text/html')
    for (const input of doc.querySelectorAll('input:not([type="radio"]), textarea')) {
      expect(doc.querySelector(`label[for="${input.id}"]`), `label for #${input.id}`).not.toBeNull()
    }
    const urls = [...doc.querySelectorAll('script[src], link[href]')].map(
      (el) => el.getAttribute('src') ?? el.getAttribute('href'),
    )
    expect(urls).toEqual(['/citizen/citizen.css', '/citizen/citizen.js'])
  })

  it('groups tracking codes and masks numbers as the domain does', () => {
    for (const code of ['K7Q2M9XD3P', 'ABCDEFGHJK']) {
      expect(citizen.displayTrackingCode(code)).toBe(displayTrackingCode(code))
    }
    for (const typed of ['13812345678', '+86 138-1234-5678', '008613812345678', '8613812345678']) {
      expect(citizen.maskPhone(typed)).toBe(maskPhone(normalizeMainlandMobile(typed) ?? ''))
    }
    expect(citizen.maskPhone('12')).toBe('****')
  })
})

describe('submitting the form after a failed attempt', () => {
  type Answer = Response | Error
  let answers: Answer[] = []
  const fetch = vi.fn(async (_url: string, _init: RequestInit) => {
    const answer = answers.shift()
    if (!answer) throw new Error('no answer left for this request')
    if (answer instanceof Error) throw answer
    return answer
  })
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    })
  const refusal = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
    answer(status, { error: { code, message } }, headers)
  const RECEIPT = {
    ticketNumber: 'JY20261009-000001',
    trackingCode: 'K7Q2M9XD3P',
    receivedAt: '2026-10-09T02:00:00.000Z',
    status: 'received',
  }

  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
  const errorText = () => byId('submit-error').textContent
  const keys = () =>
    fetch.mock.calls.map(([, init]) => (init.headers as Record<string, string>)['idempotency-key'])
  const bodies = () => fetch.mock.calls.map(([, init]) => JSON.parse(String(init.body)))

  function fill(content: string) {
    byId<HTMLInputElement>('phone').value = '13812345678'
    byId<HTMLFormElement>('submit-form').querySelector<HTMLInputElement>('input[value="complaint"]')?.click()
    byId<HTMLTextAreaElement>('content').value = content
  }

  /** Submits the form and waits for the API's answer to be shown. */
  async function submit() {
    const sent = fetch.mock.calls.length
    byId('submit-form').dispatchEvent(new Event('submit', { cancelable: true }))
    await vi.waitFor(() => {
      expect(fetch.mock.calls.length).toBe(sent + 1)
      expect(byId<HTMLButtonElement>('submit-button').disabled).toBe(false)
    })
  }

  beforeEach(() => {
    localStorage.clear()
    answers = []
    fetch.mockClear()
    vi.stubGlobal('fetch', fetch)
    document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML
    citizen.start()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('retries the same form with the same key, and a changed form with a new one', async () => {
    answers = [
      refusal(503, 'internal', 'service unavailable'),
      new TypeError('Failed to fetch'),
      answer(201, RECEIPT),
      refusal(500, 'internal', 'boom'),
    ]
    fill('小区门口路灯坏了一周')
    await submit()
    expect(errorText()).toBe('出错了，请稍后再试；如一直无法提交，请拨打 12345。')

    // The same form again (the answer may have been lost): the same key, so at most one ticket.
    await submit()
    expect(errorText()).toBe('无法连接服务，请检查网络后再试。')
    expect(keys()[1]).toBe(keys()[0])

    // Changed after the failure: another body, another key (the API refuses a key reused for it).
    byId<HTMLTextAreaElement>('content').value = '小区门口路灯坏了两周，晚上很黑'
    await submit()
    expect(keys()[2]).not.toBe(keys()[0])
    expect(bodies()[2]).toMatchObject({ content: '小区门口路灯坏了两周，晚上很黑' })
    expect(byId('receipt').hidden).toBe(false)

    // A ticket was made: the next request, even word for word the same, is a new one.
    byId('receipt-again').click()
    fill('小区门口路灯坏了两周，晚上很黑')
    await submit()
    expect(bodies()[3]).toEqual(bodies()[2])
    expect(new Set([keys()[0], keys()[2], keys()[3]]).size).toBe(3)
    expect(errorText()).not.toMatch(/[A-Za-z]{2,}/)
  })

  it('takes a new key when the API says the key went with another form, and asks to submit again', async () => {
    answers = [
      refusal(422, 'idempotency_key_reused', 'Idempotency-Key was used with a different body'),
      answer(201, RECEIPT),
    ]
    fill('小区门口路灯坏了一周')
    await submit()
    expect(errorText()).toBe('表单内容与上次提交的不一致，请核对后再点一次“提交诉求”。')
    expect(byId('receipt').hidden).toBe(true)

    await submit()
    expect(bodies()[1]).toEqual(bodies()[0])
    expect(keys()[1]).not.toBe(keys()[0])
    expect(byId('receipt').hidden).toBe(false)
  })

  it('asks to try again later when too many forms came from one address, in minutes when it is told', async () => {
    answers = [
      refusal(429, 'rate_limited', 'too many submissions', { 'retry-after': '90' }),
      refusal(429, 'rate_limited', 'too many submissions'),
    ]
    fill('小区门口路灯坏了一周')
    await submit()
    expect(errorText()).toBe('提交过于频繁，请 2 分钟后再试。')
    expect(byId('submit-error').getAttribute('role')).toBe('alert')
    byId('locale-switch').click()
    expect(errorText()).toBe('Too many requests submitted. Please try again in 2 minutes.')
    byId('locale-switch').click()

    await submit()
    expect(errorText()).toBe('操作过于频繁，请稍后再试。')
    // Refused, not taken: the same form keeps its key.
    expect(keys()[1]).toBe(keys()[0])
  })
})

describe('the receipt’s word on the acknowledgement SMS', () => {
  const RECEIPT = {
    ticketNumber: 'JY20261009-000001',
    trackingCode: 'K7Q2M9XD3P',
    receivedAt: '2026-10-09T02:00:00.000Z',
    status: 'received',
  }
  beforeEach(() => {
    document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML
    citizen.start()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it.each([
    ['sent', '受理短信已发送至 138****5678，短信里也有工单号和查询码。'],
    ['withheld', '号码 138****5678 近期收到的受理短信已达上限，这次不再发送短信。'],
    ['failed', '受理短信未能发送到 138****5678。'],
  ])('says the SMS was %s', async (acknowledgement, words) => {
    const body = JSON.stringify({ ...RECEIPT, acknowledgement })
    vi.stubGlobal(
      'fetch',
      async () => new Response(body, { status: 201, headers: { 'content-type': 'application/json' } }),
    )
    const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
    byId<HTMLInputElement>('phone').value = '13812345678'
    byId<HTMLFormElement>('submit-form').querySelector<HTMLInputElement>('input[value="complaint"]')?.click()
    byId<HTMLTextAreaElement>('content').value = '小区门口路灯坏了一周'
    byId('submit-form').dispatchEvent(new Event('submit', { cancelable: true }))
    await vi.waitFor(() => expect(byId('receipt').hidden).toBe(false))
    expect(byId('receipt-sms').textContent).toBe(words)
  })
})

describe('retryMinutes', () => {
  it('reads Retry-After seconds as whole minutes, rounded up; 0 when absent or not seconds', () => {
    const withHeader = (value?: string) =>
      new Response(null, { status: 429, headers: value === undefined ? {} : { 'retry-after': value } })
    expect(citizen.retryMinutes(withHeader('600'))).toBe(10)
    expect(citizen.retryMinutes(withHeader('61'))).toBe(2)
    expect(citizen.retryMinutes(withHeader('1'))).toBe(1)
    expect(citizen.retryMinutes(withHeader())).toBe(0)
    expect(citizen.retryMinutes(withHeader('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(0)
  })
})
