/**
 * `/deductions/:month/:id`: one deduction and everything behind it — the formula in words, the
 * KPI's value and target, the points and the rate, the figures and the records (tickets open on
 * their page), the terms version, the revision history, the audit trail, the supersession links
 * and the contractor's objection with its answer. An agency reviewer decides it here (approve,
 * reject with a reason, adjust to a new amount with a reason) at the version shown; a stale one is
 * refused (409) and the page says so and offers to reload. The contractor files an objection here.
 *
 * Keyboard: `a` approve, `r` reject, `j`/`k` the next/previous deduction of the queue the page was
 * opened from (the queue's filters and order are in the address), never while typing in a field.
 */
import { formatYuan, KPI_NAMES } from '@hotline/domain'
import { A, useLocation, useNavigate, useParams, useSearchParams } from '@solidjs/router'
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/solid-query'
import { createMemo, createSignal, For, Match, onMount, Show, Switch } from 'solid-js'
import { ApiRequestError } from '../api/client'
import {
  DEDUCTION_ROLES,
  type Deduction,
  type DeductionAuditEntry,
  type DeductionsResponse,
  deductionKey,
  deductionsKey,
  useDeductionsApi,
} from '../api/deductions'
import { formatInstant } from '../beijing-time'
import { DataTable } from '../components/lists'
import { DeductionMarks, StatusBadge } from '../deductions/badges'
import {
  evidenceHref,
  evidenceKind,
  isInstant,
  pointsText,
  targetText,
  valueText,
} from '../deductions/evidence'
import {
  deductionHref,
  isMonth,
  neighboursOf,
  type QueueParams,
  type QueueQuery,
  queueAsSeen,
  queueSearch,
  readQueueQuery,
  yuanToFen,
} from '../deductions/queue'
import { useShortcuts } from '../deductions/shortcuts'
import { type Locale, useI18n, zhDictionary } from '../i18n'
import { inLocale } from '../labels'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'

/** A path segment as the list encoded it. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** The server's words for a refusal, in the language shown when it has them. */
export function serverMessage(error: unknown, locale: Locale): string {
  if (error instanceof ApiRequestError) {
    const body = error.body?.error
    if (locale === 'zh-CN' && body?.messageZh) return body.messageZh
    return body?.message ?? error.message
  }
  return error instanceof Error ? error.message : String(error)
}

/** A decision or an objection came back: the detail and the month's list show it at once. */
function applyUpdate(client: QueryClient, updated: Deduction) {
  client.setQueryData(deductionKey(updated.billingMonth, updated.deductionId), updated)
  client.setQueryData<DeductionsResponse>(deductionsKey(updated.billingMonth), (old) =>
    old
      ? { deductions: old.deductions.map((d) => (d.deductionId === updated.deductionId ? updated : d)) }
      : old,
  )
}

export default function DeductionPage() {
  const { t } = useI18n()
  const api = useDeductionsApi()
  const params = useParams<{ month: string; id: string }>()
  const [search] = useSearchParams<QueueParams>()
  const month = () => decoded(params.month ?? '')
  const id = () => decoded(params.id ?? '')
  const queue = createMemo(() => readQueueQuery(search, isMonth(month()) ? month() : ''))

  const detail = useQuery(() => ({
    queryKey: deductionKey(month(), id()),
    queryFn: () => api.one(month(), id()),
    retry: false,
  }))
  // The queue it was opened from, for `j`/`k`: the same cached list the queue page shows.
  const list = useQuery(() => ({
    queryKey: deductionsKey(queue().month),
    queryFn: () => api.ofMonth(queue().month),
    enabled: isMonth(queue().month),
    retry: false,
  }))
  const order = createMemo(() => (list.data ? queueAsSeen(list.data.deductions, queue(), id()) : null))

  return (
    <section class="card deduction" aria-labelledby="deduction-title">
      <Switch>
        <Match when={detail.isPending}>
          <h2 id="deduction-title">{t('deductions.detail.loadingTitle')}</h2>
          <p role="status">{t('deductions.loading')}</p>
        </Match>
        <Match when={detail.isError}>
          <h2 id="deduction-title">{t('deductions.detail.loadingTitle')}</h2>
          <p role="alert" class="bad">
            {detail.error instanceof ApiRequestError && detail.error.status === 404
              ? t('deductions.detail.notFound', { id: id() })
              : t('deductions.detail.failed', { message: detail.error?.message ?? '' })}
          </p>
          <A href={`/deductions${queueSearch(queue())}`}>{t('deductions.detail.back')}</A>
        </Match>
        <Match when={detail.data}>
          {(data) => (
            // A fresh view (forms, messages) for each deduction walked to with `j`/`k`; keyed on the
            // data, not the address, so it never starts with the previous deduction's record.
            <Show when={`${data().billingMonth}/${data().deductionId}`} keyed>
              <DeductionView deduction={data()} order={order()} queue={queue()} />
            </Show>
          )}
        </Match>
      </Switch>
    </section>
  )
}

