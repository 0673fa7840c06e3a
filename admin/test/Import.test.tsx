/**
 * The import page: a file cut into chunks of 1000 lines, each posted with its `X-Line-Offset`,
 * the chunks' reports added up, failing lines listed with their line numbers in the file, a
 * re-import shown as duplicates only; the page only for agency reviewers. And the chunking itself:
 * lines split across the slices a file is read in, a last line without a newline, a byte-order mark.
 */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import type { ImportReport } from '../src/api/schemas'
import { addReport, type Chunk, chunksOf, emptyReport, MAX_KEPT_ERRORS, slicesOf } from '../src/ndjson-import'
import { callsTo, headerOf, json, renderAt, setUpPageTests, signInAs, stubApi } from './helpers'

const event = (n: number) =>
  JSON.stringify({
    kind: 'ticket_event',
    ticketId: `CC-${String(n).padStart(6, '0')}`,
    type: 'received',
    at: '2026-09-30T16:00:00+08:00',
    needsTransfer: true,
  })

/** A file of `count` lines; the lines numbered in `bad` are not JSON. */
function ndjson(count: number, bad: readonly number[] = []): string {
  return Array.from({ length: count }, (_, i) =>
    bad.includes(i + 1) ? `{"kind":"ticket_event", oops line ${i + 1}` : event(i + 1),
  )
    .map((line) => `${line}\n`)
    .join('')
}

const decode = (body: BodyInit | null | undefined) => new TextDecoder().decode(body as Uint8Array)

/**
 * A server that does what `POST /api/v1/import` does with a chunk: counts its lines, numbers them
 * from `X-Line-Offset`, reports lines that are not JSON, and counts a ticket it has seen before as
 * a duplicate.
 */
function stubImport() {
  const seen = new Set<string>()
  return stubApi({
    'POST /api/v1/import': (_url, init) => {
      const offset = Number(headerOf(init, 'x-line-offset'))
      const lines = decode(init?.body).split('\n').slice(0, -1)
      const report: ImportReport = { ...emptyReport(), lines: lines.length }
      lines.forEach((line, i) => {
        try {
          const id = (JSON.parse(line) as { ticketId: string }).ticketId
          if (seen.has(id)) report.duplicates++
          else {
            seen.add(id)
            report.created++
          }
        } catch {
          report.failed++
          report.errors.push({ line: offset + i + 1, field: '(line)', message: 'not valid JSON' })
        }
      })
      return json(200, report)
    },
  })
}

async function chooseAndImport(text: string, name = 'october.ndjson') {
  const input = (await screen.findByLabelText('选择文件（NDJSON 格式）')) as HTMLInputElement
  const file = new File([text], name, { type: 'application/x-ndjson' })
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  fireEvent.change(input)
  const submit = screen.getByRole('button', { name: '开始导入' }) as HTMLButtonElement
  expect(submit.disabled).toBe(false)
  // jsdom cannot put a file in the input's own list, so its `required` check would hold the form
  // back: submit it directly (Chromium clicks the button in test/browser/operations.test.ts).
  fireEvent.submit(submit.form as HTMLFormElement)
}

const total = (key: string) => screen.getByTestId(`total-${key}`).textContent
const errorRows = () =>
  screen
    .getAllByTestId('import-error')
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent))

setUpPageTests({ pages: [() => import('../src/pages/ImportPage')] })

