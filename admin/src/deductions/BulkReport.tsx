/** What a bulk decision did, read out when it comes: how many and how much, then each one refused and why. */
import { formatYuan } from '@hotline/domain'
import { For, Show } from 'solid-js'
import { IdText } from '../components/IdText'
import { useI18n } from '../i18n'
import type { BulkReport as Report } from './bulk'

export function BulkReport(props: { report: Report | null; testId: string }) {
  const { t } = useI18n()
  const failed = () => {
    const report = props.report
    return report && 'error' in report ? report.error : null
  }
  const done = () => {
    const report = props.report
    return report && !('error' in report) ? report : null
  }
  return (
    <div role="status" aria-live="polite" data-testid={props.testId}>
      <Show when={failed()}>
        {(message) => <p class="bad">{t('deductions.bulk.failed', { message: message() })}</p>}
      </Show>
      <Show when={done()}>
        {(report) => (
          <>
            <p class="good">
              {report().decision === 'approved'
                ? t('deductions.bulk.approved', {
                    count: String(report().count),
                    amount: formatYuan(report().totalFen),
                  })
                : t('deductions.bulk.acknowledged', { count: String(report().count) })}
            </p>
            <Show when={report().conflicts.length > 0}>
              <p class="bad">
                {t('deductions.bulk.conflicts', { count: String(report().conflicts.length) })}
              </p>
              <ul class="conflicts">
                <For each={report().conflicts}>
                  {(c) => (
                    <li>
                      <IdText
                        text={t('deductions.bulk.conflict', { what: c.what, reason: c.reason })}
                        ids={c.ids}
                      />
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Show>
    </div>
  )
}
