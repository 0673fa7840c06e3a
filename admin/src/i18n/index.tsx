/**
 * zh-CN first, English second. One dictionary per locale with the same keys (`Dictionary`: a
 * missing translation is a compile error). Chinese is in the entry chunk; English is its own
 * chunk, loaded when chosen. The choice is remembered per browser.
 */
import * as i18n from '@solid-primitives/i18n'
import {
  batch,
  createContext,
  createEffect,
  createMemo,
  createSignal,
  type JSX,
  Show,
  useContext,
} from 'solid-js'
import { type Dictionary, zh } from './zh-CN'

export type { Dictionary } from './zh-CN'
export type Locale = 'zh-CN' | 'en'

/** The Chinese dictionary, for code that needs its keys (e.g. whether a figure has a label). */
export const zhDictionary: Dictionary = zh

const loaders: Record<Locale, () => Promise<Dictionary>> = {
  'zh-CN': async () => zh,
  en: () => import('./en').then((m) => m.en),
}

const STORAGE_KEY = 'hotline.locale'

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN'
}

function createI18n(start: Locale) {
  const [locale, setLocaleNow] = createSignal<Locale>('zh-CN')
  const [dictionary, setDictionary] = createSignal<Dictionary>(zh)
  const [ready, setReady] = createSignal(start === 'zh-CN')
  const dict = createMemo(() => i18n.flatten(dictionary()))
  const t = i18n.translator(dict, i18n.resolveTemplate)
  /** Switches once the locale's dictionary is loaded, so no page shows a mix of two languages. */
  const setLocale = async (next: Locale): Promise<void> => {
    const loaded = await loaders[next]()
    batch(() => {
      setDictionary(loaded)
      setLocaleNow(next)
      setReady(true)
    })
  }
  if (start !== 'zh-CN') void setLocale(start)
  createEffect(() => {
    document.documentElement.lang = locale()
    if (ready()) globalThis.localStorage?.setItem(STORAGE_KEY, locale())
  })
  return { locale, setLocale, t, ready }
}

type I18n = ReturnType<typeof createI18n>
const I18nContext = createContext<I18n>()

/** Renders its children once the chosen locale's dictionary is loaded (at once for Chinese). */
export function I18nProvider(props: { locale?: Locale; children: JSX.Element }) {
  const value = createI18n(props.locale ?? initialLocale())
  return (
    <I18nContext.Provider value={value}>
      <Show when={value.ready()}>{props.children}</Show>
    </I18nContext.Provider>
  )
}

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside <I18nProvider>')
  return value
}
