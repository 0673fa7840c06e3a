/**
 * The shell of every page: title, navigation (the import page only for those who may import), who
 * is signed in (name and role), language switch.
 */
import { A, type RouteSectionProps, useNavigate } from '@solidjs/router'
import { lazy, Show, Suspense } from 'solid-js'
import { useI18n } from '../i18n'
import { DEDUCTIONS_PAGE_ROLES, hasAnyRole, IMPORT_PAGE_ROLES } from '../permissions'
import { useSession } from '../session'

const RoleLabels = lazy(() => import('./RoleLabels'))

export function Layout(props: RouteSectionProps) {
  const { t, locale, setLocale } = useI18n()
  const session = useSession()
  const navigate = useNavigate()
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
        <A href="/dashboard">{t('dashboard.nav')}</A>
        <A href="/tickets">{t('nav.tickets')}</A>
        <Show when={hasAnyRole(session.current()?.user.roles, DEDUCTIONS_PAGE_ROLES)}>
          <A href="/deductions">{t('deductions.nav')}</A>
        </Show>
        <A href="/outbox">{t('nav.outbox')}</A>
        {/* Only for those who may import: anyone else would be refused by the server. */}
        <Show when={hasAnyRole(session.current()?.user.roles, IMPORT_PAGE_ROLES)}>
          <A href="/import">{t('nav.import')}</A>
        </Show>
        <A href="/statement">{t('statement.nav')}</A>
        <A href="/incidents">{t('records.nav.incidents')}</A>
        <A href="/compliance">{t('records.nav.compliance')}</A>
        <A href="/settings">{t('records.nav.settings')}</A>
        <A href="/status">{t('nav.home')}</A>
      </nav>
      <main id="main" tabindex="-1">
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>{props.children}</Suspense>
      </main>
    </>
  )
}
