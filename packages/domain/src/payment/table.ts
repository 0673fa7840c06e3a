/**
 * The payment statement in words, as rows: what the statement page shows and the CSV and XLSX
 * exports write, row for row, in Chinese or English — each quarter, its deductions per billing
 * month with their subtotals and the drafts still pending, its payment, lateness, late fee and
 * the contractor's right to terminate; then the totals. Amounts stay integer fen.
 */
import { KPI_NAMES, subjectInWords, weekInWords } from '../deductions/words'
import { formatBp } from '../fraction'
import { formatYuan } from '../money'
import { type Instant, type LocalDate, localClockMs, localDateOf, type Month } from '../time'
import type {
  InstalmentStatus,
  MonthGroup,
  Quarter,
  Statement,
  StatementLine,
  WithheldDeduction,
} from './statement'

export const STATEMENT_LANGS = ['zh-CN', 'en'] as const
export type StatementLang = (typeof STATEMENT_LANGS)[number]

export type StatementRowKind =
  | 'quarter'
  | 'gross'
  | 'deduction'
  | 'subtotal'
  | 'pending'
  | 'counted'
  | 'withheld'
  | 'net'
  | 'status'
  | 'payment'
  | 'lateFee'
  | 'termination'
  | 'unsettled'
  | 'total'

/** The columns, in the order the exports write them. */
export const STATEMENT_COLUMNS = [
  'quarter',
  'month',
  'item',
  'period',
  'subject',
  'draftedFen',
  'finalFen',
  'amountFen',
  'status',
  'note',
] as const
export type StatementColumn = (typeof STATEMENT_COLUMNS)[number]
/** The columns holding amounts (fen); the others hold words. */
export const AMOUNT_COLUMNS: readonly StatementColumn[] = ['draftedFen', 'finalFen', 'amountFen']

export type StatementRow = {
  readonly kind: StatementRowKind
  /** A quarter's rows, the deductions no instalment is left for, or the totals. */
  readonly section: Quarter | 'unsettled' | 'totals'
  /** Set on a deduction's row (and its month's rows): where the page links. */
  readonly billingMonth: Month | null
  readonly deductionId: string | null
  /** How the page marks it: paid on time, a warning, a breach of the payment terms. */
  readonly tone: 'good' | 'warn' | 'bad' | null
  readonly quarter: string
  readonly month: string
  readonly item: string
  readonly period: string
  readonly subject: string
  readonly draftedFen: number | null
  readonly finalFen: number | null
  readonly amountFen: number | null
  readonly status: string
  readonly note: string
}

export type StatementTable = {
  readonly lang: StatementLang
  readonly title: string
  /** The contract and its terms version, in words. */
  readonly contract: string
  /** The withholding rule, the late fee and the termination right, in words. */
  readonly rule: string
  readonly columns: Readonly<Record<StatementColumn, string>>
  readonly rows: readonly StatementRow[]
}

const ZH_QUARTERS = ['第一季度', '第二季度', '第三季度', '第四季度'] as const
const EN_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const
const EN_FULL_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const

const parts = (date: string) => ({
  y: date.slice(0, 4),
  m: Number(date.slice(5, 7)),
  d: Number(date.slice(8, 10)),
})

/** Everything a language says on the statement. */
type Words = {
  readonly columns: Readonly<Record<StatementColumn, string>>
  readonly quarter: (q: Quarter) => string
  readonly kind: Readonly<Record<StatementLine['kind'], string>>
  readonly date: (date: LocalDate) => string
  readonly month: (month: Month) => string
  readonly year: (year: string) => string
  readonly sep: string
  readonly title: (asOf: string) => string
  readonly contract: (title: string, version: string) => string
  readonly rule: (fee: string, perDay: string, days: number) => string
  readonly instalmentStatus: Readonly<Record<InstalmentStatus, string>>
  readonly deductionStatus: Readonly<Record<WithheldDeduction['status'], string>>
  readonly due: (date: string) => string
  readonly gross: string
  readonly carried: string
  readonly continues: string
  readonly subtotal: (month: string) => string
  readonly pending: (amount: string) => string
  readonly pendingNote: (count: number) => string
  readonly counted: (acknowledged: number, rejected: number) => string
  readonly countedNote: string
  readonly withheld: string
  readonly net: string
  readonly paymentStatus: string
  readonly daysLeft: (n: number) => string
  readonly dueToday: string
  readonly overdueBy: (n: number) => string
  readonly nothingDue: string
  readonly onTime: string
  readonly paidLate: (n: number) => string
  readonly payment: string
  readonly paidBy: (date: string, by: string | null, at: string | null) => string
  readonly notPaid: string
  readonly lateFee: string
  readonly lateFeeDays: (n: number, perDay: string, accruing: boolean, asOf: string) => string
  readonly noLateFee: string
  readonly lateFeeIfLate: (perDay: string) => string
  readonly termination: (days: number) => string
  readonly terminationStatus: Readonly<Record<'approaching' | 'applies' | 'arose', string>>
  readonly terminationNote: Readonly<
    Record<'approaching' | 'applies' | 'arose', (from: string, days: number, n: number) => string>
  >
  readonly unsettled: string
  readonly unsettledWithheld: string
  readonly totals: Readonly<Record<'gross' | 'withheld' | 'net' | 'paid' | 'lateFee', string>>
  readonly lateQuarters: (n: number) => string
}

