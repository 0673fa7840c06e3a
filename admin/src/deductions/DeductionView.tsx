/**
 * One deduction and everything behind it: its title and status, the queue it was opened from
 * (`j`/`k`), the facts, the formula in words, the evidence (each record a link), the supersession
 * links, the revisions and the audit trail; beside them the contractor's objection and the decision.
 * A month already confirmed says so, with the way to its close page, and offers no decision.
 */
import { A, useLocation, useNavigate } from '@solidjs/router'
import { createMemo, createSignal, onMount, Show } from 'solid-js'
import { DEDUCTION_ROLES, type Deduction } from '../api/deductions'
import { IdText } from '../components/IdText'
import { useI18n } from '../i18n'
import { deductionHref, queueHref } from '../pages/records/links'
import { hasAnyRole } from '../permissions'
import { useSession } from '../session'
import { Audit } from './Audit'
import { StatusBadge } from './badges'
import { ClosedNote, type MonthClosed } from './ClosedNote'
import { DecisionPanel } from './DecisionPanel'
import { Evidence } from './Evidence'
import { Facts } from './Facts'
import { ObjectionPanel } from './ObjectionPanel'
import { QueueNav } from './QueueNav'
import { neighboursOf, type QueueQuery, queueLink } from './queue'
import { Revisions } from './Revisions'
import { ShortcutLegend } from './ShortcutLegend'
import { Supersession } from './Supersession'
import { useShortcuts } from './shortcuts'
import { idsOf, useDeductionWords } from './words'

export type DeductionViewProps = {
  deduction: Deduction
  order: Deduction[] | null
  queue: QueueQuery
  closed: MonthClosed
  canUndo: boolean
  onQuick: (decided: Deduction) => void
}

export function DeductionView(props: DeductionViewProps) {
  const { t, locale } = useI18n()
  const session = useSession()
  const navigate = useNavigate()
  const location = useLocation<{ focusTitle?: boolean }>()
  const words = useDeductionWords()
  const roles = () => session.current()?.user.roles
  const mayDecide = () => hasAnyRole(roles(), DEDUCTION_ROLES.decide)
  const mayObject = () => hasAnyRole(roles(), DEDUCTION_ROLES.object)
  const viewer = () => !mayDecide() && !mayObject()
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
    navigate(deductionHref(target.billingMonth, target.deductionId, queueLink(props.queue)), {
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

  return (
    <>
      <header>
        <h2 id="deduction-title" ref={title} tabindex="-1">
          {t('deductions.detail.title', {
            kpi: words.kpiName(d().kpi),
            period: words.periodText(d().period),
          })}
          <Show when={d().subject}>
            {(subject) => (
              <span class="mono" translate="no">
                {` ${words.subjectText(subject())}`}
              </span>
            )}
          </Show>{' '}
          <StatusBadge status={d().status} />
        </h2>
        <A href={queueHref(props.queue.month, queueLink(props.queue))}>{t('deductions.detail.back')}</A>
      </header>
      <Show when={props.closed.closed}>
        <ClosedNote
          month={d().billingMonth}
          number={props.closed.number ?? d().frozenBy}
          mayReopen={mayDecide()}
        />
      </Show>
      <QueueNav neighbours={neighbours()} edge={edge()} onPrevious={previous} onNext={next} />
      <ShortcutLegend
        canDecide={mayDecide() && d().status === 'draft' && !props.closed.closed}
        canUndo={props.canUndo}
      />
      <div class="deduction-grid">
        <div class="deduction-main">
          <Facts deduction={d()} />
          <h3 id="formula-title">{t('deductions.detail.formula')}</h3>
          <p class="formula" data-testid="formula">
            <IdText
              text={locale() === 'zh-CN' ? d().draft.formula.zh : d().draft.formula.en}
              ids={idsOf(d())}
            />
          </p>
          <Evidence deduction={d()} />
          <Supersession deduction={d()} queue={props.queue} />
          <Revisions deduction={d()} />
          <Audit deduction={d()} />
        </div>
        <div class="deduction-side">
          <ObjectionPanel deduction={d()} mayObject={mayObject()} closed={props.closed.closed} />
          <DecisionPanel
            deduction={d()}
            mayDecide={mayDecide()}
            viewer={viewer()}
            closed={props.closed.closed}
            onQuick={props.onQuick}
          />
        </div>
      </div>
    </>
  )
}
