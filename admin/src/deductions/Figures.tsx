/** A draft's evidence figures: labelled in words, with units (see `figures.ts`). */
import { For, Show } from 'solid-js'
import type { Deduction } from '../api/deductions'
import { useI18n } from '../i18n'
import { useFigureRows } from './figures'

export function Figures(props: { deduction: Deduction }) {
  const { t } = useI18n()
  const rowsOf = useFigureRows()
  const rows = () => rowsOf(props.deduction)
  return (
    <Show when={rows().length > 0}>
      <h4 id="figures-title">{t('deductions.evidence.figures')}</h4>
      <dl data-testid="evidence-figures" aria-labelledby="figures-title">
        <For each={rows()}>
          {(row) => (
            <>
              <dt>{row.label}</dt>
              <dd data-figure={row.key}>
                {row.datetime ? <time datetime={row.datetime}>{row.text}</time> : row.text}
              </dd>
            </>
          )}
        </For>
      </dl>
    </Show>
  )
}
