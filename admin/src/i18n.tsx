/**
 * zh-CN first, English second. One dictionary per locale with the same keys (the type
 * makes a missing translation a compile error); the choice is remembered per browser.
 */
import * as i18n from '@solid-primitives/i18n'
import { createContext, createEffect, createMemo, createSignal, type JSX, useContext } from 'solid-js'

const zh = {
  app: {
    title: '12345 热线运营平台',
    subtitle: '济源 12345 政务服务便民热线 · 外包运营',
    loading: '正在加载…',
    skipToMain: '跳到主要内容',
  },
  locale: { switchTo: 'English', label: '切换语言' },
  nav: {
    label: '主导航',
    home: '系统状态',
    outbox: '短信发件箱',
    signIn: '登录',
    signOut: '退出登录',
    user: '当前用户',
  },
  notFound: { title: '页面不存在', back: '返回首页' },
  login: {
    title: '登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    submitting: '正在登录…',
    wrong: '用户名或密码错误。',
    failed: '登录失败：{{ message }}',
    localNote: '本地模式：使用内置账号登录，演示账号和密码在启动 pnpm dev 时列出。',
    awsNote: '部署在 AWS 上时，改为通过 Amazon Cognito 登录。',
  },
  outbox: {
    title: '短信发件箱',
    day: '日期',
    refresh: '刷新',
    loading: '正在加载…',
    empty: '这一天没有短信。',
    failed: '无法加载发件箱：{{ message }}',
    caption: '{{ day }} 的短信，最新的在前',
    senderLocal: '本地模式：短信只记录在发件箱，不会真正发出。',
    senderAws: '短信经 AWS End User Messaging 发出。',
    columns: { time: '时间', to: '手机号', purpose: '类型', text: '内容', sender: '发送方', status: '状态' },
    purposes: { acknowledgement: '受理回执', survey: '满意度回访', rating_thanks: '评价致谢', reply: '答复' },
    senders: { local: '本地（未发出）', aws: 'AWS 短信' },
    statuses: { sent: '已发送', failed: '发送失败' },
    pager: '翻页',
    previous: '上一页',
    next: '下一页',
    page: '第 {{ n }} 页',
  },
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
    loading: 'Loading…',
    skipToMain: 'Skip to main content',
  },
  locale: { switchTo: '中文', label: 'Switch language' },
  nav: {
    label: 'Main',
    home: 'System status',
    outbox: 'SMS outbox',
    signIn: 'Sign in',
    signOut: 'Sign out',
    user: 'Signed in as',
  },
  notFound: { title: 'Page not found', back: 'Back to the start page' },
  login: {
    title: 'Sign in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    wrong: 'Wrong username or password.',
    failed: 'Could not sign in: {{ message }}',
    localNote: 'Local mode: sign in with a built-in account; pnpm dev lists the demo accounts and passwords.',
    awsNote: 'Deployed on AWS, you sign in with Amazon Cognito instead.',
  },
  outbox: {
    title: 'SMS outbox',
    day: 'Date',
    refresh: 'Refresh',
    loading: 'Loading…',
    empty: 'No SMS on this day.',
    failed: 'Cannot load the outbox: {{ message }}',
    caption: 'SMS of {{ day }}, newest first',
    senderLocal: 'Local mode: messages are only recorded here; nothing is actually sent.',
    senderAws: 'Messages are sent through AWS End User Messaging.',
    columns: {
      time: 'Time',
      to: 'Mobile',
      purpose: 'Type',
      text: 'Text',
      sender: 'Sender',
      status: 'Status',
    },
    purposes: {
      acknowledgement: 'Acknowledgement',
      survey: 'Satisfaction survey',
      rating_thanks: 'Thanks for rating',
      reply: 'Reply',
    },
    senders: { local: 'Local (not sent)', aws: 'AWS SMS' },
    statuses: { sent: 'Sent', failed: 'Failed' },
    pager: 'Pages',
    previous: 'Previous',
    next: 'Next',
    page: 'Page {{ n }}',
  },
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
