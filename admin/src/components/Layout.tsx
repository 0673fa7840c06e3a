/**
 * The shell of every page: title, navigation (the pages the user's roles may open, each link
 * keeping the month in context), who is signed in (name and role), language switch.
 */
import { A, type RouteSectionProps, useNavigate } from '@solidjs/router'
import { For, lazy, Show, Suspense } from 'solid-js'
import { useI18n } from '../i18n'
import { useMonthInContext, withMonth } from '../month'
import { mayOpen, type NavLabel, ROUTES } from '../routes'
import { useSession } from '../session'

const RoleLabels = lazy(() => import('./RoleLabels'))

export function Layout(props: RouteSectionProps) {
  const { t, locale, setLocale } = useI18n()
  const session = useSession()
  const navigate = useNavigate()
  const month = useMonthInContext()
  const signOut = () => {
    session.signOut()
    navigate('/login')
    // On AWS, the hosted UI's session ends too (loaded on demand: local mode never needs it).
    void import('../auth/cognito').then((cognito) => cognito.signOutOfCognito())
  }

  return (
    <>
      <a class="skip" href="#main">
        {t('app.skipToMain')}
      </a>
      <header class="top">
        <div>
          <h1>{t('app.title')}</h1>
          <p class="muted">{t('app.subtitle')}</p>
        </div>
        <div class="tools">
          <Show
            when={session.current()}
            fallback={
              <A class="signin" href="/login">
                {t('nav.signIn')}
              </A>
            }
          >
            {(current) => (
              <section class="user" aria-label={t('nav.user')}>
                <span class="user-name" data-testid="user-name">
                  {current().user.name}
                </span>
                <span class="user-role" data-testid="user-roles">
                  <Suspense>
                    <RoleLabels roles={current().user.roles} />
                  </Suspense>
                </span>
                <button type="button" onClick={signOut}>
                  {t('nav.signOut')}
                </button>
              </section>
            )}
          </Show>
          {/* Named by its visible words (the other language's name), in that language. */}
          <button
            type="button"
            title={t('locale.label')}
            lang={locale() === 'zh-CN' ? 'en' : 'zh-CN'}
            onClick={() => setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN')}
          >
            {t('locale.switchTo')}
          </button>
        </div>
      </header>
      <nav class="nav" aria-label={t('nav.label')}>
        <For each={ROUTES.filter((route) => route.nav && mayOpen(route, session.current()?.user.roles))}>
          {(route) => <A href={withMonth(route.path, month())}>{t(`nav.${route.nav as NavLabel}`)}</A>}
        </For>
      </nav>
      <main id="main" tabindex="-1">
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>{props.children}</Suspense>
      </main>
    </>
  )
}
