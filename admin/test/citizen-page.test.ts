/**
 * The citizen page (`public/citizen/`) is plain JS with its labels written out: they must stay
 * the domain's. Its behaviour is covered end to end in `test/browser/citizen.test.ts`.
 */
import {
  CATEGORIES,
  CONTENT_MAX,
  displayTrackingCode,
  maskPhone,
  normalizeMainlandMobile,
  RATING_LABELS,
} from '@hotline/domain'
import { describe, expect, it } from 'vitest'
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
