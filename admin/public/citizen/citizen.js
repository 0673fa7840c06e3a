// @ts-check
/**
 * The citizen page (`/citizen/`): submit a request through the web form and look up its progress
 * with the tracking code and mobile number. Plain DOM, no framework, nothing from outside the
 * site; Chinese first, English on request (remembered with the admin app's `hotline.locale`).
 *
 * The API is the judge of what is valid: the page only checks what is missing or too short, and
 * shows its own words for the field the API names (`error.fields[].path`), and the API's (English)
 * message beside them in English only.
 */

/** The six categories, as `packages/domain/src/intake/submission.ts` (`CATEGORIES`) names them. */
export const CATEGORY_LABELS = /** @type {const} */ ({
  consultation: { zh: '咨询', en: 'Enquiry' },
  request: { zh: '求助', en: 'Request for help' },
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
  suggestion: { zh: '建议', en: 'Suggestion' },
  praise: { zh: '表扬', en: 'Praise' },
})

/** Satisfaction ratings, as `packages/domain/src/intake/survey.ts` (`RATING_LABELS`) names them. */
export const RATING_LABELS = /** @type {const} */ ({
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
})

export const CONTENT_MIN = 5
export const CONTENT_MAX = 2000

/** @typedef {'zh-CN' | 'en'} Locale */

const zh = {
  pageTitle: '网上诉求 · 济源 12345 政务服务便民热线',
  skip: '跳到主要内容',
  brand: '济源 12345 政务服务便民热线',
  title: '网上诉求',
  switchTo: 'English',
  switchLabel: '切换语言',
  jumpLabel: '本页内容',
  submitTitle: '提交诉求',
  submitIntro: '我们会在工作时间内尽快受理，受理后以短信告知工单号和查询码。紧急情况请拨打 110、119、120。',
  required: '带 * 的为必填项。',
  optional: '（选填）',
  name: '姓名',
  phone: '手机号码',
  phoneHint: '用于接收受理短信和查询办理进度，不会公开。',
  category: '诉求类型',
  content: '诉求内容',
  contentHint: '请写明事情经过、时间和您的诉求，5–2000 字。',
  count: '{n} / {max}',
  location: '事发地点',
  locationHint: '如：济源市沁园路与天坛路交叉口',
  submit: '提交诉求',
  submitting: '正在提交…',
  receiptTitle: '诉求已提交',
  ticketNumber: '工单号',
  trackingCode: '查询码',
  receiptSms: '受理短信已发送至 {phone}，短信里也有工单号和查询码。',
  receiptSmsWithheld: '号码 {phone} 近期收到的受理短信已达上限，这次不再发送短信。',
  receiptSmsFailed: '受理短信未能发送到 {phone}。',
  receiptKeep: '请记下查询码：凭查询码和手机号码可以随时查询办理进度。',
  receiptLookup: '查询办理进度',
  receiptAgain: '再提交一条诉求',
  lookupTitle: '查询办理进度',
  lookupCodeHint: '受理短信里的 10 位查询码，不区分大小写。',
  lookupSubmit: '查询',
  lookingUp: '正在查询…',
  resultTitle: '工单 {ticket}',
  status: '当前状态',
  receivedAt: '受理时间',
  rating: '满意度评价',
  notRated: '尚未评价',
  history: '办理过程',
  notFound: '未找到相关工单，请核对查询码和手机号码。',
  tooMany: '查询过于频繁，请 {minutes} 分钟后再试。',
  tooManySubmits: '提交过于频繁，请 {minutes} 分钟后再试。',
  tooManySoon: '操作过于频繁，请稍后再试。',
  resubmit: '表单内容与上次提交的不一致，请核对后再点一次“提交诉求”。',
  offline: '无法连接服务，请检查网络后再试。',
  failed: '出错了，请稍后再试；如一直无法提交，请拨打 12345。',
  fixFields: '请按提示修改后再提交。',
  missingPhone: '请填写手机号码。',
  missingCategory: '请选择诉求类型。',
  shortContent: '诉求内容至少 5 个字。',
  missingCode: '请填写查询码。',
  field: {
    name: '姓名最多 50 个字。',
    phone: '请填写正确的手机号码，如 13812345678。',
    category: '请选择诉求类型。',
    content: '诉求内容需 5–2000 个字。',
    location: '事发地点最多 200 个字。',
  },
  footer: '手机号码仅用于办理您的诉求，加密保存，任何页面只显示部分号码。',
}

