/**
 * What people do to a month on its close page: a reviewer closes it when nothing is pending (a
 * dialog shows the total first) or reopens it with a reason; the contractor acknowledges the
 * 确认单 or objects within the window, and both sides read the answer. Each write is sent at the
 * version shown (`./steps`).
 */
import { formatYuan } from '@hotline/domain'
import { A } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import type { MonthClose } from '../api/month-close'
import type { MonthSummary } from '../api/months'
import { formatDue, formatInstant } from '../beijing-time'
import { IdText } from '../components/IdText'
import { useI18n } from '../i18n'
import { useActorName, usePeriodText } from '../names'
import { queueHref } from '../pages/records/links'
import { ConfirmStep, TextStep, useMonthWrite } from './steps'

const REASON = { min: 2, max: 2000 } as const
const OBJECTION = { min: 5, max: 4000 } as const

/** The reviewer's close (when nothing is pending) or reopen (with a reason). */
export function ReviewerActions(props: { close: MonthClose; summary: MonthSummary | null }) {
  const { t } = useI18n()
  const periodText = usePeriodText()
  const write = useMonthWrite()
  const [dialog, setDialog] = createSignal<'close' | 'reopen' | null>(null)
  /** What the last write did: the close (with its number), or the reopen. */
  const [done, setDone] = createSignal<{ closed: string | null } | 'reopened' | null>(null)
  const c = () => props.close
  const month = () => periodText(c().month)
  const pending = () => props.summary?.pending ?? null
  const blocked = () => pending()?.count !== 0
  const closedNumber = () => {
    const what = done()
    return what && what !== 'reopened' ? (what.closed ?? '—') : null
  }
  const open = (which: 'close' | 'reopen') => {
    write.clear()
    setDone(null)
    setDialog(which)
  }
  const closeMonth = async () => {
    const closed = await write.run((api) => api.close(c().month, c().version))
    if (closed) {
      setDialog(null)
      setDone({ closed: closed.number })
    }
  }
  const reopen = async (reason: string) => {
    if (await write.run((api) => api.reopen(c().month, reason, c().version))) {
      setDialog(null)
      setDone('reopened')
    }
  }
  const step = (which: 'close' | 'reopen') => ({
    title: t(`monthClose.${which}.title`, { month: month() }),
    testid: `${which}-dialog`,
    write,
    failed: t(`monthClose.${which}.failed`),
    confirm: t(`monthClose.${which}.confirm`),
    onCancel: () => setDialog(null),
  })

  return (
    <section class="panel" aria-labelledby="reviewer-actions-title" data-testid="reviewer-actions">
      <h3 id="reviewer-actions-title">{t('monthClose.actionsTitle')}</h3>
      <Show
        when={c().state === 'closed'}
        fallback={
          <>
            <button
              type="button"
              class="primary"
              disabled={blocked()}
              aria-describedby={blocked() ? 'close-blocked' : undefined}
              onClick={() => open('close')}
            >
              {t('monthClose.close.action')}
            </button>
            <Show when={blocked()}>
              <p id="close-blocked" data-testid="close-blocked">
                <Show when={pending()} fallback={t('monthClose.close.unknown')}>
                  {(p) => (
                    <>
                      {t('monthClose.close.blocked', {
                        count: String(p().count),
                        amount: formatYuan(p().amountFen),
                      })}{' '}
                      <A href={queueHref(c().month, { status: 'draft' })}>
                        {t('monthClose.figures.toQueue')}
                      </A>
                    </>
                  )}
                </Show>
              </p>
            </Show>
          </>
        }
      >
        <button type="button" onClick={() => open('reopen')}>
          {t('monthClose.reopen.action')}
        </button>
      </Show>
      <Show when={done()}>
        <p role="status" class="good" data-testid="month-close-done">
          <Show when={closedNumber()} fallback={t('monthClose.reopen.done')}>
            {(number) => <IdText text={t('monthClose.close.done', { number: number() })} ids={[number()]} />}
          </Show>
        </p>
      </Show>

      <Show when={dialog() === 'close'}>
        <ConfirmStep {...step('close')} onConfirm={() => void closeMonth()}>
          <p data-testid="close-dialog-total">
            {t('monthClose.close.body', {
              amount: formatYuan(props.summary?.decided.amountFen ?? 0),
              count: String(props.summary?.decided.count ?? 0),
            })}
          </p>
          <p>{t('monthClose.close.freezes')}</p>
        </ConfirmStep>
      </Show>
      <Show when={dialog() === 'reopen'}>
        <TextStep
          {...step('reopen')}
          intro={t('monthClose.reopen.body')}
          field={{
            id: 'reopen-reason',
            label: t('monthClose.reopen.reason'),
            max: REASON.max,
            problem: (text) => (text.length < REASON.min ? t('monthClose.reopen.reasonRequired') : null),
          }}
          onSend={(reason) => void reopen(reason)}
        />
      </Show>
    </section>
  )
}

