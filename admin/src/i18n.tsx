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
    tickets: '工单',
    import: '导入',
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
  tickets: {
    title: '即将超时的工单',
    intro: '列出下一个办理时限在所选时间之前（含）到期的工单，最早到期的在前。时间均为北京时间。',
    dueBefore: '到期不晚于（北京时间）',
    dueBeforeShown: '即 {{ due }} 之前',
    status: '状态',
    anyStatus: '全部状态',
    refresh: '刷新',
    loading: '正在加载…',
    invalidTime: '请选择有效的日期和时间。',
    failed: '无法加载工单：{{ message }}',
    empty: '没有在此之前到期的工单。',
    noMore: '没有更多工单了。',
    caption: '{{ due }} 之前到期的工单，最早到期的在前',
    columns: { ticket: '工单号', status: '状态', channel: '渠道', clock: '下一个时限', due: '到期时间' },
    overdue: '已超时',
    pager: '翻页',
    previous: '上一页',
    next: '下一页',
    page: '第 {{ n }} 页',
  },
  clocks: {
    kinds: { transfer: '转办时限', return: '回退处理时限', callback: '回访时限' },
    provisional: '暂定',
    provisionalNote: '该年度的节假日安排尚未载入，此期限按暂定日历计算。',
  },
  channels: { phone: '电话', sms: '短信', web: '网上诉求', miniprogram: '小程序', wechat: '微信公众号' },
  ticket: {
    title: '工单 {{ id }}',
    back: '返回工单列表',
    loading: '正在加载…',
    notFound: '没有工单 {{ id }}。',
    failed: '无法加载工单：{{ message }}',
    facts: {
      label: '工单概况',
      status: '状态',
      channel: '渠道',
      receivedAt: '受理时间',
      category: '类别',
      content: '诉求内容',
      location: '地点',
      phone: '手机号',
      rating: '满意度评价',
    },
    clocks: '正在计时的时限',
    noClocks: '没有正在计时的时限。',
    clockColumns: { kind: '时限', startedAt: '起算时间', due: '到期时间（北京时间）' },
    history: '办理记录',
    historyColumns: {
      at: '时间',
      event: '事件',
      by: '记录人',
      department: '承办单位',
      reason: '原因 / 备注',
    },
    noPhone: '未留手机号',
    ratingValue: '{{ level }}（{{ at }}，{{ via }}）',
    ratingVia: { sms: '短信回复', web: '网上评价', import: '导入' },
    noRating: '尚未评价',
    reveal: {
      open: '查看完整号码',
      reason: '查看原因',
      hint: '查看号码会记入审计日志：谁、何时、因何查看。',
      submit: '查看号码',
      cancel: '取消',
      busy: '正在获取…',
      shown: '完整号码：{{ phone }}',
      audited: '本次查看已记入审计日志；号码只显示这一次，离开页面或隐藏后需重新说明原因。',
      hide: '隐藏号码',
      none: '该工单没有留存的手机号（本次查看仍已记入审计日志）。',
      failed: '无法查看号码：{{ message }}',
    },
  },
  import: {
    title: '导入 NDJSON 文件',
    intro:
      '每行一条记录（工单事件、话务、评价等，见 SPEC §9），每 1000 行为一批依次上传。出错的行按文件中的行号列出，不会写入；重复导入同一文件不会改变任何数据。',
    notAllowed: '只有甲方审核员可以导入文件。',
    file: '选择文件（.ndjson）',
    submit: '开始导入',
    stop: '停止',
    progress: '导入进度',
    progressText: '已处理 {{ lines }} 行，{{ percent }}%',
    done: '导入完成：共 {{ lines }} 行。',
    nothingChanged: '所有记录此前都已导入，没有任何更改。',
    empty: '文件是空的，没有可导入的行。',
    stopped: '导入已停止：前 {{ lines }} 行已导入。再次导入同一文件即可继续，已导入的行会计为重复。',
    failed: '导入中断：{{ message }}。前 {{ lines }} 行已导入，再次导入同一文件即可继续。',
    totals: {
      label: '导入结果',
      lines: '行数',
      created: '新建',
      updated: '更新',
      applied: '已记入工单',
      duplicates: '重复（未更改）',
      skipped: '空行（跳过）',
      failed: '出错',
    },
    errors: '出错的行',
    errorsCaption: '出错的行，按文件中的行号',
    errorsTruncated: '只列出前 {{ shown }} 行，共 {{ failed }} 行出错。',
    errorColumns: { line: '行号', field: '字段', message: '原因' },
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
    tickets: 'Tickets',
    import: 'Import',
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
  tickets: {
    title: 'Tickets about to breach',
    intro:
      'Tickets whose next deadline falls due by the time chosen (inclusive), soonest first. All times are Beijing time.',
    dueBefore: 'Due by (Beijing time)',
    dueBeforeShown: 'that is, by {{ due }}',
    status: 'Status',
    anyStatus: 'Any status',
    refresh: 'Refresh',
    loading: 'Loading…',
    invalidTime: 'Choose a valid date and time.',
    failed: 'Cannot load the tickets: {{ message }}',
    empty: 'No ticket falls due by then.',
    noMore: 'No more tickets.',
    caption: 'Tickets due by {{ due }}, soonest first',
    columns: { ticket: 'Ticket', status: 'Status', channel: 'Channel', clock: 'Next deadline', due: 'Due' },
    overdue: 'Overdue',
    pager: 'Pages',
    previous: 'Previous',
    next: 'Next',
    page: 'Page {{ n }}',
  },
  clocks: {
    kinds: { transfer: 'Transfer deadline', return: 'Handling a return', callback: 'Callback deadline' },
    provisional: 'Provisional',
    provisionalNote: "That year's holiday calendar is not loaded yet: this deadline is provisional.",
  },
  channels: { phone: 'Phone', sms: 'SMS', web: 'Web form', miniprogram: 'Mini-program', wechat: 'WeChat' },
  ticket: {
    title: 'Ticket {{ id }}',
    back: 'Back to the tickets',
    loading: 'Loading…',
    notFound: 'There is no ticket {{ id }}.',
    failed: 'Cannot load the ticket: {{ message }}',
    facts: {
      label: 'Summary',
      status: 'Status',
      channel: 'Channel',
      receivedAt: 'Received',
      category: 'Category',
      content: 'Request',
      location: 'Location',
      phone: 'Mobile',
      rating: 'Rating',
    },
    clocks: 'Running deadlines',
    noClocks: 'No deadline is running.',
    clockColumns: { kind: 'Deadline', startedAt: 'Started', due: 'Due (Beijing time)' },
    history: 'History',
    historyColumns: {
      at: 'Time',
      event: 'Event',
      by: 'Recorded by',
      department: 'Department',
      reason: 'Reason / note',
    },
    noPhone: 'No mobile number',
    ratingValue: '{{ level }} ({{ at }}, {{ via }})',
    ratingVia: { sms: 'by SMS', web: 'on the web', import: 'imported' },
    noRating: 'Not rated',
    reveal: {
      open: 'Reveal the number',
      reason: 'Reason',
      hint: 'Revealing the number is audited: who, when and why are recorded.',
      submit: 'Reveal',
      cancel: 'Cancel',
      busy: 'Revealing…',
      shown: 'Full number: {{ phone }}',
      audited:
        'This reveal is recorded in the audit log. The number is shown this once: after hiding it or leaving the page, reveal it again with a reason.',
      hide: 'Hide the number',
      none: 'No number is on file for this ticket (the request is still recorded in the audit log).',
      failed: 'Cannot reveal the number: {{ message }}',
    },
  },
  import: {
    title: 'Import an NDJSON file',
    intro:
      'One record per line (ticket events, calls, ratings… see SPEC §9), sent 1000 lines at a time. Lines with errors are listed by their line number in the file and write nothing; importing the same file again changes nothing.',
    notAllowed: 'Only agency reviewers may import files.',
    file: 'File (.ndjson)',
    submit: 'Import',
    stop: 'Stop',
    progress: 'Import progress',
    progressText: '{{ lines }} lines processed, {{ percent }}%',
    done: 'Import finished: {{ lines }} lines.',
    nothingChanged: 'Every record had been imported before: nothing changed.',
    empty: 'The file is empty: there is nothing to import.',
    stopped:
      'Import stopped: the first {{ lines }} lines were imported. Import the same file again to finish; lines already imported count as duplicates.',
    failed:
      'Import interrupted: {{ message }}. The first {{ lines }} lines were imported; import the same file again to finish.',
    totals: {
      label: 'Result',
      lines: 'Lines',
      created: 'Created',
      updated: 'Updated',
      applied: 'Applied to tickets',
      duplicates: 'Duplicates (unchanged)',
      skipped: 'Blank lines (skipped)',
      failed: 'Failed',
    },
    errors: 'Lines with errors',
    errorsCaption: 'Lines with errors, by their line number in the file',
    errorsTruncated: 'Only the first {{ shown }} are listed; {{ failed }} lines failed.',
    errorColumns: { line: 'Line', field: 'Field', message: 'Problem' },
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