/** @type {typeof zh} */
const en = {
  pageTitle: 'Online requests · Jiyuan 12345 government-service hotline',
  skip: 'Skip to main content',
  brand: 'Jiyuan 12345 government-service hotline',
  title: 'Online requests',
  switchTo: '中文',
  switchLabel: 'Switch language',
  jumpLabel: 'On this page',
  submitTitle: 'Submit a request',
  submitIntro:
    'We register requests as soon as we can during working hours and text you the ticket number and tracking code. In an emergency call 110, 119 or 120.',
  required: 'Fields marked * are required.',
  optional: '(optional)',
  name: 'Name',
  phone: 'Mobile number',
  phoneHint: 'For the confirmation SMS and for looking up progress; never shown in full.',
  category: 'Type of request',
  content: 'Your request',
  contentHint: 'What happened, when, and what you ask for: 5 to 2000 characters.',
  count: '{n} / {max}',
  location: 'Where',
  locationHint: 'e.g. the crossing of Qinyuan Road and Tiantan Road, Jiyuan',
  submit: 'Submit',
  submitting: 'Submitting…',
  receiptTitle: 'Request received',
  ticketNumber: 'Ticket number',
  trackingCode: 'Tracking code',
  receiptSms: 'A confirmation SMS with the ticket number and tracking code was sent to {phone}.',
  receiptSmsWithheld: '{phone} has had as many confirmation SMS as we send for now: none was sent this time.',
  receiptSmsFailed: 'The confirmation SMS to {phone} could not be sent.',
  receiptKeep:
    'Keep the tracking code: with it and your mobile number you can look up the progress at any time.',
  receiptLookup: 'Look up progress',
  receiptAgain: 'Submit another request',
  lookupTitle: 'Look up progress',
  lookupCodeHint: 'The 10-character code in the confirmation SMS; upper or lower case.',
  lookupSubmit: 'Look up',
  lookingUp: 'Looking up…',
  resultTitle: 'Ticket {ticket}',
  status: 'Status',
  receivedAt: 'Received',
  rating: 'Your rating',
  notRated: 'Not rated yet',
  history: 'Progress',
  notFound: 'Not found. Please check the tracking code and the mobile number.',
  tooMany: 'Too many look-ups. Please try again in {minutes} minutes.',
  tooManySubmits: 'Too many requests submitted. Please try again in {minutes} minutes.',
  tooManySoon: 'Too many attempts. Please try again later.',
  resubmit: 'The form differs from the one last sent. Please check it and press Submit again.',
  offline: 'Cannot reach the service. Please check your connection and try again.',
  failed: 'Something went wrong, please try again later ({message}).',
  fixFields: 'Please correct the fields marked below.',
  missingPhone: 'Please enter your mobile number.',
  missingCategory: 'Please choose a type of request.',
  shortContent: 'Please write at least 5 characters.',
  missingCode: 'Please enter the tracking code.',
  field: {
    name: 'At most 50 characters.',
    phone: 'Please enter a mainland China mobile number, e.g. 13812345678.',
    category: 'Please choose a type of request.',
    content: 'Between 5 and 2000 characters.',
    location: 'At most 200 characters.',
  },
  footer:
    'Your mobile number is used only to handle your request, stored encrypted, and never shown in full.',
}

/** @typedef {typeof zh} Dictionary */
/** @typedef {Exclude<keyof Dictionary, 'field'>} TextKey */
/** @typedef {keyof Dictionary['field']} FieldName */

/** @type {Record<Locale, Dictionary>} */
const DICTIONARIES = { 'zh-CN': zh, en }
const LOCALE_KEY = 'hotline.locale'

/**
 * @typedef {{ ticketNumber: string, trackingCode: string, receivedAt: string, status: string, acknowledgement?: 'sent' | 'failed' | 'withheld' }} Receipt
 * @typedef {{ zh: string, en: string }} Label
 * @typedef {{
 *   ticketNumber: string,
 *   status: string,
 *   statusLabel: Label,
 *   category: ({ id: string } & Label) | null,
 *   receivedAt: string,
 *   history: { type: string, at: string, label: Label, department?: string }[],
 *   rating: keyof typeof RATING_LABELS | null,
 * }} PublicStatus
 * @typedef {{ error: { code: string, message: string, fields?: { path: string, message: string }[] } }} ApiError
 */