/** The contractor's answer as both sides read it, and the contractor's own buttons while it is pending. */
export function ContractorPanel(props: { close: MonthClose; mayAnswer: boolean }) {
  const { t, locale } = useI18n()
  const actorName = useActorName()
  const periodText = usePeriodText()
  const write = useMonthWrite()
  const [dialog, setDialog] = createSignal<'acknowledge' | 'object' | null>(null)
  const c = () => props.close
  const answer = () => c().contractor
  const due = () =>
    c().objectionDue ? formatDue(c().objectionDue as string, locale(), { year: true }) : null
  const windowOpen = () => c().objectionDue !== null && Date.now() < Date.parse(c().objectionDue as string)
  const at = () => (answer().at ? formatInstant(answer().at as string, locale()) : '')
  const open = (which: 'acknowledge' | 'object') => {
    write.clear()
    setDialog(which)
  }
  const send = async (which: 'acknowledge' | 'object', text: string) => {
    const sent = await write.run((api) =>
      which === 'acknowledge'
        ? api.acknowledge(c().month, c().version)
        : api.object(c().month, text, c().version),
    )
    if (sent) setDialog(null)
  }
  const step = {
    write,
    failed: t('monthClose.contractor.failed'),
    onCancel: () => setDialog(null),
  }

  return (
    <section class="panel" aria-labelledby="contractor-title" data-testid="contractor-panel">
      <h3 id="contractor-title">{t('monthClose.contractor.title')}</h3>
      <div data-testid="contractor-state" aria-live="polite">
        <Show when={answer().state === 'acknowledged'}>
          <p class="good">
            {t('monthClose.contractor.acknowledged', { by: actorName(answer().by), at: at() })}
          </p>
        </Show>
        <Show when={answer().state === 'objected'}>
          <p class="bad">{t('monthClose.contractor.objected', { by: actorName(answer().by), at: at() })}</p>
          <blockquote class="prewrap" data-testid="contractor-objection">
            {answer().text}
          </blockquote>
        </Show>
        <Show when={answer().state === 'pending'}>
          <p>{t('monthClose.contractor.pending')}</p>
        </Show>
        <Show when={answer().state === 'pending' ? due() : null}>
          {(when) => (
            <p data-testid="objection-due">
              {windowOpen()
                ? t('monthClose.contractor.due', { due: when() })
                : t('monthClose.contractor.dueOver', { due: when() })}
            </p>
          )}
        </Show>
      </div>
      <Show when={props.mayAnswer && answer().state === 'pending'}>
        <div class="actions">
          <button type="button" class="primary" onClick={() => open('acknowledge')}>
            {t('monthClose.contractor.acknowledge')}
          </button>
          <button type="button" disabled={!windowOpen()} onClick={() => open('object')}>
            {t('monthClose.contractor.object')}
          </button>
        </div>
      </Show>

      <Show when={dialog() === 'acknowledge'}>
        <ConfirmStep
          {...step}
          title={t('monthClose.contractor.acknowledgeTitle', { month: periodText(c().month) })}
          testid="acknowledge-dialog"
          confirm={t('monthClose.contractor.acknowledge')}
          onConfirm={() => void send('acknowledge', '')}
        >
          <p>
            <IdText
              text={t('monthClose.contractor.acknowledgeBody', {
                number: c().number ?? '',
                amount: formatYuan(c().snapshot?.totalFen ?? 0),
              })}
              ids={[c().number]}
            />
          </p>
        </ConfirmStep>
      </Show>
      <Show when={dialog() === 'object'}>
        <TextStep
          {...step}
          title={t('monthClose.contractor.objectTitle', { month: periodText(c().month) })}
          testid="objection-dialog"
          confirm={t('monthClose.contractor.submitObjection')}
          field={{
            id: 'objection-text',
            label: t('monthClose.contractor.objectionLabel'),
            hint: t('monthClose.contractor.objectionHint', {
              min: String(OBJECTION.min),
              max: String(OBJECTION.max),
              due: due() ?? '',
            }),
            max: OBJECTION.max,
            problem: (text) =>
              text.length < OBJECTION.min
                ? t('monthClose.contractor.tooShort', { min: String(OBJECTION.min) })
                : null,
          }}
          onSend={(text) => void send('object', text)}
        />
      </Show>
    </section>
  )
}
