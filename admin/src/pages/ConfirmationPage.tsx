/**
 * `/months/:month/confirmation`: the 月度考核扣款确认单 of a closed month, a document to print on
 * A4 and sign (print CSS in `month-close.css`, not a screenshot): its number and month, the
 * contract and its parties, each KPI with its figures, every deduction with its amount and reason,
 * the total in figures and in capitals (大写金额), the terms version, and the signature and seal
 * blocks of 甲方 and 乙方. An open month has no 确认单: the page says so and links back.
 */
import { formatYuan } from '@hotline/domain'
import { A, useParams } from '@solidjs/router'
import { For, Match, Switch } from 'solid-js'
import { errorCodeOf, useErrorText } from '../api/errors'
import { type MonthClose, useMonthClose } from '../api/month-close'
import { type TermsResponse, useTerms } from '../api/records'
import { formatInstant } from '../beijing-time'
import { IdText } from '../components/IdText'
import { useI18n } from '../i18n'
import { inLocale } from '../labels'
import { isMonth } from '../month'
import { yuanInCapitals } from '../month-close/capitals'
import { closePageHref } from '../month-close/links'
import { DeductionTable, KpiTable } from '../month-close/tables'
import { usePeriodText, useTermsText } from '../names'
import '../month-close.css'

export default function ConfirmationPage() {
  const { t } = useI18n()
  const errorText = useErrorText()
  const periodText = usePeriodText()
  const params = useParams<{ month: string }>()
  const month = () => (isMonth(params.month) ? params.month : null)
  const close = useMonthClose(month)
  const terms = useTerms()
  const back = () => (
    <A class="no-print" href={closePageHref(month() ?? '')}>
      {t('monthClose.confirmation.back')}
    </A>
  )
  const failure = () => (close.isError ? close.error : terms.error)
  const notClosed = () => (
    <>
      <h2 id="confirmation-title">{t('monthClose.confirmation.title')}</h2>
      <p data-testid="confirmation-not-closed">
        {t('monthClose.confirmation.notClosed', { month: periodText(month() ?? '') })}
      </p>
      {back()}
    </>
  )
  return (
    <article class="card confirmation" aria-labelledby="confirmation-title">
      <Switch>
        <Match when={!month()}>
          <h2 id="confirmation-title">{t('monthClose.confirmation.title')}</h2>
          <p role="alert">{t('monthClose.badMonth')}</p>
        </Match>
        <Match when={close.isPending || terms.isPending}>
          <h2 id="confirmation-title">{t('monthClose.confirmation.title')}</h2>
          <p role="status">{t('monthClose.loading')}</p>
        </Match>
        <Match when={errorCodeOf(close.error) === 'not_found'}>{notClosed()}</Match>
        <Match when={failure()}>
          <h2 id="confirmation-title">{t('monthClose.confirmation.title')}</h2>
          <p role="alert" class="bad">
            {t('monthClose.failed', { message: errorText(failure()) })}
          </p>
          {back()}
        </Match>
        <Match when={close.data?.state !== 'closed'}>{notClosed()}</Match>
        <Match when={close.data && terms.data ? { close: close.data, terms: terms.data } : null}>
          {(data) => (
            <>
              <div class="mc-toolbar no-print">
                {back()}
                <button type="button" class="primary" onClick={() => window.print()}>
                  {t('monthClose.confirmation.print')}
                </button>
              </div>
              <Document close={data().close} terms={data().terms} />
            </>
          )}
        </Match>
      </Switch>
    </article>
  )
}

function Document(props: { close: MonthClose; terms: TermsResponse }) {
  const { t, locale } = useI18n()
  const periodText = usePeriodText()
  const termsText = useTermsText()
  const c = () => props.close
  const contract = () => props.terms.terms
  const total = () => c().snapshot?.totalFen ?? 0
  return (
    <>
      <header class="doc-head">
        <h2 id="confirmation-title">{t('monthClose.confirmation.title')}</h2>
        <p class="doc-number" data-testid="confirmation-number">
          <IdText
            text={t('monthClose.confirmation.number', { number: c().number ?? '' })}
            ids={[c().number]}
          />
        </p>
      </header>
      <dl class="doc-facts" data-testid="confirmation-facts">
        <dt>{t('monthClose.confirmation.contract')}</dt>
        <dd>{inLocale(contract().title, locale())}</dd>
        <dt>{t('monthClose.confirmation.agency')}</dt>
        <dd>{contract().agency}</dd>
        <dt>{t('monthClose.confirmation.contractor')}</dt>
        <dd>{contract().contractor}</dd>
        <dt>{t('monthClose.confirmation.month')}</dt>
        <dd data-testid="confirmation-month">{periodText(c().month)}</dd>
        <dt>{t('monthClose.confirmation.terms')}</dt>
        <dd data-testid="confirmation-terms">
          {c().termsVersion ? termsText(c().termsVersion as string) : '—'}
        </dd>
        <dt>{t('monthClose.confirmation.closedAt')}</dt>
        <dd>{c().closedAt ? formatInstant(c().closedAt as string, locale()) : '—'}</dd>
      </dl>

      <h3 id="doc-kpis-title">{t('monthClose.confirmation.kpisTitle')}</h3>
      <KpiTable
        rows={c().snapshot?.kpis ?? []}
        name={{ caption: t('monthClose.kpis.caption'), labelledBy: 'doc-kpis-title', underHeading: true }}
      />
      <h3 id="doc-deductions-title">{t('monthClose.confirmation.deductionsTitle')}</h3>
      <DeductionTable
        month={c().month}
        rows={c().snapshot?.deductions ?? []}
        totalFen={total()}
        name={{
          caption: t('monthClose.deductions.caption'),
          labelledBy: 'doc-deductions-title',
          underHeading: true,
        }}
      />
      <h3>{t('monthClose.confirmation.totalTitle')}</h3>
      <p class="doc-total" data-testid="confirmation-total">
        {t('monthClose.confirmation.total', {
          capitals: yuanInCapitals(total()),
          amount: formatYuan(total()),
        })}
      </p>
      <h3>{t('monthClose.confirmation.signaturesTitle')}</h3>
      <div class="signatures">
        <For each={[['agency', contract().agency] as const, ['contractor', contract().contractor] as const]}>
          {([party, name]) => <SignatureBlock party={party} name={name} />}
        </For>
      </div>
      <p class="doc-note muted">{t('monthClose.confirmation.note')}</p>
    </>
  )
}

/** 甲方 or 乙方: the party, its handler, its head, the date, and room for the seal. */
function SignatureBlock(props: { party: 'agency' | 'contractor'; name: string }) {
  const { t, locale } = useI18n()
  return (
    <section
      class="signature"
      aria-label={t(`monthClose.confirmation.parties.${props.party}`)}
      data-testid={`signature-${props.party}`}
    >
      <p class="signature-party">
        <strong>{t(`monthClose.confirmation.parties.${props.party}`)}</strong>
        {locale() === 'zh-CN' ? '：' : ': '}
        {props.name}
      </p>
      <p>{t('monthClose.confirmation.handler')}</p>
      <p>{t('monthClose.confirmation.head')}</p>
      <p>{t('monthClose.confirmation.date')}</p>
      <p class="seal">{t('monthClose.confirmation.seal')}</p>
    </section>
  )
}