/** `K7Q2M9XD3P` → `K7Q2-M9XD-3P`, for reading (as the domain's `displayTrackingCode`). */
export const displayTrackingCode = (/** @type {string} */ code) => code.replace(/(.{4})(?=.)/g, '$1-')

/** `13812345678` → `138****5678`; what the citizen typed is only echoed back masked. */
export function maskPhone(/** @type {string} */ raw) {
  const digits = raw.replace(/\D/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '')
  return digits.length >= 8 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****'
}

/**
 * A key for `Idempotency-Key`: a resent form (double tap, flaky network) makes one ticket, not two.
 * The API refuses a key it has seen with another body (422 `idempotency_key_reused`), so a form
 * changed after a failed attempt is sent with a new one (`IdempotencyKeys`).
 */
function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  )
}

/**
 * The `Idempotency-Key` of each attempt: the same for the same body (a retry after a lost answer
 * must not make a second ticket), a new one once the body differs from the one the key was sent
 * with, and a new one after a ticket was made or the API refused the key.
 */
class IdempotencyKeys {
  #key = newIdempotencyKey()
  /** The body the current key was sent with, `null` while it is unused. */
  /** @type {string | null} */
  #sentWith = null

  /** The key for sending `body` (its JSON); the key then belongs to that body. */
  forBody(/** @type {string} */ body) {
    if (this.#sentWith !== null && this.#sentWith !== body) this.#key = newIdempotencyKey()
    this.#sentWith = body
    return this.#key
  }

  /** Done with the key (a ticket was made, or the API will not take it again): the next send gets a new one. */
  renew() {
    this.#key = newIdempotencyKey()
    this.#sentWith = null
  }
}

/** @param {string} text @param {Record<string, string | number>} values */
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''))

/** Whole minutes to wait from a 429's `Retry-After` (seconds), rounded up; 0 when it does not say. */
export function retryMinutes(/** @type {Response} */ response) {
  const seconds = Number(response.headers.get('retry-after'))
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 0
}

