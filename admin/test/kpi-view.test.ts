/**
 * The dashboard's and statement's pure helpers: percentages that never misstate a verdict, targets
 * as the contract writes them, the previous month, and amounts typed in yuan read as exact fen.
 */
import { describe, expect, it } from 'vitest'
import { percentText, previousMonth, targetText } from '../src/kpi-view'
import { fenToYuanInput, yuanToFen } from '../src/yuan'

describe('percentText', () => {
  it.each([
    [{ num: 175, den: 200 }, { kind: 'min', bp: 9000 }, '87.50%'],
    [{ num: 2, den: 3 }, { kind: 'min', bp: 10_000 }, '66.67%'],
    // 94.995 % would round to 95.00 %, as if it met 95 %: one more decimal.
    [{ num: 18_999, den: 20_000 }, { kind: 'min', bp: 9500 }, '94.995%'],
    // 20.004 % would read 20.00 % against a maximum of 20 %.
    [{ num: 5001, den: 25_000 }, { kind: 'max', bp: 2000 }, '20.004%'],
    // 99.9999 % against 100 %: as many decimals as it takes (up to six).
    [{ num: 999_999, den: 1_000_000 }, { kind: 'min', bp: 10_000 }, '99.9999%'],
    [{ num: 19, den: 20 }, { kind: 'min', bp: 9500 }, '95.00%'],
  ] as const)('%j against %j → %s', (value, target, expected) => {
    expect(percentText(value, target)).toBe(expected)
  })

  it('shows two decimals without a target', () => {
    expect(percentText({ num: 1, den: 3 })).toBe('33.33%')
  })
})

describe('targetText', () => {
  it.each([
    [{ kind: 'min', bp: 9000 }, '≥ 90%'],
    [{ kind: 'min', bp: 9550 }, '≥ 95.5%'],
    [{ kind: 'max', bp: 2000 }, '≤ 20%'],
    [{ kind: 'minCount', count: 70 }, '≥ 70'],
    [null, '—'],
  ] as const)('%j → %s', (target, expected) => {
    expect(targetText(target)).toBe(expected)
  })
})

describe('previousMonth', () => {
  it.each([
    ['2026-11-01', '2026-10'],
    ['2026-03-31', '2026-02'],
    ['2027-01-15', '2026-12'],
  ])('%s → %s', (today, expected) => {
    expect(previousMonth(today)).toBe(expected)
  })
})

describe('yuanToFen', () => {
  it.each([
    ['326592', 32_659_200],
    ['326,592.00', 32_659_200],
    ['¥13,996.8', 1_399_680],
    [' 0.1 ', 10],
    ['0.07', 7],
    ['200.5', 20_050],
    ['1.234', null],
    ['-5', null],
    ['1e3', null],
    ['', null],
    ['12.', null],
  ])('%j → %s', (text, expected) => {
    expect(yuanToFen(text)).toBe(expected)
  })

  it('round-trips with the input value of an amount', () => {
    expect(fenToYuanInput(32_639_207)).toBe('326392.07')
    expect(yuanToFen(fenToYuanInput(32_639_207))).toBe(32_639_207)
  })
})
