/**
 * `/auth/callback`: where Cognito's hosted UI sends the browser back with `?code=…&state=…` (or
 * `?error=…`). The page checks `state` against the sign-in this tab started, exchanges the code
 * (with the PKCE verifier) for an access token, asks the API who it belongs to
 * (`GET /api/v1/auth/me`: username and roles from `cognito:groups`), keeps the session as the local
 * sign-in does and goes on to the page that asked for it. Whatever fails is said, with a way back.
 */
import { Principal } from '@hotline/domain'
import { A, useNavigate, useSearchParams } from '@solidjs/router'
import { createSignal, onMount, Show } from 'solid-js'
import { request } from '../api/client'
import { useErrorText } from '../api/errors'
import { exchangeCode, loadAuthConfig, TokenError, takePendingSignIn } from '../auth/cognito'
import { useI18n } from '../i18n'
import { useSession } from '../session'
import { safeNext } from './LoginPage'

type Query = { code?: string; state?: string; error?: string; error_description?: string }

export default function AuthCallbackPage() {
  const { t } = useI18n()
  const errorText = useErrorText()
  const session = useSession()
  const navigate = useNavigate()
  const [params] = useSearchParams<Query>()
  const [error, setError] = createSignal<string | null>(null)
  const [next, setNext] = createSignal('/')

  onMount(async () => {
    // Taken once: a reload or a replayed callback URL finds no sign-in under way.
    const pending = takePendingSignIn()
    if (pending) setNext(safeNext(pending.next))
    if (params.error) {
      setError(t('cognito.providerError', { message: params.error_description || params.error }))
      return
    }
    if (!pending || !params.state || params.state !== pending.state) {
      setError(t('cognito.stateMismatch'))
      return
    }
    if (!params.code) {
      setError(t('cognito.missingCode'))
      return
    }
    const config = await loadAuthConfig()
    if (config.kind !== 'cognito') {
      setError(t('cognito.notConfigured'))
      return
    }
    let token: { accessToken: string; expiresIn: number }
    try {
      token = await exchangeCode(config, params.code, pending.verifier)
    } catch (err) {
      setError(
        err instanceof TokenError
          ? t('cognito.tokenRefused')
          : t('cognito.tokenFailed', { message: errorText(err) }),
      )
      return
    }
    try {
      const me = await request('/api/v1/auth/me', Principal, {
        auth: { token: () => token.accessToken, onUnauthorized: () => {} },
      })
      session.signIn({
        accessToken: token.accessToken,
        expiresAt: Date.now() + token.expiresIn * 1000,
        // Cognito's access token carries no display name: the username stands for it.
        user: { username: me.username, name: me.username, roles: me.roles },
      })
      navigate(next(), { replace: true })
    } catch (err) {
      setError(t('cognito.meFailed', { message: errorText(err) }))
    }
  })

  const backHref = () => (next() === '/' ? '/login' : `/login?next=${encodeURIComponent(next())}`)

  return (
    <section class="card narrow" aria-labelledby="callback-title">
      <Show
        when={error()}
        fallback={
          <>
            <h2 id="callback-title">{t('login.title')}</h2>
            <p role="status" aria-live="polite">
              {t('cognito.completing')}
            </p>
          </>
        }
      >
        {(message) => (
          <>
            <h2 id="callback-title">{t('cognito.failedTitle')}</h2>
            <p role="alert" class="bad">
              {message()}
            </p>
            <p>
              <A href={backHref()}>{t('cognito.backToSignIn')}</A>
            </p>
          </>
        )}
      </Show>
    </section>
  )
}