describe('import page', () => {
  it('sends the file in chunks of 1000 lines with their offsets and adds the reports up', async () => {
    const fetch = stubImport()
    renderAt('/import')
    await chooseAndImport(ndjson(2500, [1502]))

    expect((await screen.findByText(/^导入完成/)).textContent).toBe('导入完成：共 2,500 行。')
    const posts = callsTo(fetch, 'POST', '/api/v1/import')
    expect(posts.map(({ init }) => headerOf(init, 'x-line-offset'))).toEqual(['0', '1000', '2000'])
    expect(posts.map(({ init }) => decode(init?.body).split('\n').length - 1)).toEqual([1000, 1000, 500])
    // Each chunk starts where the last one ended: line 1001 opens the second.
    expect(decode(posts[1]?.init?.body).split('\n')[0]).toBe(event(1001))
    expect(decode(posts[2]?.init?.body).split('\n').at(-2)).toBe(event(2500))
    for (const { init } of posts) {
      expect(headerOf(init, 'content-type')).toBe('application/x-ndjson')
      expect(headerOf(init, 'authorization')).toBe('Bearer token-of-reviewer')
    }

    expect([total('lines'), total('created'), total('duplicates'), total('failed')]).toEqual([
      '2,500',
      '2,499',
      '0',
      '1',
    ])
    expect(errorRows()).toEqual([['1502', '整行', '这一行不是有效的 JSON。']])
    expect((screen.getByLabelText('导入进度') as HTMLProgressElement).value).toBe(100)
    expect(screen.getByTestId('import-progress-text').textContent).toBe('已处理 2,500 行，100%')
    expect(screen.getByTestId('import-outcome').getAttribute('aria-live')).toBe('polite')
  })

  it('lists a failing line with its number in the file, and shows a re-import as duplicates only', async () => {
    stubImport()
    renderAt('/import')
    const file = ndjson(3, [2])
    await chooseAndImport(file)

    await screen.findByTestId('import-errors')
    expect(errorRows()).toEqual([['2', '整行', '这一行不是有效的 JSON。']])
    expect([total('created'), total('failed')]).toEqual(['2', '1'])

    await chooseAndImport(file)

    await waitFor(() => expect(total('duplicates')).toBe('2'))
    expect((await screen.findByText(/^导入完成/)).textContent).toBe(
      '导入完成：共 3 行。 所有记录此前都已导入，没有任何更改。',
    )
    expect([total('created'), total('updated'), total('applied'), total('failed')]).toEqual([
      '0',
      '0',
      '0',
      '1',
    ])
  })

  it('stops at a chunk the server refuses and says the lines before it were imported', async () => {
    let posts = 0
    stubApi({
      'POST /api/v1/import': () => {
        posts++
        if (posts === 2) return json(503, { error: { code: 'unavailable', message: 'try again later' } })
        return json(200, { ...emptyReport(), lines: 1000, created: 1000 })
      },
    })
    renderAt('/import')
    await chooseAndImport(ndjson(2500))

    expect((await screen.findByRole('alert')).textContent).toBe(
      '导入中断：服务器拒绝了这次请求（状态码 503）。前 1,000 行已导入，再次导入同一文件即可继续。',
    )
    expect(posts).toBe(2)
    expect(total('created')).toBe('1,000')
  })

  it('stops when asked, between chunks, and says how to finish', async () => {
    let posts = 0
    stubApi({
      'POST /api/v1/import': (_url, init) => {
        posts++
        if (posts === 1) return json(200, { ...emptyReport(), lines: 1000, created: 1000 })
        // The second chunk hangs until the request is aborted.
        return new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        )
      },
    })
    renderAt('/import')
    await chooseAndImport(ndjson(2500))
    await waitFor(() => expect(posts).toBe(2))

    fireEvent.click(screen.getByRole('button', { name: '停止' }))

    expect((await screen.findByText(/^导入已停止/)).textContent).toBe(
      '导入已停止：前 1,000 行已导入。再次导入同一文件即可继续，已导入的行会计为重复。',
    )
    expect(posts).toBe(2)
    expect(screen.queryByRole('button', { name: '停止' })).toBeNull()
  })

  it('explains the file format on the page: each kind, its required fields and values', async () => {
    stubApi({})
    renderAt('/import')
    const format = await screen.findByTestId('import-format')
    expect(document.body.textContent).not.toContain('SPEC')
    const kinds = within(format)
      .getAllByTestId('import-kind')
      .map((row) => row.querySelector('th')?.textContent)
    expect(kinds).toEqual([
      '工单事件 ticket_event',
      '话务 call',
      '满意度评价 rating',
      '入职或离职 staff_event',
      '信息发布 publication',
      '事件 incident',
      '每周检查 facility_check',
      '培训 training',
    ])
    const call = within(format).getAllByTestId('import-kind')[1] as HTMLElement
    expect(call.querySelectorAll('td')[0]?.textContent).toBe(
      'callId（话务编号）、enqueuedAt（进入人工队列的时间）、answeredAt（应答时间）、endedAt（结束时间）',
    )
    // Coded values read in the KPIs' own names.
    const incident = within(format).getAllByTestId('import-kind')[5] as HTMLElement
    expect(incident.querySelectorAll('td')[1]?.textContent).toContain('confidentiality（保密）')
    expect(screen.getByRole('link', { name: '文件格式见下方说明。' }).getAttribute('href')).toBe(
      '#import-format',
    )
  })

  it('words a line the server refused by its kind of problem', async () => {
    stubApi({
      'POST /api/v1/import': () =>
        json(200, {
          ...emptyReport(),
          lines: 1,
          failed: 1,
          errors: [{ line: 1, field: 'at', message: 'Invalid input: expected string, received undefined' }],
        }),
    })
    renderAt('/import')
    await chooseAndImport(ndjson(1))
    await screen.findByTestId('import-errors')
    expect(errorRows()).toEqual([['1', 'at（时间）', '缺少这个字段。']])
  })

  it('is not offered to anyone but agency reviewers', async () => {
    signInAs('contractor')
    const fetch = stubApi({})
    renderAt('/import')
    expect((await screen.findByRole('alert')).textContent).toBe(
      '您的角色不能打开这个页面。如需使用，请联系甲方管理员开通。',
    )
    expect(screen.queryByLabelText('选择文件（NDJSON 格式）')).toBeNull()
    expect(screen.queryByRole('link', { name: '导入' })).toBeNull()
    expect(fetch).not.toHaveBeenCalled()
  })

  it('is in the navigation for a reviewer, in both languages', async () => {
    stubApi({})
    renderAt('/import', 'en')
    expect(await screen.findByRole('heading', { name: 'Import an NDJSON file' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Import' }).getAttribute('aria-current')).toBe('page')
    expect(screen.getByLabelText('File (.ndjson)')).toBeTruthy()
  })
})

async function collect(source: AsyncIterable<Uint8Array>, lines: number): Promise<Chunk[]> {
  const out: Chunk[] = []
  for await (const chunk of chunksOf(source, lines)) out.push(chunk)
  return out
}

const text = (chunk: Chunk | undefined) => new TextDecoder().decode(chunk?.body)

describe('chunksOf', () => {
  it('cuts whole lines across the slices the file is read in, each chunk with its offset', async () => {
    const file = new File(['a1\nb22\n\nd4444\ne5\n'], 'f.ndjson')
    // Slices of 3 bytes: every line is split somewhere.
    const chunks = await collect(slicesOf(file, 3), 2)
    expect(chunks.map((c) => [text(c), c.offset, c.lines, c.bytes])).toEqual([
      ['a1\nb22\n', 0, 2, 7],
      ['\nd4444\n', 2, 2, 7],
      ['e5\n', 4, 1, 3],
    ])
  })

  it('ends a last line without a newline, and drops a byte-order mark', async () => {
    const file = new File(['\uFEFF{"a":1}\r\n{"b":2}'], 'f.ndjson')
    const [chunk, ...rest] = await collect(slicesOf(file), 1000)
    expect(rest).toEqual([])
    expect(text(chunk)).toBe('{"a":1}\r\n{"b":2}\n')
    expect([chunk?.offset, chunk?.lines, chunk?.bytes]).toEqual([0, 2, file.size])
  })

  it('gives nothing for an empty file', async () => {
    expect(await collect(slicesOf(new File([], 'empty.ndjson')), 1000)).toEqual([])
  })
})

describe('addReport', () => {
  it('sums the counts and keeps at most MAX_KEPT_ERRORS errors in line order', () => {
    const chunk = (line: number, n: number): ImportReport => ({
      ...emptyReport(),
      lines: 1000,
      created: 1000 - n,
      failed: n,
      errors: Array.from({ length: n }, (_, i) => ({ line: line + i, field: 'at', message: 'bad' })),
    })
    const sum = addReport(addReport(emptyReport(), chunk(1, 600)), chunk(1001, 600))
    expect([sum.lines, sum.created, sum.failed]).toEqual([2000, 800, 1200])
    expect(sum.errors).toHaveLength(MAX_KEPT_ERRORS)
    expect(sum.errors.at(-1)?.line).toBe(1400)
  })
})
