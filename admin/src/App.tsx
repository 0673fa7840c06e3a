/** The app shell: title, language switch, and (for now) the system status. */
import { HealthCard } from './components/HealthCard'
import { useI18n } from './i18n'

export function App() {
  const { t, locale, setLocale } = useI18n()
  return (
    <>
      <header class="top">
        <div>
          <h1>{t('app.title')}</h1>
          <p class="muted">{t('app.subtitle')}</p>
        </div>
        <button
          type="button"
          aria-label={t('locale.label')}
          lang={locale() === 'zh-CN' ? 'en' : 'zh-CN'}
          onClick={() => setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          {t('locale.switchTo')}
        </button>
      </header>
      <main>
        <HealthCard />
      </main>
    </>
  )
}
