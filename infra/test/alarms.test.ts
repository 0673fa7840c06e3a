/** Operable: the alarms, the topic they notify (and its email subscription), and the operations dashboard. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type HotlineApp } from '../src/app'
import { repoRoot } from '../src/paths'
import { BUILD_TIMEOUT, buildTemplates, importOf, logicalId, newApp } from './support'

let built: HotlineApp
let data: Template
let api: Template
const ids = {} as Record<
  'topic' | 'jobsFn' | 'apiFn' | 'smsFn' | 'jobsQueue' | 'smsQueue' | 'httpApi' | 'table',
  string
>

beforeAll(() => {
  ;({ built, data, api } = buildTemplates(newApp({})))
  const stack = built.api
  Object.assign(ids, {
    topic: logicalId(stack, stack.operations.topic),
    jobsFn: logicalId(stack, stack.jobs.function),
    apiFn: logicalId(stack, stack.apiFunction),
    smsFn: logicalId(stack, stack.smsFunction),
    jobsQueue: logicalId(stack, stack.jobs.deadLetterQueue),
    smsQueue: logicalId(built.data, built.data.smsChannel.deadLetterQueue),
    httpApi: logicalId(stack, stack.api),
    table: logicalId(built.data, built.data.table),
  })
}, BUILD_TIMEOUT)

type MetricStat = {
  Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] }
  Period: number
  Stat: string
}
type AlarmProps = {
  AlarmName: string
  AlarmDescription: string
  AlarmActions: unknown[]
  OKActions: unknown[]
  ComparisonOperator: string
  Threshold: number
  EvaluationPeriods: number
  DatapointsToAlarm: number
  TreatMissingData: string
  Namespace?: string
  MetricName?: string
  Dimensions?: { Name: string; Value: unknown }[]
  Statistic?: string
  Period?: number
  Metrics?: { Id: string; Expression?: string; MetricStat?: MetricStat; ReturnData?: boolean }[]
  EvaluationWindow?: unknown
}

const alarms = () =>
  Object.values(api.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties as AlarmProps)
const alarmNamed = (name: string): AlarmProps => {
  const found = alarms().find((a) => a.AlarmName === name)
  if (!found) throw new Error(`no alarm ${name}`)
  return found
}

const ALARM_NAMES = [
  'hotline-jobs-errors',
  'hotline-jobs-dead-letters',
  'hotline-jobs-missed-run',
  'hotline-sms-dead-letters',
  'hotline-api-5xx-rate',
  'hotline-api-throttles',
  'hotline-sms-throttles',
  'hotline-jobs-throttles',
  'hotline-table-throttles',
]

describe('alarm topic', () => {
  it('is hotline-alarms, refuses publishers without TLS, and is the AlarmTopicArn output', () => {
    api.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'hotline-alarms' })
    api.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: ids.topic }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    })
    api.hasOutput('AlarmTopicArn', { Value: { Ref: ids.topic } })
  })

  it('has no subscription unless hotline:alarmEmail is given', () => {
    const subscriptions = Object.values(api.findResources('AWS::SNS::Subscription')).map(
      (s) => s.Properties as { TopicArn: unknown },
    )
    expect(subscriptions.filter((s) => JSON.stringify(s.TopicArn).includes(ids.topic))).toEqual([])
  })

  it('subscribes the hotline:alarmEmail address to the topic by email', () => {
    const { api: withEmail } = buildTemplates(newApp({ 'hotline:alarmEmail': ' ops@example.gov.cn ' }))
    withEmail.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.gov.cn',
      TopicArn: { Ref: ids.topic },
    })
  })

  it('refuses a hotline:alarmEmail that is not an email address', () => {
    expect(() => buildApp(newApp({ 'hotline:alarmEmail': 'ops team' }))).toThrow(
      /hotline:alarmEmail: ops team is not an email address/,
    )
  })
})

describe('alarms', () => {
  it('are exactly these, each notifying the topic on ALARM and on OK and naming its runbook section', () => {
    expect(alarms().map((a) => a.AlarmName)).toEqual(ALARM_NAMES)
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions, alarm.AlarmName).toEqual([{ Ref: ids.topic }])
      expect(alarm.OKActions, alarm.AlarmName).toEqual([{ Ref: ids.topic }])
      expect(alarm.AlarmDescription).toContain(`Runbook: docs/operations-runbook.md#${alarm.AlarmName}`)
      expect(alarm).toMatchObject({ EvaluationPeriods: 1, DatapointsToAlarm: 1 })
    }
  })

  it('each have their section in docs/operations-runbook.md', () => {
    const runbook = readFileSync(join(repoRoot, 'docs', 'operations-runbook.md'), 'utf8')
    const headings = runbook.split('\n').filter((line) => /^#{2,4} /.test(line))
    for (const name of ALARM_NAMES) expect(headings).toContainEqual(expect.stringMatching(` ${name}$`))
  })

  const fnRef = (key: 'jobsFn' | 'apiFn' | 'smsFn') => () => [
    { Name: 'FunctionName', Value: { Ref: ids[key] } },
  ]
  it.each([
    ['hotline-jobs-errors', 'AWS/Lambda', 'Errors', 'Sum', fnRef('jobsFn')],
    ['hotline-api-throttles', 'AWS/Lambda', 'Throttles', 'Sum', fnRef('apiFn')],
    ['hotline-sms-throttles', 'AWS/Lambda', 'Throttles', 'Sum', fnRef('smsFn')],
    ['hotline-jobs-throttles', 'AWS/Lambda', 'Throttles', 'Sum', fnRef('jobsFn')],
    [
      'hotline-jobs-dead-letters',
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      'Maximum',
      () => [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.jobsQueue, 'QueueName'] } }],
    ],
    [
      'hotline-sms-dead-letters',
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      'Maximum',
      () => [{ Name: 'QueueName', Value: importOf(data, { 'Fn::GetAtt': [ids.smsQueue, 'QueueName'] }) }],
    ],
  ])('%s: %s %s (%s over 5 minutes) ≥ 1, no data is OK', (name, namespace, metricName, statistic, dims) => {
    expect(alarmNamed(name)).toMatchObject({
      Namespace: namespace,
      MetricName: metricName,
      Dimensions: dims(),
      Statistic: statistic,
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    })
  })

  it('hotline-jobs-missed-run: fewer than 1 JobRunsCompleted of hotline-jobs in a day, no data breaching', () => {
    expect(alarmNamed('hotline-jobs-missed-run')).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      Metrics: [
        {
          MetricStat: {
            Metric: {
              Namespace: 'Hotline',
              MetricName: 'JobRunsCompleted',
              Dimensions: [{ Name: 'service', Value: 'hotline-jobs' }],
            },
            Period: 86400,
            Stat: 'Sum',
          },
          ReturnData: true,
        },
      ],
    })
  })

  it('hotline-jobs-missed-run: its days are wall-clock days from 02:00 to 02:00 Beijing time', () => {
    const window = alarmNamed('hotline-jobs-missed-run').EvaluationWindow as {
      WallClockWindow: { Timezone: string }
    }
    expect(Object.keys(window)).toEqual(['WallClockWindow'])
    const midnight = new Date(`2026-03-01T00:00:00${window.WallClockWindow.Timezone}`)
    const beijing = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
    }).format(midnight)
    expect(beijing).toBe('02:00')
  })

  it('hotline-api-5xx-rate: 5xx as a share of requests on the $default stage, > 1% over more than 20 requests', () => {
    const alarm = alarmNamed('hotline-api-5xx-rate')
    expect(alarm).toMatchObject({
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    })
    const stageDims = [
      { Name: 'ApiId', Value: { Ref: ids.httpApi } },
      { Name: 'Stage', Value: '$default' },
    ]
    const metric = (name: string) => ({
      Metric: { Namespace: 'AWS/ApiGateway', MetricName: name, Dimensions: stageDims },
      Period: 300,
      Stat: 'Sum',
    })
    expect(alarm.Metrics).toEqual([
      expect.objectContaining({
        Expression: 'IF(requests > 20, 100 * FILL(errors, 0) / requests, 0)',
        ReturnData: true,
      }),
      { Id: 'errors', MetricStat: metric('5xx'), ReturnData: false },
      { Id: 'requests', MetricStat: metric('Count'), ReturnData: false },
    ])
  })

  it('hotline-table-throttles: ThrottledRequests of every operation the store uses, zero-filled and summed, ≥ 1', () => {
    const alarm = alarmNamed('hotline-table-throttles')
    expect(alarm).toMatchObject({
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    })
    const [expression, ...metrics] = alarm.Metrics ?? []
    // CloudWatch takes at most 10 metrics in an alarm's expression.
    expect(metrics.length).toBeLessThanOrEqual(10)
    expect(expression?.Expression).toBe(metrics.map((m) => `FILL(${m.Id}, 0)`).join(' + '))
    const tableName = importOf(data, { Ref: ids.table })
    const operations = metrics.map((m) => {
      expect(m.MetricStat).toMatchObject({
        Metric: { Namespace: 'AWS/DynamoDB', MetricName: 'ThrottledRequests' },
        Period: 300,
        Stat: 'Sum',
      })
      const dims = Object.fromEntries((m.MetricStat?.Metric.Dimensions ?? []).map((d) => [d.Name, d.Value]))
      expect(dims.TableName).toEqual(tableName)
      return dims.Operation
    })
    expect(operations.sort()).toEqual(
      [
        'BatchGetItem',
        'BatchWriteItem',
        'DeleteItem',
        'GetItem',
        'PutItem',
        'Query',
        'Scan',
        'UpdateItem',
      ].sort(),
    )
  })
})

/** A dashboard's body as JSON, each CloudFormation reference in it written as `{Ref:Id}` and the like. */
function dashboardBody(template: Template): { widgets: Widget[] } {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))
  if (!dashboard) throw new Error('no dashboard')
  const parts = (dashboard.Properties as { DashboardBody: { 'Fn::Join': [string, unknown[]] } })
    .DashboardBody['Fn::Join'][1]
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part
      const ref = part as Record<string, unknown>
      if ('Ref' in ref) return `{Ref:${ref.Ref}}`
      if ('Fn::GetAtt' in ref) return `{GetAtt:${(ref['Fn::GetAtt'] as string[]).join('.')}}`
      if ('Fn::ImportValue' in ref) return `{Import:${ref['Fn::ImportValue']}}`
      throw new Error(`unexpected token ${JSON.stringify(part)}`)
    })
    .join('')
  return JSON.parse(text)
}