function DeductionView(props: { deduction: Deduction; order: Deduction[] | null; queue: QueueQuery }) {
  const { t, locale } = useI18n()
  const session = useSession()
  const navigate = useNavigate()
  const location = useLocation<{ focusTitle?: boolean }>()
  const roles = () => session.current()?.user.roles
  const mayDecide = () => hasAnyRole(roles(), DEDUCTION_ROLES.decide)
  const mayObject = () => hasAnyRole(roles(), DEDUCTION_ROLES.object)
  const d = () => props.deduction
  const neighbours = createMemo(() => (props.order ? neighboursOf(props.order, d().deductionId) : null))
  const [edge, setEdge] = createSignal<string | null>(null)
  let title: HTMLHeadingElement | undefined

  const go = (target: Deduction | undefined, atEdge: string) => {
    if (!neighbours()) return
    if (!target) {
      setEdge(atEdge)
      return
    }
    navigate(deductionHref(target.billingMonth, target.deductionId, props.queue), {
      state: { focusTitle: true },
    })
  }
  const next = () => go(neighbours()?.next, t('deductions.detail.atEnd'))
  const previous = () => go(neighbours()?.previous, t('deductions.detail.atStart'))
  useShortcuts(() => ({ j: next, k: previous }))
  // Walked here with `j`/`k`: the title takes the focus, so a screen reader reads where we are.
  onMount(() => {
    if (location.state?.focusTitle) title?.focus()
  })

  const canDecide = () => mayDecide() && d().status === 'draft'
  const name = () => inLocale(KPI_NAMES[d().kpi], locale())

  return (
    <>
      <header>
        <h2 id="deduction-title" ref={title} tabindex="-1">
          {t('deductions.detail.title', { kpi: name(), period: d().period })}
          <Show when={d().subject}>{(subject) => <span class="mono"> {subject()}</span>}</Show>{' '}
          <StatusBadge status={d().status} />
        </h2>
        <A href={`/deductions${queueSearch(props.queue)}`}>{t('deductions.detail.back')}</A>
      </header>

      <nav class="queue-nav" aria-label={t('deductions.detail.queueNav')}>
        <button
          type="button"
          onClick={previous}
          disabled={!neighbours()?.previous}
          aria-keyshortcuts="k"
          data-testid="previous-deduction"
        >
          {t('deductions.detail.previous')} <kbd>K</kbd>
        </button>
        <span data-testid="queue-position">
          <Show when={neighbours()} fallback={t('deductions.loading')}>
            {(n) => (
              <>
                {n().index >= 0
                  ? t('deductions.detail.position', { n: String(n().index + 1), count: String(n().count) })
                  : t('deductions.detail.notInQueue')}
              </>
            )}
          </Show>
        </span>
        <button
          type="button"
          onClick={next}
          disabled={!neighbours()?.next}
          aria-keyshortcuts="j"
          data-testid="next-deduction"
        >
          {t('deductions.detail.next')} <kbd>J</kbd>
        </button>
        <span class="visually-hidden" aria-live="polite">
          {edge() ?? ''}
        </span>
      </nav>

      <aside class="shortcuts" aria-labelledby="shortcuts-title" data-testid="shortcut-legend">
        <h3 id="shortcuts-title">{t('deductions.shortcuts.label')}</h3>
        <dl>
          <Show when={canDecide()}>
            <div>
              <dt>
                <kbd>A</kbd>
              </dt>
              <dd>{t('deductions.shortcuts.approve')}</dd>
            </div>
            <div>
              <dt>
                <kbd>R</kbd>
              </dt>
              <dd>{t('deductions.shortcuts.reject')}</dd>
            </div>
          </Show>
          <div>
            <dt>
              <kbd>J</kbd>
            </dt>
            <dd>{t('deductions.shortcuts.next')}</dd>
          </div>
          <div>
            <dt>
              <kbd>K</kbd>
            </dt>
            <dd>{t('deductions.shortcuts.previous')}</dd>
          </div>
        </dl>
        <p class="muted">{t('deductions.shortcuts.note')}</p>
      </aside>

      <div class="deduction-grid">
        <div class="deduction-main">
          <Facts deduction={d()} />
          <h3 id="formula-title">{t('deductions.detail.formula')}</h3>
          <p class="formula" data-testid="formula">
            {locale() === 'zh-CN' ? d().draft.formula.zh : d().draft.formula.en}
          </p>
          <Evidence deduction={d()} />
          <Supersession deduction={d()} queue={props.queue} />
          <Revisions deduction={d()} />
          <Audit deduction={d()} />
        </div>
        <div class="deduction-side">
          <ObjectionPanel deduction={d()} mayObject={mayObject()} />
          <DecisionPanel deduction={d()} mayDecide={mayDecide()} />
        </div>
      </div>
    </>
  )
}

