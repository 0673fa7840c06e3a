/**
 * `/records/publications/:day/:publicationId`: one publication (§4.7) — when, on which channel,
 * its title, whether it was accurate (and who corrected that, why: its audit trail) — and a link to
 * the day's publications, where an agency reviewer corrects one.
 */
import { A, useParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { useRecordsApi } from '../../api/records'
import { formatInstant } from '../../beijing-time'
import { AccuracyBadge } from '../../components/records-ui'
import { useI18n } from '../../i18n'
import { withMonth } from '../../month'
import { usePeriodText } from '../../names'
import { decodeSegment } from './links'
import { Facts, Provenance, RecordShell } from './RecordShell'

export default function PublicationPage() {
  const { t, locale } = useI18n()
  const api = useRecordsApi()
  const periodText = usePeriodText()
  const params = useParams<{ day: string; publicationId: string }>()
  const day = () => decodeSegment(params.day)
  const id = () => decodeSegment(params.publicationId)
  const publication = useQuery(() => ({
    queryKey: ['record', 'publication', day(), id()],
    queryFn: () => api.publication(day(), id()),
    retry: false,
  }))
  const dayList = () => `/compliance?${new URLSearchParams({ tab: 'publications', day: day() })}`

  return (
    <RecordShell
      title={t('records.publication.title', { id: id() })}
      ids={[id()]}
      back={{ href: dayList(), label: t('records.publication.back'), month: day().slice(0, 7) }}
      query={publication}
      notFound={t('records.publication.notFound', { id: id(), day: periodText(day()) })}
    >
      {({ record }) => (
        <>
          <Facts
            label={t('records.publication.facts')}
            facts={[
              {
                label: t('records.publication.accuracy'),
                value: <AccuracyBadge accurate={record.accurate} />,
                testid: 'publication-accuracy',
              },
              {
                label: t('records.publication.at'),
                value: <time datetime={record.at}>{formatInstant(record.at, locale())}</time>,
              },
              {
                label: t('records.publication.channel'),
                value: t(`records.compliance.publications.channels.${record.channel}`),
              },
              record.title !== undefined && {
                label: t('records.publication.titleField'),
                value: record.title,
              },
            ]}
          />
          <p>
            <A href={withMonth(dayList(), day().slice(0, 7))}>
              {t('records.publication.dayLink', { day: periodText(day()) })}
            </A>
          </p>
          <Provenance record={record} />
        </>
      )}
    </RecordShell>
  )
}
