/** The domain's bilingual labels (`STATUS_LABELS`, `RATING_LABELS`, `CATEGORIES`…) in the chosen language. */
import type { Locale } from './i18n'

export const inLocale = (label: { zh: string; en: string }, locale: Locale): string =>
  locale === 'zh-CN' ? label.zh : label.en