function Facts(props: { deduction: Deduction }) {
  const { t, locale } = useI18n()
  const d = () => props.deduction
  return (
    <dl data-testid="deduction-facts" aria-label={t('deductions.facts.label')}>
      <dt>{t('deductions.facts.kpi')}</dt>
      <dd>
        {inLocale(KPI_NAMES[d().kpi], locale())} <span class="muted mono">{d().kpi}</span>
      </dd>
      <dt>{t('deductions.facts.clause')}</dt>
      <dd>{d().draft.clause}</dd>
      <dt>{t('deductions.facts.period')}</dt>
      <dd class="mono">{d().period}</dd>
      <dt>{t('deductions.facts.subject')}</dt>
      <dd class="mono">{d().subject ?? '—'}</dd>
      <dt>{t('deductions.facts.amount')}</dt>
      <dd data-testid="drafted-amount">{formatYuan(d().amountFen)}</dd>
      <Show when={d().finalAmountFen !== null}>
        <dt>{t('deductions.facts.finalAmount')}</dt>
        <dd data-testid="final-amount">
          <strong>{formatYuan(d().finalAmountFen ?? 0)}</strong>
        </dd>
      </Show>
      <dt>{t('deductions.facts.marks')}</dt>
      <dd>
        <DeductionMarks deduction={d()} />
      </dd>
      <dt>{t('deductions.facts.termsVersion')}</dt>
      <dd class="mono" data-testid="terms-version">
        {d().draft.termsVersion}
      </dd>
      <dt>{t('deductions.facts.draftedAt')}</dt>
      <dd>
        <time datetime={d().draftedAt}>{formatInstant(d().draftedAt, locale())}</time>
      </dd>
      <dt>{t('deductions.facts.updatedAt')}</dt>
      <dd>
        <time datetime={d().updatedAt}>{formatInstant(d().updatedAt, locale())}</time>
      </dd>
      <dt>{t('deductions.facts.version')}</dt>
      <dd data-testid="deduction-version">{d().version}</dd>
      <dt>{t('deductions.facts.id')}</dt>
      <dd class="mono">{d().deductionId}</dd>
    </dl>
  )
}

type Figures = (typeof zhDictionary)['deductions']['figures']
const isFigureKey = (key: string): key is keyof Figures & string =>
  Object.hasOwn(zhDictionary.deductions.figures, key)

