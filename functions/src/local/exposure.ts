/**
 * Who can reach local mode. Its demo sign-ins are committed (`users.json`), so it listens on
 * loopback only, unless started with `--public`: then any address is allowed and the demo users
 * get fresh random passwords for that start, never the committed ones.
 */
import { randomBytes } from 'node:crypto'
import { isIPv4 } from 'node:net'
import { hashPassword, type LocalUser } from '../auth/local-issuer'

/** True for `localhost`, `::1` and 127.0.0.0/8: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase()
  if (h === 'localhost' || h === '::1' || h === '[::1]') return true
  return isIPv4(h) && h.startsWith('127.')
}

/** May local mode start, and with which passwords; if not, what to tell the person who started it. */
export type Exposure =
  | { ok: true; fresh: boolean }
  | {
      ok: false
      /** English, then Chinese: why local mode will not start, and how to start it. */
      message: string
    }

/**
 * Whether local mode may listen on `host`, and whether the demo users need fresh passwords
 * (`--public` always gives them, wherever it listens: `public` means "not the committed ones").
 */
export function checkExposure(host: string, publicFlag: boolean): Exposure {
  if (publicFlag) return { ok: true, fresh: true }
  if (isLoopbackHost(host)) return { ok: true, fresh: false }
  return {
    ok: false,
    message: [
      `Refusing to listen on HOST=${host}: it is not a loopback address (127.0.0.1, ::1, localhost),`,
      'and the demo sign-ins in functions/src/local/users.json are public.',
      'To let other machines in, start with --public (`pnpm dev --public`): the demo users then get',
      'fresh random passwords, printed once. Otherwise unset HOST.',
      '',
      `拒绝监听 HOST=${host}：这不是本机回环地址（127.0.0.1、::1、localhost），`,
      '而 functions/src/local/users.json 中的演示账号密码是公开的。',
      '如需让其他机器访问，请加 --public 启动（`pnpm dev --public`）：演示账号将改用新生成的随机密码，',
      '仅在启动时显示一次。否则请取消设置 HOST。',
    ].join('\n'),
  }
}

/**
 * The users with every demo password replaced by a fresh random one (shown in the banner as
 * `demoPassword`); users without a demo password keep theirs.
 */
export function withFreshDemoPasswords(users: readonly LocalUser[]): LocalUser[] {
  return users.map((user) => {
    if (user.demoPassword === undefined) return user
    const password = randomBytes(12).toString('base64url')
    return { ...user, passwordHash: hashPassword(password), demoPassword: password }
  })
}
