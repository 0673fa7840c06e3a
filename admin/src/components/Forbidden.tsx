/** What a signed-in user sees on a page their role may not open: said plainly, with the way back. */
import { A } from '@solidjs/router'
import { useI18n } from '../i18n'

export default function Forbidden() {
  const { t } = useI18n()
  return (
    <section class="card" aria-labelledby="forbidden-title">
      <h2 id="forbidden-title">{t('app.forbiddenTitle')}</h2>
      <p role="alert">{t('app.forbidden')}</p>
      <A href="/dashboard">{t('notFound.back')}</A>
    </section>
  )
}