function Evidence(props: { deduction: Deduction }) {
  const { t, locale } = useI18n()
  const basis = () => props.deduction.draft.basis
  const evidence = () => props.deduction.draft.evidence
  const kind = () => evidenceKind(props.deduction)
  const figureLabel = (key: string) => (isFigureKey(key) ? t(`deductions.figures.${key}`) : key)
  const figureValue = (value: string | number | boolean | null): string => {
    if (value === null) return '—'
    if (typeof value === 'boolean') return value ? t('deductions.yes') : t('deductions.no')
    if (isInstant(value)) return formatInstant(value, locale())
    return String(value)
  }
  const rate = () => basis().rate
  const partialLabel = (mode: string) =>
    mode === 'floor' || mode === 'ceil' || mode === 'prorate'
      ? t(`deductions.evidence.partial.${mode}`)
      : mode
  const bracketed = (text: string) => (locale() === 'zh-CN' ? `（${text}）` : ` (${text})`)
  return (
    <>
      <h3 id="evidence-title">{t('deductions.evidence.title')}</h3>
      <dl data-testid="evidence-basis" aria-labelledby="evidence-title">
        <dt>{t('deductions.evidence.value')}</dt>
        <dd data-testid="evidence-value">{valueText(basis()) ?? t('deductions.evidence.noValue')}</dd>
        <Show when={targetText(basis().target)}>
          {(target) => (
            <>
              <dt>{t('deductions.evidence.target')}</dt>
              <dd data-testid="evidence-target">{target()}</dd>
            </>
          )}
        </Show>
        <Show when={basis().points}>
          {(points) => (
            <>
              <dt>{t('deductions.evidence.points')}</dt>
              <dd data-testid="evidence-points">
                {t('deductions.evidence.pointsValue', {
                  exact: pointsText(points().exact),
                  charged: pointsText(points().charged),
                })}
                <Show when={rate()?.partialPoints}>
                  {(mode) => <span class="muted">{bracketed(partialLabel(mode()))}</span>}
                </Show>
              </dd>
            </>
          )}
        </Show>
        <Show when={rate()?.perPointFen ?? rate()?.flatFen}>
          <dt>{t('deductions.evidence.rate')}</dt>
          <dd data-testid="evidence-rate">
            {rate()?.perPointFen !== undefined
              ? t('deductions.evidence.perPoint', { amount: formatYuan(rate()?.perPointFen ?? 0) })
              : t('deductions.evidence.flat', { amount: formatYuan(rate()?.flatFen ?? 0) })}
          </dd>
        </Show>
      </dl>
      <Show when={evidence().provisional}>
        <p class="note">{t('deductions.evidence.provisional')}</p>
      </Show>

      <Show when={Object.keys(evidence().figures).length > 0}>
        <h4 id="figures-title">{t('deductions.evidence.figures')}</h4>
        <dl data-testid="evidence-figures" aria-labelledby="figures-title">
          <For each={Object.entries(evidence().figures)}>
            {([key, value]) => (
              <>
                <dt>{figureLabel(key)}</dt>
                <dd>
                  {isInstant(value) ? <time datetime={value}>{figureValue(value)}</time> : figureValue(value)}
                </dd>
              </>
            )}
          </For>
        </dl>
      </Show>

      <h4 id="records-title">
        {t('deductions.evidence.records', { kind: t(`deductions.evidence.kinds.${kind()}`) })}
      </h4>
      <Show
        when={evidence().ids.length > 0}
        fallback={<p class="muted">{t('deductions.evidence.noRecords')}</p>}
      >
        <ul class="evidence-ids" data-testid="evidence-ids" aria-labelledby="records-title">
          <For each={evidence().ids}>
            {(id) => {
              const href = evidenceHref(props.deduction, id, kind())
              return <li class="mono">{href ? <A href={href}>{id}</A> : id}</li>
            }}
          </For>
        </ul>
        <Show when={basis().value !== null}>
          <p class="muted note-small">{t('deductions.evidence.recordsNote')}</p>
        </Show>
      </Show>
    </>
  )
}

function Supersession(props: { deduction: Deduction; queue: QueueQuery }) {
  const { t } = useI18n()
  const d = () => props.deduction
  const link = (id: string) => (
    <A class="mono" href={deductionHref(d().billingMonth, id, props.queue)}>
      {id}
    </A>
  )
  return (
    <Show when={d().supersedes || d().supersededBy || d().withdrawal}>
      <h3 id="supersession-title">{t('deductions.supersession.title')}</h3>
      <dl data-testid="supersession" aria-labelledby="supersession-title">
        <Show when={d().supersedes}>
          {(id) => (
            <>
              <dt>{t('deductions.supersession.supersedes')}</dt>
              <dd>{link(id())}</dd>
            </>
          )}
        </Show>
        <Show when={d().supersededBy}>
          {(id) => (
            <>
              <dt>{t('deductions.supersession.supersededBy')}</dt>
              <dd>
                {link(id())} <span class="muted">{t('deductions.supersession.supersededNote')}</span>
              </dd>
            </>
          )}
        </Show>
      </dl>
      <Show when={d().withdrawal}>
        <p class="note">{t('deductions.supersession.withdrawal')}</p>
      </Show>
    </Show>
  )
}

