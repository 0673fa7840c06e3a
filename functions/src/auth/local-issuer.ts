/**
 * The built-in issuer of local mode: users from a config file (passwords hashed with scrypt),
 * ES256 access tokens shaped like Cognito's (`token_use`, `client_id`, `cognito:groups`), and the
 * JWKS to verify them. On AWS, Cognito plays this part.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { Role } from '@hotline/domain'
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { z } from 'zod'

export const LOCAL_ISSUER = 'urn:hotline:local'
export const LOCAL_CLIENT_ID = 'hotline-admin-local'
const TOKEN_SECONDS = 8 * 3600

export const LocalUser = z.object({
  username: z.string().regex(/^[a-z0-9_.-]{3,32}$/),
  name: z.string().min(1),
  roles: z.array(Role).min(1),
  /** `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>` */
  passwordHash: z.string().startsWith('scrypt$'),
  /** Shown by `pnpm dev` so a new user can sign in; never set for a real deployment. */
  demoPassword: z.string().optional(),
})
export type LocalUser = z.infer<typeof LocalUser>
export const LocalUsersFile = z.object({ users: z.array(LocalUser).min(1) })

export function hashPassword(password: string, salt = randomBytes(16)): string {
  const [N, r, p] = [16_384, 8, 1]
  const hash = scryptSync(password, salt, 32, { N, r, p })
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, N, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !N || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(N),
    r: Number(r),
    p: Number(p),
  })
  return timingSafeEqual(actual, expected)
}

export async function readLocalUsers(path: string): Promise<LocalUser[]> {
  return LocalUsersFile.parse(JSON.parse(await readFile(path, 'utf8'))).users
}

export type LocalIssuer = {
  readonly users: readonly LocalUser[]
  /** An access token for `username` if `password` matches, else `null`. */
  login(
    username: string,
    password: string,
    now: Date,
  ): Promise<{ token: string; expiresIn: number; user: LocalUser } | null>
  /** Signs a token for a user without a password (tests and tooling). */
  tokenFor(username: string, now: Date): Promise<string>
  readonly jwks: ReturnType<typeof createLocalJWKSet>
  readonly publicJwk: JWK
}

export async function createLocalIssuer(users: readonly LocalUser[]): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'local-1', alg: 'ES256', use: 'sig' }
  const jwks = createLocalJWKSet({ keys: [publicJwk] })
  const sign = (user: LocalUser, now: Date) =>
    new SignJWT({
      token_use: 'access',
      client_id: LOCAL_CLIENT_ID,
      username: user.username,
      'cognito:groups': user.roles,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'local-1' })
      .setIssuer(LOCAL_ISSUER)
      .setSubject(`local:${user.username}`)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(now.getTime() / 1000) + TOKEN_SECONDS)
      .sign(privateKey)
  const find = (username: string) => users.find((u) => u.username === username)
  return {
    users,
    jwks,
    publicJwk,
    async login(username, password, now) {
      const user = find(username)
      // Hash even for unknown users so timing does not tell which usernames exist.
      const ok = verifyPassword(password, user?.passwordHash ?? hashPassword('x'))
      if (!user || !ok) return null
      return { token: await sign(user, now), expiresIn: TOKEN_SECONDS, user }
    },
    async tokenFor(username, now) {
      const user = find(username)
      if (!user) throw new Error(`no local user ${username}`)
      return sign(user, now)
    },
  }
}