const ZH: Words = {
  columns: {
    quarter: '季度',
    month: '账期',
    item: '项目',
    period: '考核期',
    subject: '对象',
    draftedFen: '起草金额（元）',
    finalFen: '核定金额（元）',
    amountFen: '本期金额（元）',
    status: '状态',
    note: '说明',
  },
  quarter: (q) => ZH_QUARTERS[q - 1] ?? ZH_QUARTERS[0],
  kind: { prepayment: '预付款', part: '分期款' },
  date: (date) => {
    const { y, m, d } = parts(date)
    return `${y}年${m}月${d}日`
  },
  month: (month) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`,
  year: (year) => `${year}年`,
  sep: '；',
  title: (asOf) => `季度付款结算单（截至${asOf}）`,
  contract: (title, version) => `合同：${title}；条款版本 ${version}`,
  rule: (fee, perDay, days) =>
    `扣款规则：经甲方审核批准（含调整金额）的扣款，从决定当日尚未支付的下一期付款中扣除；` +
    `某季度的扣款若在该季度款项支付之后才决定，则从下一期未付款中扣除，超出一期金额的部分顺延至再下一期。` +
    `待审核的扣款不计入任何金额；不予扣款的和记录不扣款（¥0）的记录不扣钱。` +
    `甲方逾期付款的，每逾期一日按合同总金额的${fee}（${perDay}）计违约金；逾期超过${days}日，乙方有权单方解除本合同（合同第六条）。`,
  instalmentStatus: {
    paid: '已付款',
    overdue: '逾期未付',
    due_soon: '待付款',
    upcoming: '未到期',
    nothing_due: '无需付款',
  },
  deductionStatus: { approved: '已批准', adjusted: '已调整' },
  due: (date) => `到期日 ${date}`,
  gross: '应付金额',
  carried: '接上期结转',
  continues: '本期不足扣减，余额结转下一期',
  subtotal: (month) => `${month}扣款小计`,
  pending: (amount) => `待审核 ${amount}（未计入）`,
  pendingNote: (count) => `${count} 条扣款待审核，审核前不计入任何金额`,
  counted: (acknowledged, rejected) =>
    [acknowledged > 0 ? `记录不扣款 ${acknowledged} 条` : '', rejected > 0 ? `不予扣款 ${rejected} 条` : '']
      .filter(Boolean)
      .join('；'),
  countedNote: '不涉及金额',
  withheld: '本季度扣款合计',
  net: '实付金额（应付金额 − 扣款合计）',
  paymentStatus: '付款状态',
  daysLeft: (n) => `还有 ${n} 天到期`,
  dueToday: '今天到期',
  overdueBy: (n) => `已逾期 ${n} 天`,
  nothingDue: '全部扣抵，无需付款',
  onTime: '按期付款',
  paidLate: (n) => `逾期 ${n} 天付款`,
  payment: '付款记录',
  paidBy: (date, by, at) => `${date}付款${by ? `，由${by}${at ? `于${at}` : ''}记录` : ''}`,
  notPaid: '未付款',
  lateFee: '逾期违约金',
  lateFeeDays: (n, perDay, accruing, asOf) =>
    `逾期 ${n} 天 × ${perDay}/天${accruing ? `（截至${asOf}，仍在累计）` : ''}`,
  noLateFee: '无',
  lateFeeIfLate: (perDay) => `无；逾期每天 ${perDay}`,
  termination: (days) => `逾期超过${days}日的解除权（合同第六条）`,
  terminationStatus: { approaching: '即将可解除', applies: '乙方有权解除', arose: '曾可解除' },
  terminationNote: {
    approaching: (from, days, n) => `再逾期 ${n} 天（${from}起）即逾期超过${days}日，乙方有权单方解除本合同`,
    applies: (from, days) => `逾期已超过${days}日：自${from}起乙方有权单方解除本合同`,
    arose: (from, days) => `付款时已逾期超过${days}日：自${from}起乙方曾有权单方解除本合同`,
  },
  unsettled: '结算外：已无未付季度可扣抵，须由乙方另行支付',
  unsettledWithheld: '结算外扣款合计',
  totals: {
    gross: '应付合计',
    withheld: '扣款合计',
    net: '实付合计',
    paid: '已付合计',
    lateFee: '逾期违约金合计',
  },
  lateQuarters: (n) => (n === 0 ? '无逾期' : `${n} 个季度逾期`),
}

const EN: Words = {
  columns: {
    quarter: 'Quarter',
    month: 'Billing month',
    item: 'Item',
    period: 'Period',
    subject: 'Subject',
    draftedFen: 'Drafted (CNY)',
    finalFen: 'Decided (CNY)',
    amountFen: 'Amount (CNY)',
    status: 'Status',
    note: 'Notes',
  },
  quarter: (q) => `Q${q}`,
  kind: { prepayment: 'prepayment', part: 'instalment' },
  date: (date) => {
    const { y, m, d } = parts(date)
    return `${EN_MONTHS[m - 1]} ${d}, ${y}`
  },
  month: (month) => `${EN_FULL_MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`,
  year: (year) => year,
  sep: '; ',
  title: (asOf) => `Quarterly payment statement as of ${asOf}`,
  contract: (title, version) => `Contract: ${title}; terms version ${version}`,
  rule: (fee, perDay, days) =>
    `Withholding rule: a deduction the agency approves (or adjusts) is withheld from the next payment not yet made on the day it is decided; ` +
    `a deduction decided after its quarter's payment falls on the next unpaid one, and what exceeds an instalment carries to the one after. ` +
    `Drafts awaiting review are not counted in any amount; rejected deductions and ¥0 records withhold nothing. ` +
    `For each day a payment is late the agency owes ${fee} of the contract total (${perDay}); more than ${days} days late, the contractor may terminate the contract (clause 6).`,
  instalmentStatus: {
    paid: 'paid',
    overdue: 'overdue, unpaid',
    due_soon: 'due soon',
    upcoming: 'not yet due',
    nothing_due: 'nothing to pay',
  },
  deductionStatus: { approved: 'approved', adjusted: 'adjusted' },
  due: (date) => `due ${date}`,
  gross: 'Amount due',
  carried: 'carried over from an earlier instalment',
  continues: 'the rest carries to the next instalment',
  subtotal: (month) => `Deductions of ${month}`,
  pending: (amount) => `Awaiting review ${amount} (not counted)`,
  pendingNote: (count) =>
    `${count} ${count === 1 ? 'deduction awaits' : 'deductions await'} review; not counted in any amount until decided`,
  counted: (acknowledged, rejected) =>
    [
      acknowledged > 0 ? `${acknowledged} recorded without charge` : '',
      rejected > 0 ? `${rejected} not charged (rejected)` : '',
    ]
      .filter(Boolean)
      .join('; '),
  countedNote: 'no money involved',
  withheld: 'Deductions this quarter',
  net: 'Net payable (amount due − deductions)',
  paymentStatus: 'Payment status',
  daysLeft: (n) => `due in ${n} ${n === 1 ? 'day' : 'days'}`,
  dueToday: 'due today',
  overdueBy: (n) => `${n} ${n === 1 ? 'day' : 'days'} overdue`,
  nothingDue: 'all withheld, nothing to pay',
  onTime: 'paid on time',
  paidLate: (n) => `paid ${n} ${n === 1 ? 'day' : 'days'} late`,
  payment: 'Payment',
  paidBy: (date, by, at) => `paid on ${date}${by ? `, recorded by ${by}${at ? ` on ${at}` : ''}` : ''}`,
  notPaid: 'not paid',
  lateFee: 'Late fee',
  lateFeeDays: (n, perDay, accruing, asOf) =>
    `${n} ${n === 1 ? 'day' : 'days'} late × ${perDay} per day${accruing ? ` (as of ${asOf}, still accruing)` : ''}`,
  noLateFee: 'none',
  lateFeeIfLate: (perDay) => `none; ${perDay} per day if late`,
  termination: (days) => `Right to terminate after ${days} days late (clause 6)`,
  terminationStatus: {
    approaching: 'approaching',
    applies: 'contractor may terminate',
    arose: 'arose before payment',
  },
  terminationNote: {
    approaching: (from, days, n) =>
      `${n} more ${n === 1 ? 'day' : 'days'} unpaid (from ${from}) and it is more than ${days} days late: the contractor may then terminate the contract`,
    applies: (from, days) =>
      `more than ${days} days late: the contractor may terminate the contract since ${from}`,
    arose: (from, days) =>
      `paid more than ${days} days late: the contractor could terminate the contract from ${from}`,
  },
  unsettled: 'Outside the schedule: no unpaid instalment left to withhold from; owed by the contractor',
  unsettledWithheld: 'Deductions outside the schedule',
  totals: {
    gross: 'Total due',
    withheld: 'Total deductions',
    net: 'Total net payable',
    paid: 'Total paid',
    lateFee: 'Total late fees',
  },
  lateQuarters: (n) => (n === 0 ? 'no late payment' : `${n} ${n === 1 ? 'quarter' : 'quarters'} late`),
}

const WORDS: Readonly<Record<StatementLang, Words>> = { 'zh-CN': ZH, en: EN }

/** A deduction's period in words: a day, `2026 年第 41 周`, a month, a year (else as given). */
export function periodInWords(period: string, lang: StatementLang): string {
  const w = WORDS[lang]
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return w.date(period)
  const week = weekInWords(period)
  if (week) return lang === 'en' ? week.en : week.zh
  if (/^\d{4}-\d{2}$/.test(period)) return w.month(period)
  if (/^\d{4}$/.test(period)) return w.year(period)
  return period
}

/** A local date and clock time: `2026年9月28日 10:00`, `Sep 28, 2026 10:00`. */
function dateTime(instant: Instant, w: Words): string {
  const minutes = Math.floor(localClockMs(instant) / 60_000)
  const clock = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
  return `${w.date(localDateOf(instant))} ${clock}`
}

const TONES: Readonly<Record<InstalmentStatus, StatementRow['tone']>> = {
  paid: 'good',
  nothing_due: 'good',
  upcoming: null,
  due_soon: 'warn',
  overdue: 'bad',
}

type RowInput = Partial<Omit<StatementRow, 'kind' | 'section'>> & Pick<StatementRow, 'kind' | 'item'>

export type StatementTableOptions = {
  readonly lang: StatementLang
  /** The contract's title in the chosen language, and the terms version (`2026.1`). */
  readonly contract: { readonly title: string; readonly version: string }
  /** A person's display name from their user name (the user name itself when unknown). */
  readonly nameOf?: (username: string) => string
}

/**
 * The statement as rows in `lang`. Amounts are positive fen: a quarter's net is its amount due
 * less its deductions, each shown as what it is. Pending drafts are shown with their drafted sum,
 * never counted in a subtotal or total.
 *
 * @example
 * statementTable(statement, { lang: 'zh-CN', contract: { title: '济源…合同', version: '2026.1' } }).rows[0]
 * // → { kind: 'quarter', section: 1, quarter: '第一季度', item: '第一季度 · 预付款', status: '已付款', … }
 */
export function statementTable(statement: Statement, options: StatementTableOptions): StatementTable {
  const w = WORDS[options.lang]
  const nameOf = options.nameOf ?? ((username: string) => username)
  const perDay = formatYuan(statement.lateFeePerDayFen)
  const asOf = w.date(statement.asOf)
  const rows: StatementRow[] = []

  const sectionRows = (section: StatementRow['section'], quarter: string) => (input: RowInput) =>
    rows.push({
      section,
      quarter,
      billingMonth: null,
      deductionId: null,
      tone: null,
      month: '',
      period: '',
      subject: '',
      draftedFen: null,
      finalFen: null,
      amountFen: null,
      status: '',
      note: '',
      ...input,
    })

  const monthRows = (add: (input: RowInput) => void, groups: readonly MonthGroup[]) => {
    for (const group of groups) {
      const month = w.month(group.billingMonth)
      const billingMonth = group.billingMonth
      for (const d of group.deductions) {
        add({
          kind: 'deduction',
          billingMonth,
          deductionId: d.id,
          month,
          item: KPI_NAMES[d.kpi][options.lang === 'en' ? 'en' : 'zh'],
          period: periodInWords(d.period, options.lang),
          subject: d.subject === null ? '' : subjectInWords(d.subject)[options.lang === 'en' ? 'en' : 'zh'],
          draftedFen: d.draftedFen,
          finalFen: d.finalFen,
          amountFen: d.amountFen,
          status: w.deductionStatus[d.status],
          note: [d.reason ?? '', d.carried ? w.carried : '', d.continues ? w.continues : '']
            .filter(Boolean)
            .join(w.sep),
        })
      }
      add({ kind: 'subtotal', billingMonth, month, item: w.subtotal(month), amountFen: group.withheldFen })
      if (group.pending.count > 0) {
        add({
          kind: 'pending',
          billingMonth,
          tone: 'warn',
          month,
          item: w.pending(formatYuan(group.pending.amountFen)),
          draftedFen: group.pending.amountFen,
          note: w.pendingNote(group.pending.count),
        })
      }
      if (group.acknowledged + group.rejected > 0) {
        add({
          kind: 'counted',
          billingMonth,
          month,
          item: w.counted(group.acknowledged, group.rejected),
          note: w.countedNote,
        })
      }
    }
  }

  for (const line of statement.instalments) {
    const add = sectionRows(line.quarter, w.quarter(line.quarter))
    const tone = TONES[line.status]
    add({
      kind: 'quarter',
      tone,
      item: `${w.quarter(line.quarter)} · ${w.kind[line.kind]}`,
      status: w.instalmentStatus[line.status],
      note: w.due(w.date(line.due)),
    })
    add({ kind: 'gross', item: w.gross, amountFen: line.grossFen })
    monthRows(add, line.months)
    add({ kind: 'withheld', item: w.withheld, amountFen: line.withheldFen })
    add({ kind: 'net', item: w.net, amountFen: line.netFen })
    add({
      kind: 'status',
      tone,
      item: w.paymentStatus,
      status: w.instalmentStatus[line.status],
      note: timeliness(line, w),
    })
    add({
      kind: 'payment',
      item: w.payment,
      amountFen: line.paidFen,
      note:
        line.paidOn === null
          ? w.notPaid
          : w.paidBy(
              w.date(line.paidOn),
              line.recordedBy === null ? null : nameOf(line.recordedBy),
              line.recordedAt === null ? null : dateTime(line.recordedAt, w),
            ),
    })
    add({
      kind: 'lateFee',
      tone: line.lateFeeFen > 0 ? 'bad' : null,
      item: w.lateFee,
      amountFen: line.lateFeeFen,
      note:
        line.daysLate > 0
          ? w.lateFeeDays(line.daysLate, perDay, line.paidOn === null, asOf)
          : line.status === 'upcoming' || line.status === 'due_soon'
            ? w.lateFeeIfLate(perDay)
            : w.noLateFee,
    })
    const right = line.termination
    if (right.state !== 'none' && right.from !== null) {
      add({
        kind: 'termination',
        tone: right.state === 'applies' ? 'bad' : 'warn',
        item: w.termination(statement.terminateAfterDaysLate),
        status: w.terminationStatus[right.state],
        note: w.terminationNote[right.state](
          w.date(right.from),
          statement.terminateAfterDaysLate,
          right.daysLeft ?? 0,
        ),
      })
    }
  }

  if (statement.unsettledMonths.length > 0) {
    const add = sectionRows('unsettled', '')
    add({ kind: 'unsettled', tone: 'bad', item: w.unsettled })
    monthRows(add, statement.unsettledMonths)
    add({ kind: 'withheld', item: w.unsettledWithheld, amountFen: statement.totals.unsettledFen })
  }

  const add = sectionRows('totals', '')
  const { totals } = statement
  add({ kind: 'total', item: w.totals.gross, amountFen: totals.grossFen })
  add({ kind: 'total', item: w.totals.withheld, amountFen: totals.withheldFen })
  add({ kind: 'total', item: w.totals.net, amountFen: totals.netFen })
  add({ kind: 'total', item: w.totals.paid, amountFen: totals.paidFen })
  add({
    kind: 'total',
    tone: totals.lateFeeFen > 0 ? 'bad' : null,
    item: w.totals.lateFee,
    amountFen: totals.lateFeeFen,
    note: w.lateQuarters(totals.lateQuarters),
  })
  if (totals.unsettledFen > 0) {
    add({ kind: 'total', tone: 'bad', item: w.unsettledWithheld, amountFen: totals.unsettledFen })
  }

  return {
    lang: options.lang,
    title: w.title(asOf),
    contract: w.contract(options.contract.title, options.contract.version),
    rule: w.rule(formatBp(statement.lateFeeBpPerDay), perDay, statement.terminateAfterDaysLate),
    columns: w.columns,
    rows,
  }
}

/** Paid on time or N days late; unpaid: days left, due today, days overdue, nothing to pay. */
function timeliness(line: StatementLine, w: Words): string {
  if (line.paidOn !== null) return line.daysLate > 0 ? w.paidLate(line.daysLate) : w.onTime
  if (line.status === 'nothing_due') return w.nothingDue
  const n = line.daysLeft ?? 0
  if (n > 0) return w.daysLeft(n)
  if (n === 0) return w.dueToday
  return w.overdueBy(-n)
}