function Revisions(props: { deduction: Deduction }) {
  const { t, locale } = useI18n()
  return (
    <>
      <h3 id="revisions-title">{t('deductions.revisions.title')}</h3>
      <Show
        when={props.deduction.revisions.length > 0}
        fallback={<p class="muted">{t('deductions.revisions.none')}</p>}
      >
        <DataTable
          labelledBy="revisions-title"
          testid="revisions"
          columns={[
            t('deductions.revisions.at'),
            t('deductions.revisions.amount'),
            t('deductions.revisions.status'),
            t('deductions.revisions.formula'),
            t('deductions.revisions.reason'),
            t('deductions.revisions.job'),
          ]}
        >
          <For each={props.deduction.revisions}>
            {(revision) => (
              <tr data-testid="revision">
                <td class="nowrap">
                  <time datetime={revision.at}>{formatInstant(revision.at, locale())}</time>
                </td>
                <td class="nowrap">{formatYuan(revision.previousAmountFen)}</td>
                <td class="nowrap">{t(`deductions.statuses.${revision.previousStatus}`)}</td>
                <td class="text">
                  {locale() === 'zh-CN' ? revision.previousFormula.zh : revision.previousFormula.en}
                </td>
                <td>{revision.reason}</td>
                <td class="mono">{revision.jobRunId}</td>
              </tr>
            )}
          </For>
        </DataTable>
      </Show>
    </>
  )
}

type AuditActions = (typeof zhDictionary)['deductions']['audit']['actions']
type AuditKeys = (typeof zhDictionary)['deductions']['audit']['keys']
const isAuditAction = (key: string): key is keyof AuditActions & string =>
  Object.hasOwn(zhDictionary.deductions.audit.actions, key)
const isAuditKey = (key: string): key is keyof AuditKeys & string =>
  Object.hasOwn(zhDictionary.deductions.audit.keys, key)
const MONEY_KEYS = new Set(['amountFen', 'before', 'after'])

function Audit(props: { deduction: Deduction }) {
  const { t, locale } = useI18n()
  const detailOf = (entry: DeductionAuditEntry) =>
    Object.entries(entry.detail ?? {})
      .map(([key, value]) => {
        const label = isAuditKey(key) ? t(`deductions.audit.keys.${key}`) : key
        const shown = MONEY_KEYS.has(key) && typeof value === 'number' ? formatYuan(value) : String(value)
        return `${label}${locale() === 'zh-CN' ? '：' : ': '}${shown}`
      })
      .join(locale() === 'zh-CN' ? '；' : '; ')
  return (
    <>
      <h3 id="audit-title">{t('deductions.audit.title')}</h3>
      <DataTable
        labelledBy="audit-title"
        testid="audit"
        columns={[
          t('deductions.audit.at'),
          t('deductions.audit.by'),
          t('deductions.audit.action'),
          t('deductions.audit.detail'),
        ]}
      >
        <For each={props.deduction.audit}>
          {(entry) => (
            <tr data-testid="audit-entry">
              <td class="nowrap">
                <time datetime={entry.at}>{formatInstant(entry.at, locale())}</time>
              </td>
              <td class="mono">{entry.by}</td>
              <td class="nowrap">
                {isAuditAction(entry.action) ? t(`deductions.audit.actions.${entry.action}`) : entry.action}
              </td>
              <td class="text">{detailOf(entry)}</td>
            </tr>
          )}
        </For>
      </DataTable>
    </>
  )
}

export const OBJECTION_MIN = 5
export const OBJECTION_MAX = 4000

