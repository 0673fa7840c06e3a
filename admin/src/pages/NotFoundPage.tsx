/** Any path the app has no page for. */
import { A } from '@solidjs/router'
import { useI18n } from '../i18n'

export default function NotFoundPage() {
  const { t } = useI18n()
  return (
    <section class="card" aria-labelledby="not-found-title">
      <h2 id="not-found-title">{t('notFound.title')}</h2>
      <p>
        <A href="/">{t('notFound.back')}</A>
      </p>
    </section>
  )
}
