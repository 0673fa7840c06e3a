/**
 * Starting local mode: loopback only unless `--public`, fresh passwords with `--public`, a warning
 * for `HOTLINE_*` guesses, and a banner that says where it really listens.
 */
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { readLocalUsers, verifyPassword } from '../src/auth/local-issuer'
import { LocalEnv } from '../src/env'
import { formatBanner, listeningOn } from '../src/local/banner'
import { checkExposure, isLoopbackHost, withFreshDemoPasswords } from '../src/local/exposure'
import { DEFAULT_USERS_FILE } from '../src/local/server'
import { unknownVariableWarnings } from '../src/local/unknown-variables'

const LOCAL_VARIABLES = Object.keys(LocalEnv.shape)

describe('which hosts are loopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    ['10.0.0.1', false],
    ['127.0.0.256', false],
    ['127.example.com', false],
    ['my-laptop.local', false],
  ])('%s: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback)
  })
})

describe('checkExposure', () => {
  it('starts on loopback with the committed demo passwords', () => {
    expect(checkExposure('127.0.0.1', false)).toEqual({ ok: true, fresh: false })
  })

  it('refuses a non-loopback host without --public, in English and Chinese', () => {
    const decision = checkExposure('0.0.0.0', false)
    expect(decision.ok).toBe(false)
    if (decision.ok) return
    expect(decision.message).toContain('Refusing to listen on HOST=0.0.0.0')
    expect(decision.message).toContain('拒绝监听 HOST=0.0.0.0')
    expect(decision.message.match(/--public/g)?.length).toBeGreaterThanOrEqual(2)
  })

  it('allows any host with --public, always with fresh passwords', () => {
    expect(checkExposure('0.0.0.0', true)).toEqual({ ok: true, fresh: true })
    expect(checkExposure('127.0.0.1', true)).toEqual({ ok: true, fresh: true })
  })
})

describe('withFreshDemoPasswords', () => {
  it('replaces every committed demo password, and the hash with it', async () => {
    const committed = await readLocalUsers(DEFAULT_USERS_FILE)
    const fresh = withFreshDemoPasswords(committed)
    expect(fresh.map((u) => u.username)).toEqual(committed.map((u) => u.username))
    for (const [i, user] of fresh.entries()) {
      const old = committed[i]
      expect(user.demoPassword).toMatch(/^[A-Za-z0-9_-]{16}$/)
      expect(user.demoPassword).not.toBe(old?.demoPassword)
      expect(verifyPassword(String(user.demoPassword), user.passwordHash)).toBe(true)
      expect(verifyPassword(String(old?.demoPassword), user.passwordHash)).toBe(false)
    }
  })

  it('draws new ones on every start and keeps a user without a demo password as it is', async () => {
    const [reviewer] = await readLocalUsers(DEFAULT_USERS_FILE)
    if (!reviewer) throw new Error('users.json has no users')
    const { demoPassword: _, ...real } = reviewer
    const [first, second] = [withFreshDemoPasswords([reviewer]), withFreshDemoPasswords([reviewer])]
    expect(first[0]?.demoPassword).not.toBe(second[0]?.demoPassword)
    expect(withFreshDemoPasswords([real])).toEqual([real])
  })
})

describe('unknownVariableWarnings', () => {
  it('names a prefixed guess and the variable meant', () => {
    expect(unknownVariableWarnings({ HOTLINE_DATA_DIR: '/tmp/x' }, LOCAL_VARIABLES)).toEqual([
      'HOTLINE_DATA_DIR: unknown variable; did you mean DATA_DIR?',
    ])
  })

  it('suggests the nearest spelling, or nothing when none is near', () => {
    expect(
      unknownVariableWarnings({ HOTLINE_IN_MEMROY: 'true', HOTLINE_COLOUR: 'blue' }, LOCAL_VARIABLES),
    ).toEqual([
      'HOTLINE_COLOUR: unknown variable',
      'HOTLINE_IN_MEMROY: unknown variable; did you mean HOTLINE_IN_MEMORY?',
    ])
  })

  it("is quiet about local mode's own variables, the CLI's and everything not HOTLINE_", () => {
    const env = {
      HOTLINE_IN_MEMORY: 'true',
      HOTLINE_DEMO_SCALE: '1',
      HOTLINE_URL: 'http://localhost:3000',
      HOTLINE_PASSWORD: 'x',
      DATA_DIR: '.data',
      PATH: '/usr/bin',
    }
    expect(unknownVariableWarnings(env, LOCAL_VARIABLES)).toEqual([])
  })
})

describe('the banner', () => {
  it('says where it listens', () => {
    expect(listeningOn({ address: '127.0.0.1', family: 'IPv4', port: 3000 })).toBe(
      '127.0.0.1:3000, this machine only',
    )
    expect(listeningOn({ address: '0.0.0.0', family: 'IPv4', port: 3000 })).toMatch(
      /^0\.0\.0\.0:3000, every interface/,
    )
    expect(listeningOn({ address: '::', family: 'IPv6', port: 3000 })).toMatch(
      /^\[::\]:3000, every interface/,
    )
    expect(listeningOn({ address: '192.168.1.20', family: 'IPv4', port: 3000 })).toBe(
      '192.168.1.20:3000, reachable from the network',
    )
  })

  it('prints fresh passwords as this start only, and the webhook URLs with their token', async () => {
    const users = withFreshDemoPasswords(await readLocalUsers(DEFAULT_USERS_FILE))
    const text = formatBanner({
      url: 'http://127.0.0.1:3000',
      address: { address: '0.0.0.0', family: 'IPv4', port: 3000 },
      users,
      freshPasswords: true,
      tableName: 'hotline',
      dataDir: undefined,
      createdTable: true,
      smsToken: 'tok'.repeat(6),
    })
    expect(text).toContain('Listening on   0.0.0.0:3000, every interface')
    expect(text).toContain('Admin app      http://127.0.0.1:3000/')
    expect(text).toContain('Sign-ins for this start only')
    for (const user of users) expect(text).toContain(String(user.demoPassword))
    expect(text).not.toContain('reviewer-2026')
    expect(text).toContain(`http://127.0.0.1:3000/api/v1/webhooks/sms/tencent?token=${'tok'.repeat(6)}`)
  })
})

describe('pnpm dev (functions/src/local/main.ts)', () => {
  const repoRoot = resolve(import.meta.dirname, '../..')
  const run = (env: Record<string, string>, args: string[] = []) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'functions/src/local/main.ts', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOTLINE_IN_MEMORY: 'true', HOTLINE_DEMO: 'false', ...env },
      timeout: 50_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    )

  it('exits 2 on HOST=0.0.0.0 without --public, after warning of a HOTLINE_ guess', async () => {
    const { code, stderr } = await run({ HOST: '0.0.0.0', PORT: '0', HOTLINE_DATA_DIR: '/tmp/x' })
    expect(code).toBe(2)
    expect(stderr).toContain('warning: HOTLINE_DATA_DIR: unknown variable; did you mean DATA_DIR?')
    expect(stderr).toContain('Refusing to listen on HOST=0.0.0.0')
    expect(stderr).toContain('拒绝监听 HOST=0.0.0.0')
  })

  it('exits 2 on an unknown flag, with the usage', async () => {
    const { code, stderr } = await run({ PORT: '0' }, ['--pubic'])
    expect(code).toBe(2)
    expect(stderr).toContain('Usage: pnpm dev [--public]')
  })
})
