/**
 * A sentence holding the 确认单's number (`KH-202610-01`): the number is an id people quote, not
 * prose, so it is marked `translate="no"` (and left alone by the page-language checks).
 */

const SLOT = '\u0000'

/** `text` is the sentence with a slot for the number, e.g. `(number) => t('…done', { number })`. */
export function Numbered(props: { text: (number: string) => string; number: string | null }) {
  const parts = () => props.text(SLOT).split(SLOT)
  return (
    <>
      {parts()[0]}
      <span translate="no">{props.number ?? ''}</span>
      {parts().slice(1).join('')}
    </>
  )
}
