import { describe, expect, it } from 'vitest'
import { assertLocalEndpoint, isLocalEndpoint, joinKey, keys, NonLocalEndpointError } from '../src'
import { dropTable, ensureTable } from '../src/local'

describe('loopback guard', () => {
  it.each([
    ['http://127.0.0.1:4567', true],
    ['http://127.8.0.1:80', true],
    ['http://localhost:8000', true],
    ['http://[::1]:8000', true],
    ['https://dynamodb.cn-northwest-1.amazonaws.com.cn', false],
    ['http://10.0.0.5:8000', false],
    ['http://127.0.0.1.evil.example:80', false],
    ['ftp://127.0.0.1', false],
    ['not a url', false],
    [undefined, false],
  ])('%s is local: %s', (endpoint, expected) => {
    expect(isLocalEndpoint(endpoint)).toBe(expected)
  })

  it('refuses to create or drop a table on a real AWS endpoint, before any request', async () => {
    const aws = 'https://dynamodb.cn-northwest-1.amazonaws.com.cn'
    await expect(ensureTable({ endpoint: aws, tableName: 'hotline' })).rejects.toBeInstanceOf(
      NonLocalEndpointError,
    )
    await expect(dropTable({ endpoint: aws, tableName: 'hotline' })).rejects.toBeInstanceOf(
      NonLocalEndpointError,
    )
    expect(() => assertLocalEndpoint(undefined)).toThrow(/default AWS endpoint/)
  })
})

describe('key builders', () => {
  it('joins segments with # and refuses ambiguous ones', () => {
    expect(joinKey('DAY', '2026-10-09')).toBe('DAY#2026-10-09')
    expect(() => joinKey('DAY', 'a#b')).toThrow(/must not contain/)
    expect(() => joinKey('DAY', '')).toThrow(/empty/)
  })

  it('builds system keys', () => {
    expect(keys.system('health')).toEqual({ pk: 'SYS#health', sk: 'SYS#health' })
  })
})