type Widget = {
  type: string
  properties: { title?: string; alarms?: string[]; metrics?: unknown[][]; query?: string; markdown?: string }
}
type GraphedMetric =
  | { namespace: string; name: string; dims: Record<string, string> }
  | { expression: string }

/** The metrics a graph widget shows: each `[namespace, name, dim, value, …, options]`, or an expression. */
function graphed(widget: Widget): GraphedMetric[] {
  return (widget.properties.metrics ?? []).map((row) => {
    const options = row.at(-1) as { expression?: string }
    if (options.expression) return { expression: options.expression }
    const [namespace, name, ...rest] = row.slice(0, -1) as string[]
    const dims: Record<string, string> = {}
    for (let i = 0; i < rest.length; i += 2) dims[rest[i] as string] = rest[i + 1] as string
    return { namespace: namespace as string, name: name as string, dims }
  })
}

describe('operations dashboard', () => {
  let widgets: Widget[]
  beforeAll(() => {
    widgets = dashboardBody(api).widgets
  })
  const titled = (title: string) => {
    const widget = widgets.find((w) => w.properties.title === title)
    if (!widget) throw new Error(`no widget "${title}"`)
    return widget
  }

  it('is Hotline-Operations, shows the state of every alarm and points to the runbook', () => {
    api.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Hotline-Operations' })
    const alarmIds = Object.keys(api.findResources('AWS::CloudWatch::Alarm'))
    expect(titled('Alarms').properties.alarms).toEqual(alarmIds.map((id) => `{GetAtt:${id}.Arn}`))
    expect(widgets[0]?.properties.markdown).toContain('docs/operations-runbook.md')
  })

  it("graphs what the alarms watch: API requests and 5xx, functions' errors and throttles, queues, table", () => {
    const stage = { ApiId: `{Ref:${ids.httpApi}}`, Stage: '$default' }
    expect(graphed(titled('API requests and errors (per 5 minutes)'))).toEqual(
      ['Count', '4xx', '5xx'].map((name) => ({ namespace: 'AWS/ApiGateway', name, dims: stage })),
    )
    expect(graphed(titled('API 5xx rate (%)'))[0]).toEqual({
      expression: 'IF(requests > 20, 100 * FILL(errors, 0) / requests, 0)',
    })
    for (const [title, name] of [
      ['Function errors', 'Errors'],
      ['Function throttles', 'Throttles'],
    ] as const) {
      expect(graphed(titled(title))).toEqual(
        (['apiFn', 'smsFn', 'jobsFn'] as const).map((fn) => ({
          namespace: 'AWS/Lambda',
          name,
          dims: { FunctionName: `{Ref:${ids[fn]}}` },
        })),
      )
    }
    expect(graphed(titled('Dead-letter queues (messages visible)'))).toEqual([
      {
        namespace: 'AWS/SQS',
        name: 'ApproximateNumberOfMessagesVisible',
        dims: { QueueName: `{GetAtt:${ids.jobsQueue}.QueueName}` },
      },
      {
        namespace: 'AWS/SQS',
        name: 'ApproximateNumberOfMessagesVisible',
        dims: { QueueName: expect.stringMatching(/^\{Import:HotlineData:.*InboundSmsDlq.*QueueName/) },
      },
    ])
    expect(graphed(titled('Table throttled requests'))[0]).toEqual({
      expression: expect.stringContaining('FILL(putitem, 0)'),
    })
  })

  it('graphs every metric functions/src/metrics.ts declares, with the service dimension Powertools adds', () => {
    const source = readFileSync(join(repoRoot, 'functions', 'src', 'metrics.ts'), 'utf8')
    const union = /export type MetricName =([^=]*?)\n\n/.exec(source)?.[1] ?? ''
    const declared = [...union.matchAll(/'(\w+)'/g)].map((m) => m[1])
    expect(declared).toContain('JobRunsCompleted')

    const all = widgets.flatMap(graphed)
    const custom = all.filter((m) => 'namespace' in m && m.namespace === 'Hotline') as {
      name: string
      dims: Record<string, string>
    }[]
    for (const m of custom) {
      expect(Object.keys(m.dims), m.name).toEqual(['service'])
      expect(['hotline-api', 'hotline-sms', 'hotline-jobs']).toContain(m.dims.service)
    }
    const search = all.find((m) => 'expression' in m && m.expression.startsWith('SEARCH('))
    // TicketsCreated has a channel dimension too: one line per channel and service, found by search.
    expect(search).toEqual({
      expression: `SEARCH('{Hotline,channel,service} MetricName="TicketsCreated"', 'Sum', 3600)`,
    })
    const shown = new Set([...custom.map((m) => m.name), 'TicketsCreated'])
    for (const name of declared) expect(shown, name).toContain(name)
    expect(custom).toContainEqual({
      namespace: 'Hotline',
      name: 'JobRunsCompleted',
      dims: { service: 'hotline-jobs' },
    })
    expect(custom).toContainEqual({
      namespace: 'Hotline',
      name: 'Decisions',
      dims: { service: 'hotline-api' },
    })
    for (const service of ['hotline-api', 'hotline-sms'])
      expect(custom).toContainEqual({ namespace: 'Hotline', name: 'SmsFailed', dims: { service } })
  })

  it("lists the latest errors logged by the API, SMS and jobs functions' log groups", () => {
    const stack = built.api
    const logGroups = [stack.apiFunction, stack.smsFunction, stack.jobs.function].map(
      (fn) => `SOURCE '{Ref:${logicalId(stack, fn.logGroup)}}'`,
    )
    const query = titled('Recent errors (API, SMS and jobs functions)').properties.query
    expect(query).toContain(logGroups.join(' | '))
    expect(query).toContain('filter level = "ERROR"')
  })
})
