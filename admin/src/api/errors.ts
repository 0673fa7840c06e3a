/**
 * Any failure as words for the person who met it. Chinese first: the server's own Chinese where it
 * gives one (`messageZh`), else the message of its error code from the dictionary; a lost
 * connection, an answer the app cannot read and anything else get words too. In zh-CN no English
 * from the server or the browser ("Failed to fetch", "HTTP 500") reaches the page; in English the
 * server's message is shown as it is.
 *
 * @example
 * const errorText = useErrorText()
 * t('outbox.failed', { message: errorText(outbox.error) }) // 无法加载发件箱：无法连接服务器……
 */
import type { ApiError } from '@hotline/domain'
import { ZodError } from 'zod'
import { type Dictionary, useI18n, zhDictionary } from '../i18n'
import { ApiRequestError } from './client'

export type ErrorCode = keyof Dictionary['errors']['codes']
type FieldName = keyof Dictionary['errors']['fields']

const isCode = (code: string): code is ErrorCode => Object.hasOwn(zhDictionary.errors.codes, code)
const isField = (name: string): name is FieldName => Object.hasOwn(zhDictionary.errors.fields, name)

/** The last named segment of a field path: `records.3.enqueuedAt` → `enqueuedAt`. */
const fieldName = (path: string): string =>
  path
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .pop() ?? path

/** The error code of a failed API call (`conflict`, `month_closed`…), or `null` for any other failure. */
export const errorCodeOf = (error: unknown): string | null =>
  error instanceof ApiRequestError ? (error.body?.error.code ?? null) : null

/** An API error's body (`{ error: … }`'s inside): its code, its words, the fields at fault. */
export type ErrorBody = ApiError['error']

/**
 * Words for an error body at the status it came with: a failed call's, or one item's refusal
 * inside an answer (a bulk decision's conflicts). No body: the status says what it can.
 */
export function useErrorBodyText(): (body: ErrorBody | undefined, status: number) => string {
  const { t, locale } = useI18n()
  const fieldLabel = (path: string): string => {
    const name = fieldName(path)
    return isField(name) ? t(`errors.fields.${name}`) : t('errors.someField')
  }
  return (body, status) => {
    if (locale() === 'en' && body?.message) return body.message
    if (body?.messageZh) return body.messageZh
    const code = body?.code ?? (status >= 500 ? 'internal' : '')
    if (code === 'validation_failed' && body?.fields?.length) {
      const fields = [...new Set(body.fields.map((f) => fieldLabel(f.path)))]
      return t('errors.invalidFields', { fields: fields.join(locale() === 'zh-CN' ? '、' : ', ') })
    }
    return isCode(code) ? t(`errors.codes.${code}`) : t('errors.status', { status: String(status) })
  }
}

/** Words for any failure, in the language shown. */
export function useErrorText(): (error: unknown) => string {
  const { t, locale } = useI18n()
  const bodyText = useErrorBodyText()
  return (error) => {
    if (error instanceof ApiRequestError) return bodyText(error.body?.error, error.status)
    if (error instanceof ZodError) return t('errors.badAnswer')
    // fetch's own failure: the server is out of reach ("Failed to fetch", "NetworkError…").
    if (error instanceof TypeError) return t('errors.network')
    if (error instanceof DOMException && error.name === 'AbortError') return t('errors.aborted')
    return locale() === 'en' && error instanceof Error ? error.message : t('errors.unknown')
  }
}