/** Wires the page: its language, the submit form and the lookup. Run once the page is in the document. */
export function start() {
  /** @param {string} id */
  const byId = (id) => {
    const el = document.getElementById(id)
    if (!el) throw new Error(`#${id} missing from the page`)
    return el
  }
  /** @param {string} id */
  const inputById = (id) => /** @type {HTMLInputElement} */ (byId(id))
  const submitForm = /** @type {HTMLFormElement} */ (byId('submit-form'))
  const lookupForm = /** @type {HTMLFormElement} */ (byId('lookup-form'))
  const content = /** @type {HTMLTextAreaElement} */ (byId('content'))
  const submitButton = /** @type {HTMLButtonElement} */ (byId('submit-button'))
  const lookupButton = /** @type {HTMLButtonElement} */ (byId('lookup-button'))
  const submitError = byId('submit-error')
  const receipt = byId('receipt')
  const lookupResult = byId('lookup-result')

  /** @type {Locale} */
  let locale = initialLocale()
  let busySubmitting = false
  let busyLookingUp = false
  const idempotencyKeys = new IdempotencyKeys()
  /** @type {{ receipt: Receipt, phone: string } | null} */
  let lastReceipt = null
  /** What the lookup area shows, kept to draw it again in the other language. */
  /** @type {{ kind: 'status', status: PublicStatus } | { kind: 'message', render: () => string } | null} */
  let lastLookup = null
  /** Field errors shown, kept for the same reason: field → [our hint, the API's message]. */
  /** @type {Map<string, { text: () => string, api?: string }>} */
  const fieldErrors = new Map()
  /** The message above the submit button, if any. */
  /** @type {(() => string) | null} */
  let generalError = null

  const t = (/** @type {TextKey} */ key) => /** @type {string} */ (DICTIONARIES[locale][key])
  const lang = () => (locale === 'zh-CN' ? 'zh' : 'en')

  function initialLocale() {
    const asked = new URLSearchParams(window.location.search).get('lang')
    if (asked === 'en' || asked === 'zh-CN') return asked
    try {
      const saved = window.localStorage.getItem(LOCALE_KEY)
      if (saved === 'en' || saved === 'zh-CN') return saved
    } catch {
      // Storage refused (private mode): Chinese, as for everyone else.
    }
    return 'zh-CN'
  }

  // --- language ------------------------------------------------------------------------------

  function applyLocale() {
    const dict = DICTIONARIES[locale]
    document.documentElement.lang = locale
    document.title = dict.pageTitle
    for (const el of document.querySelectorAll('[data-i18n]')) {
      const key = el.getAttribute('data-i18n') ?? ''
      if (key.startsWith('cat.')) {
        const id = /** @type {keyof typeof CATEGORY_LABELS} */ (key.slice(4))
        el.textContent = CATEGORY_LABELS[id][lang()]
      } else if (key in dict) {
        el.textContent = /** @type {string} */ (dict[/** @type {TextKey} */ (key)])
      }
    }
    for (const el of document.querySelectorAll('[data-i18n-aria-label]')) {
      const key = /** @type {TextKey} */ (el.getAttribute('data-i18n-aria-label'))
      el.setAttribute('aria-label', t(key))
    }
    const toggle = byId('locale-switch')
    toggle.textContent = dict.switchTo
    toggle.setAttribute('title', dict.switchLabel)
    toggle.setAttribute('lang', locale === 'zh-CN' ? 'en' : 'zh-CN')
    if (busySubmitting) submitButton.textContent = t('submitting')
    if (busyLookingUp) lookupButton.textContent = t('lookingUp')
    updateCount()
    renderFieldErrors()
    renderReceipt()
    renderLookup()
  }

  byId('locale-switch').addEventListener('click', () => {
    locale = locale === 'zh-CN' ? 'en' : 'zh-CN'
    try {
      window.localStorage.setItem(LOCALE_KEY, locale)
    } catch {
      // Not remembered, still switched.
    }
    applyLocale()
  })

  // --- the form --------------------------------------------------------------------------------

  function updateCount() {
    byId('content-count').textContent = fill(t('count'), { n: content.value.length, max: CONTENT_MAX })
  }
  content.addEventListener('input', updateCount)

  /** The element a field's error is for (the fieldset for the category). */
  const fieldElement = (/** @type {string} */ name) => byId(name)

  function renderFieldErrors() {
    for (const name of ['name', 'phone', 'category', 'content', 'location']) {
      const error = fieldErrors.get(name)
      const box = byId(`${name}-error`)
      const field = fieldElement(name)
      if (!error) {
        box.hidden = true
        box.textContent = ''
        field.removeAttribute('aria-invalid')
        continue
      }
      box.textContent = error.text()
      // The API's own words are English: shown beside the English hint only, never in Chinese.
      if (locale === 'en' && error.api && error.api !== box.textContent) {
        const detail = document.createElement('span')
        detail.className = 'api-message'
        detail.lang = 'en'
        detail.textContent = error.api
        box.append(' ', detail)
      }
      box.hidden = false
      if (name !== 'category') field.setAttribute('aria-invalid', 'true')
    }
  }

  function clearErrors() {
    fieldErrors.clear()
    renderFieldErrors()
    submitError.hidden = true
    submitError.textContent = ''
  }

  /** Checks only what is missing or too short; the API judges the rest. */
  function checkLocally() {
    const phone = inputById('phone').value.trim()
    const category = new FormData(submitForm).get('category')
    const text = content.value.trim()
    if (!phone) fieldErrors.set('phone', { text: () => t('missingPhone') })
    if (!category) fieldErrors.set('category', { text: () => t('missingCategory') })
    if (text.length < CONTENT_MIN) fieldErrors.set('content', { text: () => t('shortContent') })
    return fieldErrors.size === 0
  }

  function focusFirstError() {
    for (const name of ['name', 'phone', 'category', 'content', 'location']) {
      if (!fieldErrors.has(name)) continue
      const target =
        name === 'category'
          ? /** @type {HTMLInputElement} */ (submitForm.querySelector('input[name="category"]'))
          : fieldElement(name)
      target.focus()
      return
    }
  }

  function showGeneralError(/** @type {() => string} */ text) {
    submitError.textContent = text()
    submitError.hidden = false
    generalError = text
  }

  /** The form's values as the API takes them; empty optional fields are left out. */
  function payload() {
    const data = new FormData(submitForm)
    /** @type {Record<string, string>} */
    const body = {}
    for (const name of ['name', 'phone', 'category', 'content', 'location']) {
      const value = String(data.get(name) ?? '').trim()
      if (value) body[name] = value
    }
    return body
  }

  submitForm.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (busySubmitting) return
    clearErrors()
    generalError = null
    if (!checkLocally()) {
      renderFieldErrors()
      focusFirstError()
      return
    }
    const body = payload()
    const text = JSON.stringify(body)
    setSubmitting(true)
    try {
      const response = await fetch('/api/v1/submissions/web', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': idempotencyKeys.forBody(text),
        },
        body: text,
      })
      const json = await response.json().catch(() => null)
      if (response.ok && json && typeof json.ticketNumber === 'string') {
        lastReceipt = { receipt: /** @type {Receipt} */ (json), phone: body.phone ?? '' }
        idempotencyKeys.renew()
        submitForm.reset()
        updateCount()
        submitForm.hidden = true
        renderReceipt()
        byId('receipt-title').focus()
        return
      }
      handleSubmitError(response, /** @type {ApiError | null} */ (json))
    } catch {
      showGeneralError(() => t('offline'))
    } finally {
      setSubmitting(false)
    }
  })

  /** @param {Response} response @param {ApiError | null} json */
  function handleSubmitError(response, json) {
    const fields = json?.error?.fields ?? []
    if (response.status === 400 && fields.length > 0) {
      let named = false
      for (const { path, message } of fields) {
        const name = path.split('.')[0] ?? ''
        if (name in zh.field) {
          const key = /** @type {FieldName} */ (name)
          if (!fieldErrors.has(key))
            fieldErrors.set(key, { text: () => DICTIONARIES[locale].field[key], api: message })
          named = true
        }
      }
      renderFieldErrors()
      if (named) {
        showGeneralError(() => t('fixFields'))
        focusFirstError()
        return
      }
    }
    if (response.status === 429) {
      const minutes = retryMinutes(response)
      showGeneralError(() => (minutes ? fill(t('tooManySubmits'), { minutes }) : t('tooManySoon')))
      return
    }
    if (response.status === 422 && json?.error?.code === 'idempotency_key_reused') {
      // The key went with another body: this one is sent with a new key once the person confirms it.
      idempotencyKeys.renew()
      showGeneralError(() => t('resubmit'))
      return
    }
    const message = json?.error?.message ?? `HTTP ${response.status}`
    showGeneralError(() => fill(t('failed'), { message }))
  }

  function setSubmitting(/** @type {boolean} */ busy) {
    busySubmitting = busy
    submitButton.disabled = busy
    submitButton.textContent = busy ? t('submitting') : t('submit')
  }

  function renderReceipt() {
    if (generalError && !submitError.hidden) submitError.textContent = generalError()
    if (!lastReceipt) {
      receipt.hidden = true
      return
    }
    byId('receipt-ticket').textContent = lastReceipt.receipt.ticketNumber
    byId('receipt-code').textContent = displayTrackingCode(lastReceipt.receipt.trackingCode)
    // A withheld or failed SMS is said plainly: the receipt on screen is then the citizen's only copy.
    const sms = lastReceipt.receipt.acknowledgement
    const key =
      sms === 'withheld' ? 'receiptSmsWithheld' : sms === 'failed' ? 'receiptSmsFailed' : 'receiptSms'
    byId('receipt-sms').textContent = fill(t(key), { phone: maskPhone(lastReceipt.phone) })
    receipt.hidden = false
  }

  byId('receipt-again').addEventListener('click', () => {
    lastReceipt = null
    renderReceipt()
    submitForm.hidden = false
    inputById('name').focus()
  })

  byId('receipt-lookup').addEventListener('click', () => {
    if (!lastReceipt) return
    inputById('lookup-code').value = displayTrackingCode(lastReceipt.receipt.trackingCode)
    inputById('lookup-phone').value = lastReceipt.phone
    byId('lookup').scrollIntoView({ block: 'start' })
    lookupForm.requestSubmit()
  })

  // --- the lookup ------------------------------------------------------------------------------

  /** @param {string} iso */
  function dateTime(iso) {
    return new Date(iso).toLocaleString(locale, {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    })
  }

  /** @param {HTMLElement} parent @param {string} tag @param {string} [text] @param {string} [className] */
  function add(parent, tag, text, className) {
    const el = document.createElement(tag)
    if (text !== undefined) el.textContent = text
    if (className) el.className = className
    parent.append(el)
    return el
  }

  function renderLookup() {
    lookupResult.replaceChildren()
    if (!lastLookup) return
    if (lastLookup.kind === 'message') {
      add(lookupResult, 'p', lastLookup.render(), 'error general')
      return
    }
    const status = lastLookup.status
    const l = lang()
    const box = add(lookupResult, 'article', undefined, 'status-card')
    box.setAttribute('data-testid', 'lookup-status')
    add(box, 'h3', fill(t('resultTitle'), { ticket: status.ticketNumber }))
    const dl = add(box, 'dl')
    add(dl, 'dt', t('status'))
    add(dl, 'dd', status.statusLabel[l], `badge status-${status.status}`).setAttribute(
      'data-testid',
      'lookup-state',
    )
    if (status.category) {
      add(dl, 'dt', t('category'))
      add(dl, 'dd', status.category[l])
    }
    add(dl, 'dt', t('receivedAt'))
    add(dl, 'dd', dateTime(status.receivedAt))
    add(dl, 'dt', t('rating'))
    add(dl, 'dd', status.rating ? RATING_LABELS[status.rating][l] : t('notRated')).setAttribute(
      'data-testid',
      'lookup-rating',
    )
    add(box, 'h4', t('history'))
    const list = add(box, 'ol', undefined, 'timeline')
    for (const step of status.history) {
      const item = add(list, 'li')
      const time = add(item, 'time', dateTime(step.at))
      time.setAttribute('datetime', step.at)
      add(item, 'span', step.department ? `${step.label[l]} · ${step.department}` : step.label[l])
    }
  }

  lookupForm.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (busyLookingUp) return
    const codeInput = inputById('lookup-code')
    const phoneInput = inputById('lookup-phone')
    const code = codeInput.value.trim()
    const phone = phoneInput.value.trim()
    setFieldError(codeInput, 'lookup-code-error', code ? null : t('missingCode'))
    setFieldError(phoneInput, 'lookup-phone-error', phone ? null : t('missingPhone'))
    if (!code || !phone) {
      ;(code ? phoneInput : codeInput).focus()
      return
    }
    setLookingUp(true)
    try {
      const response = await fetch(
        `/api/v1/submissions/${encodeURIComponent(code)}?${new URLSearchParams({ phone })}`,
        { headers: { accept: 'application/json' } },
      )
      const json = await response.json().catch(() => null)
      if (response.ok && json && typeof json.ticketNumber === 'string') {
        lastLookup = { kind: 'status', status: /** @type {PublicStatus} */ (json) }
      } else if (response.status === 404) {
        // The API does not say whether the code or the number was wrong; neither do we.
        lastLookup = { kind: 'message', render: () => t('notFound') }
      } else if (response.status === 429) {
        const minutes = retryMinutes(response)
        lastLookup = {
          kind: 'message',
          render: () => (minutes ? fill(t('tooMany'), { minutes }) : t('tooManySoon')),
        }
      } else {
        const message = /** @type {ApiError | null} */ (json)?.error?.message ?? `HTTP ${response.status}`
        lastLookup = { kind: 'message', render: () => fill(t('failed'), { message }) }
      }
    } catch {
      lastLookup = { kind: 'message', render: () => t('offline') }
    } finally {
      setLookingUp(false)
    }
    renderLookup()
  })

  /** @param {HTMLInputElement} input @param {string} errorId @param {string | null} message */
  function setFieldError(input, errorId, message) {
    const box = byId(errorId)
    box.textContent = message ?? ''
    box.hidden = !message
    if (message) input.setAttribute('aria-invalid', 'true')
    else input.removeAttribute('aria-invalid')
  }

  function setLookingUp(/** @type {boolean} */ busy) {
    busyLookingUp = busy
    lookupButton.disabled = busy
    lookupButton.textContent = busy ? t('lookingUp') : t('lookupSubmit')
  }

  applyLocale()
}

if (typeof document !== 'undefined' && document.getElementById('submit-form')) start()