function ObjectionPanel(props: { deduction: Deduction; mayObject: boolean }) {
  const { t, locale } = useI18n()
  const api = useDeductionsApi()
  const client = useQueryClient()
  const d = () => props.deduction
  const [text, setText] = createSignal('')
  const [tried, setTried] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  const [filed, setFiled] = createSignal(false)
  const length = () => text().trim().length
  const problem = () =>
    length() < OBJECTION_MIN
      ? t('deductions.objection.tooShort', { min: String(OBJECTION_MIN) })
      : length() > OBJECTION_MAX
        ? t('deductions.objection.tooLong', { max: String(OBJECTION_MAX) })
        : null
  const showProblem = () => (tried() ? problem() : null)
  // A decision without a reason answers with its own name (`approved`): shown in the language chosen.
  const answerText = (answer: string) =>
    answer === 'approved' || answer === 'rejected' || answer === 'adjusted'
      ? t(`deductions.statuses.${answer}`)
      : answer

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault()
    setTried(true)
    if (busy() || problem()) return
    setBusy(true)
    setError(null)
    try {
      applyUpdate(client, await api.object(d().billingMonth, d().deductionId, text().trim()))
      setFiled(true)
      setText('')
    } catch (err) {
      setError(
        err instanceof ApiRequestError && err.status === 409
          ? t('deductions.objection.refused', { message: serverMessage(err, locale()) })
          : t('deductions.objection.failed', { message: serverMessage(err, locale()) }),
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="panel" aria-labelledby="objection-title" data-testid="objection">
      <h3 id="objection-title">{t('deductions.objection.title')}</h3>
      <Show when={d().objection} fallback={<p class="muted">{t('deductions.objection.none')}</p>}>
        {(objection) => (
          <>
            <p class="muted">
              {t('deductions.objection.filedBy', {
                by: objection().by,
                at: formatInstant(objection().at, locale()),
              })}
            </p>
            <blockquote class="prewrap" data-testid="objection-text">
              {objection().text}
            </blockquote>
            <Show
              when={objection().answer !== null}
              fallback={<p class="badge">{t('deductions.objection.pending')}</p>}
            >
              <p data-testid="objection-answer">
                <strong>{t('deductions.objection.answer')}</strong>
                {locale() === 'zh-CN' ? '：' : ': '}
                {answerText(objection().answer ?? '')}
                <Show when={objection().answeredAt}>
                  {(at) => (
                    <span class="muted">
                      {locale() === 'zh-CN'
                        ? `（${formatInstant(at(), locale())}）`
                        : ` (${formatInstant(at(), locale())})`}
                    </span>
                  )}
                </Show>
              </p>
            </Show>
          </>
        )}
      </Show>
      <div aria-live="polite">
        <Show when={filed()}>
          <p class="good">{t('deductions.objection.filed')}</p>
        </Show>
      </div>
      <Show when={props.mayObject && d().status === 'draft' && !d().objection}>
        <form class="form" onSubmit={onSubmit} noValidate>
          <label for="objection-text">{t('deductions.objection.label')}</label>
          <textarea
            id="objection-text"
            rows={5}
            maxLength={OBJECTION_MAX}
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-invalid={showProblem() ? 'true' : undefined}
            aria-describedby="objection-hint objection-count"
          />
          <p id="objection-hint" class="muted note-small">
            {t('deductions.objection.hint', { min: String(OBJECTION_MIN), max: String(OBJECTION_MAX) })}
          </p>
          <p id="objection-count" class="muted note-small">
            {t('deductions.objection.count', { n: String(length()), max: String(OBJECTION_MAX) })}
          </p>
          <Show when={showProblem()}>
            {(message) => (
              <p class="bad" role="alert">
                {message()}
              </p>
            )}
          </Show>
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? t('deductions.busy') : t('deductions.objection.submit')}
          </button>
        </form>
      </Show>
      <Show when={props.mayObject && d().status !== 'draft' && !d().objection}>
        <p class="muted">{t('deductions.objection.onlyDrafts')}</p>
      </Show>
      <Show when={error()}>
        {(message) => (
          <p role="alert" class="bad" data-testid="objection-error">
            {message()}
          </p>
        )}
      </Show>
    </section>
  )
}

type Mode = 'idle' | 'reject' | 'adjust'

