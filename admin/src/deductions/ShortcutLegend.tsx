/**
 * The keyboard shortcuts in force on a deduction: walking the queue for everyone; approving, not
 * deducting and undoing only for a reviewer who can decide this one (no one else is told of them).
 */
import { Show } from 'solid-js'
import { useI18n } from '../i18n'

export function ShortcutLegend(props: { canDecide: boolean; canUndo: boolean }) {
  const { t } = useI18n()
  const item = (key: string, words: string) => (
    <div>
      <dt>
        <kbd>{key}</kbd>
      </dt>
      <dd>{words}</dd>
    </div>
  )
  return (
    <aside class="shortcuts" aria-labelledby="shortcuts-title" data-testid="shortcut-legend">
      <h3 id="shortcuts-title">{t('deductions.shortcuts.label')}</h3>
      <dl>
        <Show when={props.canDecide}>
          {item('A', t('deductions.shortcuts.approve'))}
          {item('R', t('deductions.shortcuts.reject'))}
        </Show>
        <Show when={props.canUndo}>{item('U', t('deductions.shortcuts.undo'))}</Show>
        {item('J', t('deductions.shortcuts.next'))}
        {item('K', t('deductions.shortcuts.previous'))}
      </dl>
      <p class="muted">{t('deductions.shortcuts.note')}</p>
    </aside>
  )
}
