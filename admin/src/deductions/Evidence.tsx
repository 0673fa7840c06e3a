/**
 * Why a deduction is what it is: the KPI's value against its target, the points and the charge, the
 * records behind it — each id a link to its record; a rate lists its failing records first and says
 * which they are — and the figures.
 */
import { formatYuan, MAX_EVIDENCE_IDS } from '@hotline/domain'
import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import type { Deduction } from '../api/deductions'
import { useI18n } from '../i18n'
import { usePeriodText } from '../names'
import { evidenceHref, evidenceKind, failingRecordsOf, pointsText, targetText, valueText } from './evidence'
import { Figures } from './Figures'

export function Evidence(props: { deduction: Deduction }) {
  const { t, locale } = useI18n()
  const basis = () => props.deduction.draft.basis
  const evidence = () => props.deduction.draft.evidence
  const rate = () => basis().rate
  const partialLabel = (mode: string) =>
    mode === 'floor' || mode === 'ceil' || mode === 'prorate'
      ? t(`deductions.evidence.partial.${mode}`)
      : mode
  const bracketed = (text: string) => (locale() === 'zh-CN' ? `（${text}）` : ` (${text})`)
  const failing = () => failingRecordsOf(props.deduction)
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
      <EvidenceRecords deduction={props.deduction} />
      <Show when={failing()}>
        <p class="muted note-small">{t('deductions.evidence.failingNote')}</p>
      </Show>
      <Figures deduction={props.deduction} />
    </>
  )
}

/** The records behind a deduction, each opening its record page. */
function EvidenceRecords(props: { deduction: Deduction }) {
  const { t } = useI18n()
  const periodText = usePeriodText()
  const kind = () => evidenceKind(props.deduction)
  const ids = () => props.deduction.draft.evidence.ids
  const heading = () => {
    const failing = failingRecordsOf(props.deduction)
    return failing
      ? t(`deductions.evidence.failing.${failing}`, { max: String(MAX_EVIDENCE_IDS) })
      : t('deductions.evidence.records', { kind: t(`deductions.evidence.kinds.${kind()}`) })
  }
  return (
    <>
      <h4 id="records-title">{heading()}</h4>
      <Show when={ids().length > 0} fallback={<p class="muted">{t('deductions.evidence.noRecords')}</p>}>
        <ul class="evidence-ids" data-testid="evidence-ids" aria-labelledby="records-title" translate="no">
          <For each={ids()}>
            {(id) => (
              <li class="mono">
                <A
                  href={evidenceHref(props.deduction, id, kind())}
                  title={t('deductions.evidence.openRecord', {
                    kind: t(`deductions.evidence.kinds.${kind()}`),
                    id,
                  })}
                >
                  {kind() === 'day' ? periodText(id) : id}
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  )
}