function DecisionPanel(props: { deduction: Deduction; mayDecide: boolean }) {
  const { t, locale } = useI18n()
  const api = useDeductionsApi()
  const client = useQueryClient()
  const d = () => props.deduction
  const [mode, setMode] = createSignal<Mode>('idle')
  const [reason, setReason] = createSignal('')
  const [amount, setAmount] = createSignal('')
  const [tried, setTried] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<unknown>(null)
  const [done, setDone] = createSignal<string | null>(null)
  let reasonInput: HTMLTextAreaElement | undefined
  let amountInput: HTMLInputElement | undefined
  let doneMessage: HTMLParagraphElement | undefined
  let approveButton: HTMLButtonElement | undefined

  const canDecide = () => props.mayDecide && d().status === 'draft'
  const reasonProblem = () => (reason().trim().length < 2 ? t('deductions.decision.reasonRequired') : null)
  const amountFen = () => yuanToFen(amount())
  const amountProblem = () => {
    const fen = amountFen()
    if (fen === null) return t('deductions.decision.amountInvalid')
    if (fen === d().amountFen) return t('deductions.decision.amountSame')
    return null
  }

  const open = (next: Mode) => {
    if (busy() || !canDecide()) return
    setMode(next)
    setTried(false)
    setError(null)
    queueMicrotask(() => (next === 'adjust' ? amountInput : reasonInput)?.focus())
  }
  const close = () => {
    setMode('idle')
    setReason('')
    setAmount('')
    setTried(false)
    queueMicrotask(() => approveButton?.focus())
  }

  async function submit(body: Parameters<typeof api.decide>[2]) {
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      const decided = await api.decide(d().billingMonth, d().deductionId, body)
      applyUpdate(client, decided)
      setMode('idle')
      setReason('')
      setAmount('')
      setDone(
        t(`deductions.decision.done.${decided.decision?.decision ?? 'approved'}`, {
          amount: formatYuan(decided.finalAmountFen ?? 0),
        }),
      )
      queueMicrotask(() => doneMessage?.focus())
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  // The version the reviewer sees is the version sent: a change since makes it a 409.
  const approve = () => {
    if (busy() || !canDecide() || mode() !== 'idle') return
    void submit({ decision: 'approved', expectedVersion: d().version })
  }
  const onReject = (event: SubmitEvent) => {
    event.preventDefault()
    setTried(true)
    if (busy() || reasonProblem()) return
    void submit({ decision: 'rejected', reason: reason().trim(), expectedVersion: d().version })
  }
  const onAdjust = (event: SubmitEvent) => {
    event.preventDefault()
    setTried(true)
    const fen = amountFen()
    if (busy() || amountProblem() || reasonProblem() || fen === null) return
    void submit({
      decision: 'adjusted',
      amountFen: fen,
      reason: reason().trim(),
      expectedVersion: d().version,
    })
  }
  const reload = async () => {
    setError(null)
    await Promise.all([
      client.invalidateQueries({ queryKey: deductionKey(d().billingMonth, d().deductionId) }),
      client.invalidateQueries({ queryKey: deductionsKey(d().billingMonth) }),
    ])
  }
  useShortcuts(() => (canDecide() ? { a: approve, r: () => open('reject') } : {}))

  const conflict = () => {
    const err = error()
    return err instanceof ApiRequestError && err.status === 409 ? err : null
  }
  const onEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') close()
  }

  // What the reject and the adjust form end with: why, then confirm or cancel.
  const reasonAndActions = (label: string, confirm: string) => (
    <>
      <label for="decision-reason">{label}</label>
      <textarea
        id="decision-reason"
        ref={reasonInput}
        rows={3}
        maxLength={2000}
        value={reason()}
        onInput={(e) => setReason(e.currentTarget.value)}
        aria-invalid={tried() && reasonProblem() ? 'true' : undefined}
        aria-describedby={tried() && reasonProblem() ? 'decision-reason-error' : undefined}
      />
      <Show when={tried() && reasonProblem()}>
        {(message) => (
          <p id="decision-reason-error" class="bad" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t('deductions.busy') : confirm}
        </button>
        <button type="button" onClick={close}>
          {t('deductions.decision.cancel')}
        </button>
      </div>
    </>
  )

  return (
    <section class="panel" aria-labelledby="decision-title" data-testid="decision">
      <h3 id="decision-title">{t('deductions.decision.title')}</h3>
      <Show when={d().decision}>
        {(decision) => (
          <dl data-testid="decision-record">
            <dt>{t('deductions.decision.outcome')}</dt>
            <dd>
              <StatusBadge status={decision().decision} />
            </dd>
            <dt>{t('deductions.decision.amount')}</dt>
            <dd>{formatYuan(decision().amountFen)}</dd>
            <dt>{t('deductions.decision.by')}</dt>
            <dd class="mono">{decision().by}</dd>
            <dt>{t('deductions.decision.at')}</dt>
            <dd>
              <time datetime={decision().at}>{formatInstant(decision().at, locale())}</time>
            </dd>
            <Show when={decision().reason}>
              {(text) => (
                <>
                  <dt>{t('deductions.decision.reason')}</dt>
                  <dd class="prewrap">{text()}</dd>
                </>
              )}
            </Show>
          </dl>
        )}
      </Show>
      <p
        ref={doneMessage}
        tabindex="-1"
        class="good"
        aria-live="polite"
        data-testid="decision-done"
        classList={{ 'visually-hidden': !done() }}
      >
        {done() ?? ''}
      </p>
      <Show when={!props.mayDecide}>
        <p class="muted">{t('deductions.decision.reviewersOnly')}</p>
      </Show>
      <Show when={props.mayDecide && d().status === 'withdrawn'}>
        <p class="muted">{t('deductions.decision.withdrawn')}</p>
      </Show>
      <Show when={canDecide()}>
        <p class="muted note-small" data-testid="decision-version">
          {t('deductions.decision.version', { version: String(d().version) })}
        </p>
        <Show when={d().objection && d().objection?.answer === null}>
          <p class="note-small">{t('deductions.decision.answersObjection')}</p>
        </Show>
        <Show when={mode() === 'idle'}>
          <div class="actions">
            <button
              type="button"
              class="primary"
              ref={approveButton}
              onClick={approve}
              disabled={busy()}
              aria-keyshortcuts="a"
            >
              {busy() ? t('deductions.busy') : t('deductions.decision.approve')} <kbd>A</kbd>
            </button>
            <button type="button" onClick={() => open('reject')} disabled={busy()} aria-keyshortcuts="r">
              {t('deductions.decision.reject')} <kbd>R</kbd>
            </button>
            <button type="button" onClick={() => open('adjust')} disabled={busy()}>
              {t('deductions.decision.adjust')}
            </button>
          </div>
        </Show>
        <Show when={mode() === 'reject'}>
          <form class="form" onSubmit={onReject} onKeyDown={onEscape} noValidate data-testid="reject-form">
            {reasonAndActions(t('deductions.decision.rejectReason'), t('deductions.decision.confirmReject'))}
          </form>
        </Show>
        <Show when={mode() === 'adjust'}>
          <form class="form" onSubmit={onAdjust} onKeyDown={onEscape} noValidate data-testid="adjust-form">
            <label for="decision-amount">{t('deductions.decision.newAmount')}</label>
            <input
              id="decision-amount"
              ref={amountInput}
              inputmode="decimal"
              autocomplete="off"
              value={amount()}
              onInput={(e) => setAmount(e.currentTarget.value)}
              aria-invalid={tried() && amountProblem() ? 'true' : undefined}
              aria-describedby={`decision-amount-hint${tried() && amountProblem() ? ' decision-amount-error' : ''}`}
            />
            <p id="decision-amount-hint" class="muted note-small">
              {t('deductions.decision.amountHint', { amount: formatYuan(d().amountFen) })}
            </p>
            <Show when={tried() && amountProblem()}>
              {(message) => (
                <p id="decision-amount-error" class="bad" role="alert">
                  {message()}
                </p>
              )}
            </Show>
            {reasonAndActions(t('deductions.decision.adjustReason'), t('deductions.decision.confirmAdjust'))}
          </form>
        </Show>
      </Show>
      <Show when={error()}>
        <div role="alert" class="problem" data-testid="decision-error">
          <Show
            when={conflict()}
            fallback={
              <p class="bad">
                {t('deductions.decision.failed', { message: serverMessage(error(), locale()) })}
              </p>
            }
          >
            {(err) => (
              <>
                <p class="bad">{t('deductions.decision.conflict')}</p>
                <p>{t('deductions.decision.serverSaid', { message: serverMessage(err(), locale()) })}</p>
                <button type="button" onClick={reload}>
                  {t('deductions.decision.reload')}
                </button>
              </>
            )}
          </Show>
        </div>
      </Show>
    </section>
  )
}
