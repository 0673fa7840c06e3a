/**
 * zh-CN first, English second. One dictionary per locale with the same keys (the type
 * makes a missing translation a compile error); the choice is remembered per browser.
 */
import * as i18n from '@solid-primitives/i18n'
import { createContext, createEffect, createMemo, createSignal, type JSX, useContext } from 'solid-js'

const zh = {
  app: { title: '12345 热线运营平台', subtitle: '济源 12345 政务服务便民热线 · 外包运营' },
  locale: { switchTo: 'English', label: '切换语言' },
  health: {
    title: '系统状态',
    status: '状态',
    loading: '正在检查…',
    ok: '正常',
    unavailable: '不可用',
    failed: '无法连接服务：{{ message }}',
    table: '数据表',
    engine: '存储引擎',
    latency: '往返耗时',
    latencyValue: '{{ ms }} 毫秒',
    version: '版本',
    checkedAt: '检查时间',
    refresh: '重新检查',
    engines: { dynalite: '内嵌引擎（dynalite，本地模式）', dynamodb: 'Amazon DynamoDB' },
  },
}

type Dictionary = typeof zh

const en: Dictionary = {
  app: {
    title: '12345 Hotline Operations',
    subtitle: 'Jiyuan 12345 government-service hotline · outsourced operation',
  },
  locale: { switchTo: '中文', label: 'Switch language' },
  health: {
    title: 'System status',
    status: 'Status',
    loading: 'Checking…',
    ok: 'OK',
    unavailable: 'Unavailable',
    failed: 'Cannot reach the service: {{ message }}',
    table: 'Table',
    engine: 'Storage engine',
    latency: 'Round trip',
    latencyValue: '{{ ms }} ms',
    version: 'Version',
    checkedAt: 'Checked at',
    refresh: 'Check again',
    engines: { dynalite: 'Embedded engine (dynalite, local mode)', dynamodb: 'Amazon DynamoDB' },
  },
}

export type Locale = 'zh-CN' | 'en'
export const dictionaries: Record<Locale, Dictionary> = { 'zh-CN': zh, en }

const STORAGE_KEY = 'hotline.locale'

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN'
}

function createI18n(start: Locale) {
  const [locale, setLocale] = createSignal<Locale>(start)
  const dict = createMemo(() => i18n.flatten(dictionaries[locale()]))
  const t = i18n.translator(dict, i18n.resolveTemplate)
  createEffect(() => {
    document.documentElement.lang = locale()
    globalThis.localStorage?.setItem(STORAGE_KEY, locale())
  })
  return { locale, setLocale, t }
}

type I18n = ReturnType<typeof createI18n>
const I18nContext = createContext<I18n>()

export function I18nProvider(props: { locale?: Locale; children: JSX.Element }) {
  const value = createI18n(props.locale ?? initialLocale())
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside <I18nProvider>')
  return value
}
