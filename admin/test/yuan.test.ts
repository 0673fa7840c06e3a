/**
 * Amounts typed in yuan (the statement's payment, a deduction's adjusted amount), read as exact fen:
 * thousands separators in their places, a currency sign or 元, and the full-width digits and
 * punctuation of a Chinese keyboard; and fen back as an input's value.
 */
import { describe, expect, it } from 'vitest'
import { fenToYuanInput, normaliseAmountText, yuanToFen } from '../src/yuan'

describe('amounts typed in yuan', () => {
  it.each([
    ['2000', 200_000],
    ['326592', 32_659_200],
    ['150.5', 15_050],
    ['150.50', 15_050],
    ['200.5', 20_050],
    [' 0.1 ', 10],
    ['0.07', 7],
    ['326,592.00', 32_659_200],
    ['¥13,996.8', 1_399_680],
    ['¥2,000.00', 200_000],
    ['￥2,000', 200_000],
    ['2000元', 200_000],
    ['0', 0],
    // Full-width digits and punctuation, as a Chinese input method types them.
    ['１２３．５０', 12_350],
    ['１,２００', 120_000],
    ['１，２００．５', 120_050],
    ['１２３。５', 12_350],
    ['￥　１２３', 12_300],
    ['  ８８  ', 8_800],
    ['1,234,567.89', 123_456_789],
    ['0.125', null],
    ['1.234', null],
    ['１２３．４５６', null],
    ['-1', null],
    ['-5', null],
    ['－１', null],
    ['1e3', null],
    ['12,34', null],
    ['1,2345', null],
    [',123', null],
    ['1.', null],
    ['12.', null],
    ['', null],
    ['一百', null],
  ])('%j → %s fen', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen)
  })

  it('folds the full-width forms into ASCII before reading', () => {
    expect(normaliseAmountText('　１，２００．５０元 ')).toBe('1,200.50元')
    expect(normaliseAmountText('￥１２３。５')).toBe('¥123.5')
  })

  it('round-trips with the input value of an amount', () => {
    expect(fenToYuanInput(32_639_207)).toBe('326392.07')
    expect(yuanToFen(fenToYuanInput(32_639_207))).toBe(32_639_207)
  })
})
