/**
 * The compliance page's publications (§4.7): a day's publications with their accuracy and the day's
 * rate; an agency reviewer corrects one's accuracy with a reason (audited). Each opens its page.
 */
import { formatBp, formatPercent, formatYuan, LocalDateSchema, RECORD_WRITERS } from '@hotline/domain'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import { type StoredPublication, useRecordsApi, useTerms } from '../../api/records'
import { DataTable, TimeCell } from '../../components/lists'
import { AccuracyBadge, AuditTrail, formatDate, Loaded, ReasonAction } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { hasAnyRole } from '../../permissions'
import { useSession } from '../../session'
import { publicationHref } from '../records/links'
import { byTime, RecordLink } from './shared'

export function PublicationsTab(props: {
  day: string
  onDay: (day: string) => void
  onChanged: (text: string, ids: readonly string[]) => void
}) {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const session = useSession()
  const queryClient = useQueryClient()
  const mayReview = () => hasAnyRole(session.current()?.user.roles, RECORD_WRITERS.review)
  const terms = useTerms()
  const publications = useQuery(() => ({
    queryKey: ['publications', props.day],
    queryFn: () => api.publications(props.day),
  }))
  const list = () => [...(publications.data ?? [])].sort(byTime)
  const accurate = () => list().filter((p) => p.accurate).length
  const dayText = () => formatDate(props.day, locale(), { year: true })

  const review = async (p: StoredPublication, reason: string) => {
    try {
      const updated = await api.reviewPublication(props.day, p.publicationId, {
        accurate: !p.accurate,
        reason,
      })
      queryClient.setQueryData<StoredPublication[]>(['publications', props.day], (items) =>
        items?.map((item) => (item.publicationId === updated.publicationId ? updated : item)),
      )
      props.onChanged(
        t('records.compliance.publications.reviewed', {
          id: p.publicationId,
          accuracy: updated.accurate ? t('records.common.accurate') : t('records.common.inaccurate'),
        }),
        [p.publicationId],
      )
    } catch (err) {
      // Someone changed it meanwhile: show what is stored now, and say why it failed.
      void queryClient.invalidateQueries({ queryKey: ['publications', props.day] })
      throw err
    }
  }

  return (
    <>
      <div class="filters">
        <label for="publications-day">{t('records.compliance.publications.day')}</label>
        <input
          id="publications-day"
          type="date"
          value={props.day}
          onChange={(e) => {
            const value = e.currentTarget.value
            if (LocalDateSchema.safeParse(value).success) props.onDay(value)
          }}
        />
      </div>
      <Show when={terms.data?.terms.kpis.publishAccuracy}>
        {(rule) => (
          <p class="muted">
            {t('records.compliance.publications.intro', {
              target: formatBp(rule().targetBp),
              amount: formatYuan(rule().perPointFen),
            })}
          </p>
        )}
      </Show>
      <Loaded queries={[publications]}>
        <Show
          when={list().length > 0}
          fallback={<p role="status">{t('records.compliance.publications.empty', { day: dayText() })}</p>}
        >
          <p data-testid="publications-summary">
            {t('records.compliance.publications.summary', {
              accurate: String(accurate()),
              total: String(list().length),
              rate: formatPercent({ num: accurate(), den: list().length }),
            })}
          </p>
          <DataTable
            labelledBy="publications-caption"
            testid="publications"
            caption={t('records.compliance.publications.caption', { day: dayText() })}
            columns={[
              t('records.compliance.publications.columns.id'),
              t('records.compliance.checks.columns.at'),
              t('records.compliance.publications.columns.channel'),
              t('records.compliance.publications.columns.title'),
              t('records.compliance.publications.columns.accuracy'),
              ...(mayReview() ? [t('records.compliance.publications.columns.actions')] : []),
            ]}
          >
            <For each={list()}>
              {(p) => (
                <>
                  <tr data-testid="publication-row" class="has-audit">
                    <th scope="row" class="mono nowrap" id={`publication-${p.publicationId}`} translate="no">
                      <RecordLink
                        href={publicationHref(props.day, p.publicationId)}
                        month={props.day.slice(0, 7)}
                      >
                        {p.publicationId}
                      </RecordLink>
                    </th>
                    <TimeCell at={p.at} />
                    <td class="nowrap">{t(`records.compliance.publications.channels.${p.channel}`)}</td>
                    <td class="text">{p.title ?? ''}</td>
                    <td class="nowrap">
                      <AccuracyBadge accurate={p.accurate} />
                    </td>
                    <Show when={mayReview()}>
                      <td>
                        <ReasonAction
                          id={`review-${p.publicationId}`}
                          label={t(
                            p.accurate
                              ? 'records.compliance.publications.markInaccurate'
                              : 'records.compliance.publications.markAccurate',
                          )}
                          labelledBy={`publication-${p.publicationId}`}
                          submitLabel={t('records.compliance.publications.confirm')}
                          onSubmit={(reason) => review(p, reason)}
                        />
                      </td>
                    </Show>
                  </tr>
                  <tr class="audit-row" data-testid="publication-audit">
                    <td colSpan={mayReview() ? 6 : 5}>
                      <AuditTrail audit={p.audit} />
                    </td>
                  </tr>
                </>
              )}
            </For>
          </DataTable>
        </Show>
      </Loaded>
    </>
  )
}
