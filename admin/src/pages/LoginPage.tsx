/**
 * `/login`: local mode's sign-in with the built-in issuer (`POST /api/v1/auth/login`). On AWS
 * (`/config.json` says `cognito`) a button sends the user to Cognito's hosted UI instead
 * (`../auth/cognito`, then `/auth/callback`). After signing in, the user goes back to the page that
 * sent them here (`?next=`), or to the start page.
 */
import { useNavigate, useSearchParams } from '@solidjs/router'
import { createResource, createSignal, Show } from 'solid-js'
import { ApiRequestError, useApi } from '../api/client'
import { useErrorText } from '../api/errors'
import type { LoginResponse } from '../api/schemas'
import { beginSignIn, browser, type CognitoConfig, loadAuthConfig } from '../auth/cognito'
import { useI18n } from '../i18n'
import { type Session, useSession } from '../session'

/** A path inside this app to return to; anything else (another origin, `//host`) goes to `/`. */
export function safeNext(next: string | string[] | undefined): string {
  const path = Array.isArray(next) ? next[0] : next
  return path?.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/'
}

export const sessionOf = (answer: LoginResponse, now: number): Session => ({
  accessToken: answer.accessToken,
  expiresAt: now + answer.expiresIn * 1000,
  user: answer.user,
})

export default function LoginPage() {
  const { t } = useI18n()
  const errorText = useErrorText()
  const api = useApi()
  const session = useSession()
  const navigate = useNavigate()
  const [params] = useSearchParams<{ next?: string }>()
  const [username, setUsername] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  // Read while rendering: the page waits (the shell's "loading") until it knows how to sign in.
  const [authConfig] = createResource(loadAuthConfig)
  const cognito = () => {
    const config = authConfig()
    return config?.kind === 'cognito' ? config : undefined
  }

  async function signInWithCognito(config: CognitoConfig) {
    if (busy()) return
    setBusy(true)
    setError(null)
    try {
      browser.assign(await beginSignIn(config, safeNext(params.next)))
    } catch (err) {
      setError(t('cognito.startFailed', { message: errorText(err) }))
      setBusy(false)
    }
  }

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault()
    if (busy()) return
    setBusy(true)
    setError(null)
    try {
      const answer = await api.login({ username: username().trim(), password: password() })
      session.signIn(sessionOf(answer, Date.now()))
      navigate(safeNext(params.next), { replace: true })
    } catch (err) {
      setPassword('')
      if (err instanceof ApiRequestError && err.status === 401) setError(t('login.wrong'))
      else setError(t('login.failed', { message: errorText(err) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="card narrow" aria-labelledby="login-title">
      <h2 id="login-title">{t('login.title')}</h2>
      <Show when={cognito()} fallback={localForm()}>
        {(config) => (
          <div class="form">
            <p id="cognito-note" class="note">
              {t('cognito.note')}
            </p>
            <button
              type="button"
              class="primary"
              disabled={busy()}
              aria-describedby="cognito-note"
              onClick={() => signInWithCognito(config())}
            >
              {busy() ? t('cognito.redirecting') : t('cognito.signIn')}
            </button>
            <Show when={error()}>
              {(message) => (
                <p role="alert" class="bad">
                  {message()}
                </p>
              )}
            </Show>
          </div>
        )}
      </Show>
    </section>
  )

  function localForm() {
    return (
      <>
        <form class="form" onSubmit={onSubmit} aria-describedby="login-note">
          <label for="login-username">{t('login.username')}</label>
          <input
            id="login-username"
            name="username"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            maxLength={64}
            value={username()}
            onInput={(e) => setUsername(e.currentTarget.value)}
            aria-invalid={error() ? 'true' : undefined}
            aria-describedby={error() ? 'login-error' : undefined}
          />
          <label for="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            maxLength={200}
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
            aria-invalid={error() ? 'true' : undefined}
            aria-describedby={error() ? 'login-error' : undefined}
          />
          <Show when={error()}>
            {(message) => (
              <p id="login-error" role="alert" class="bad">
                {message()}
              </p>
            )}
          </Show>
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <div id="login-note" class="note">
          <p>{t('login.localNote')}</p>
          <p>{t('login.awsNote')}</p>
        </div>
      </>
    )
  }
}
