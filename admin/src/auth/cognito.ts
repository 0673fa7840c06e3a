/**
 * Signing in on AWS with Cognito's hosted UI: the authorization code flow with PKCE (RFC 7636, S256)
 * for a public client (no secret in a browser app).
 *
 * The deployment writes `/config.json` (`infra/src/web.ts`) when the user pool has a hosted domain:
 *   { "auth": { "kind": "cognito", "domain": "https://<prefix>.auth.<region>.amazoncognito.com",
 *               "clientId": "…", "redirectUri": "<app origin>/auth/callback", "logoutUri": "<app origin>/" } }
 * Without it (local mode: a 404, or the local server's index.html), the app signs in with the local
 * issuer's form as before.
 *
 * 1. `beginSignIn`: a verifier (32 random bytes, base64url), its S256 challenge and a `state`, kept
 *    in sessionStorage with the page to return to; the browser goes to `/oauth2/authorize`.
 * 2. `/auth/callback` (`AuthCallbackPage`): `takePendingSignIn` checks `state` (once: the entry is
 *    removed), `exchangeCode` posts the code and the verifier to `/oauth2/token` for an access token,
 *    and `GET /api/v1/auth/me` says who it belongs to and with which roles.
 * 3. Signing out also ends the hosted UI's session: `/logout?client_id=…&logout_uri=…`.
 *
 * Zod-free and small: the shell's sign-out loads it on demand.
 */

export type CognitoConfig = {
  kind: 'cognito'
  /** The hosted UI's origin, without a trailing slash. */
  domain: string
  clientId: string
  redirectUri: string
  logoutUri: string
}
export type AuthConfig = { kind: 'local' } | CognitoConfig

const LOCAL: AuthConfig = { kind: 'local' }

/** What the app does that leaves it; tests replace `assign` (jsdom cannot go to another origin). */
export const browser = {
  assign(url: string): void {
    window.location.assign(url)
  },
}

const httpUrl = (value: unknown): URL | null => {
  if (typeof value !== 'string') return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null
  } catch {
    return null
  }
}

/** The runtime configuration; anything but a well-formed Cognito section means local sign-in. */
export async function loadAuthConfig(): Promise<AuthConfig> {
  let body: unknown
  try {
    const response = await fetch('/config.json', { headers: { accept: 'application/json' } })
    if (!response.ok) return LOCAL
    body = await response.json()
  } catch {
    // Absent, not JSON (the local server answers unknown paths with index.html), or offline.
    return LOCAL
  }
  const auth = (body as { auth?: Record<string, unknown> } | null)?.auth
  if (auth?.kind !== 'cognito') return LOCAL
  const domain = httpUrl(auth.domain)
  const redirect = httpUrl(auth.redirectUri)
  const logout = httpUrl(auth.logoutUri)
  if (!domain || !redirect || !logout || typeof auth.clientId !== 'string' || auth.clientId === '') {
    return LOCAL
  }
  return {
    kind: 'cognito',
    domain: domain.origin,
    clientId: auth.clientId,
    redirectUri: redirect.href,
    logoutUri: logout.href,
  }
}

export const PENDING_KEY = 'hotline.cognito.pending'

/** A sign-in under way: what the callback checks and needs. */
export type PendingSignIn = { state: string; verifier: string; next: string }

export function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const randomBase64url = (length: number): string =>
  base64url(globalThis.crypto.getRandomValues(new Uint8Array(length)))

/** The S256 code challenge of a verifier: base64url(SHA-256(ASCII verifier)). */
export async function challengeOf(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return base64url(new Uint8Array(digest))
}

/** Starts a sign-in: remembers the verifier, `state` and `next`; the URL of the hosted UI to go to. */
export async function beginSignIn(
  config: CognitoConfig,
  next: string,
  storage: Storage = sessionStorage,
): Promise<string> {
  const pending: PendingSignIn = { state: randomBase64url(16), verifier: randomBase64url(32), next }
  const challenge = await challengeOf(pending.verifier)
  storage.setItem(PENDING_KEY, JSON.stringify(pending))
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: pending.state,
  })
  return `${config.domain}/oauth2/authorize?${query}`
}

/** The sign-in under way, taken out of storage (a callback can be used once); `null` if none. */
export function takePendingSignIn(storage: Storage = sessionStorage): PendingSignIn | null {
  const raw = storage.getItem(PENDING_KEY)
  storage.removeItem(PENDING_KEY)
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as Partial<PendingSignIn> | null
    if (
      typeof value?.state === 'string' &&
      typeof value.verifier === 'string' &&
      typeof value.next === 'string'
    ) {
      return { state: value.state, verifier: value.verifier, next: value.next }
    }
  } catch {
    // Not JSON: no sign-in under way.
  }
  return null
}

/** The token endpoint refused (`error`, `error_description`) or answered something unusable. */
export class TokenError extends Error {
  override readonly name = 'TokenError'
}

/** Exchanges the authorization code (with the verifier) for an access token and its lifetime in seconds. */
export async function exchangeCode(
  config: CognitoConfig,
  code: string,
  verifier: string,
): Promise<{ accessToken: string; expiresIn: number }> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: config.clientId,
    code,
    redirect_uri: config.redirectUri,
    code_verifier: verifier,
  })
  const response = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: body.toString(),
  })
  const answer = (await response.json().catch(() => null)) as Record<string, unknown> | null
  if (!response.ok) {
    const error = typeof answer?.error === 'string' ? answer.error : `HTTP ${response.status}`
    const description = typeof answer?.error_description === 'string' ? answer.error_description : ''
    throw new TokenError(description ? `${error} (${description})` : error)
  }
  const accessToken = answer?.access_token
  const expiresIn = answer?.expires_in
  if (
    typeof accessToken !== 'string' ||
    accessToken === '' ||
    typeof expiresIn !== 'number' ||
    expiresIn <= 0
  ) {
    throw new TokenError('no access_token or expires_in in the answer')
  }
  return { accessToken, expiresIn }
}

/** The hosted UI's sign-out, which comes back to the app's `logoutUri`. */
export function logoutUrl(config: CognitoConfig): string {
  const query = new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri })
  return `${config.domain}/logout?${query}`
}

/**
 * After the app's own sign-out: on AWS, ends the hosted UI's session too (otherwise the next
 * "Sign in" would come straight back signed in). Returns whether the browser is leaving.
 */
export async function signOutOfCognito(): Promise<boolean> {
  const config = await loadAuthConfig()
  if (config.kind !== 'cognito') return false
  browser.assign(logoutUrl(config))
  return true
}
