/**
 * Operable (issue 12): the alarms an operator is woken by, the SNS topic they notify, and the
 * `Hotline-Operations` dashboard. What each alarm means and what to do is in
 * docs/operations-runbook.md, one section per alarm name; every alarm's description links to it.
 *
 * The alarms: the jobs function failing, a night with no finished job run, something in either
 * dead-letter queue (jobs, inbound SMS), the API answering 5xx, a function throttled, the table
 * throttled. Each notifies the topic when it goes into ALARM and when it is OK again.
 *
 * The topic is not encrypted at rest (cdk-nag's AwsSolutions pack has no SNS2; SNS3, TLS only, is
 * met): a notification carries an alarm's name, metric and threshold, never citizen data, and
 * CloudWatch cannot publish to a topic under the AWS-managed SNS key, so encryption would need a
 * key of its own for nothing worth hiding.
 */
import { Duration } from 'aws-cdk-lib'
import type { IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2'
import {
  Alarm,
  AlarmStatusWidget,
  type CfnAlarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  LogQueryWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import type { HotlineFunction, HotlineFunctionProps } from './constructs/hotline-function'

/** Named, so an operator can find it; one deployment per account and region (as the stacks are). */
const ALARM_TOPIC_NAME = 'hotline-alarms'
const DASHBOARD_NAME = 'Hotline-Operations'
/** The namespace of the metrics the functions emit (`functions/src/metrics.ts`). */
const HOTLINE_NAMESPACE = 'Hotline'
const RUNBOOK = 'docs/operations-runbook.md'

type Service = HotlineFunctionProps['service']

/**
 * The 5xx rate is only judged over at least this many requests in 5 minutes: below it one failed
 * request is already several percent, and a quiet night would page on a single error.
 */
const MIN_REQUESTS_FOR_RATE = 20

/**
 * The table operations `packages/store` issues (no transactions, no PartiQL). DynamoDB reports
 * `ThrottledRequests` per operation only; an alarm's expression takes at most 10 metrics.
 */
const TABLE_OPERATIONS = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
] as const

/**
 * Midnight at UTC+06:00 is 02:00 in Beijing (UTC+08:00, no daylight saving): the missed-run
 * alarm's days run from 02:00 to 02:00 Beijing time.
 */
const MISSED_RUN_DAY_TIMEZONE = '+06:00'

const FIVE_MINUTES = Duration.minutes(5)

/** A metric the functions emit (Powertools Metrics, EMF), with the `service` dimension it adds. */
function hotlineMetric(
  metricName: string,
  service: Service,
  options: { statistic?: string; period?: Duration } = {},
): Metric {
  return new Metric({
    namespace: HOTLINE_NAMESPACE,
    metricName,
    dimensionsMap: { service },
    statistic: options.statistic ?? 'Sum',
    period: options.period ?? Duration.hours(1),
    label: `${metricName} (${service})`,
  })
}

export type HotlineOperationsProps = {
  functions: { api: HotlineFunction; sms: HotlineFunction; jobs: HotlineFunction }
  /** The jobs' dead-letter queue (API stack) and the inbound-SMS one (data stack). */
  deadLetterQueues: { jobs: IQueue; sms: IQueue }
  /** The HTTP API's `$default` stage: its `5xx` and `Count` metrics. */
  stage: IHttpStage
  table: ITableV2
  /** Subscribed to the topic by email (context `hotline:alarmEmail`); it must confirm once. */
  alarmEmail?: string
}

/** The alarms whose threshold the dashboard draws on the graph of their metric. */
type DashboardAlarms = Record<
  'jobsDeadLetters' | 'smsDeadLetters' | 'missedRun' | 'apiErrorRate' | 'tableThrottles',
  Alarm
>

type AlarmSpec = {
  /** The alarm's name, and its section's heading in the runbook. */
  name: string
  description: string
  metric: IMetric
  threshold: number
  comparisonOperator: ComparisonOperator
  treatMissingData?: TreatMissingData
}

/** The alarm topic, the alarms that notify it and the dashboard, over the resources given. */
export class HotlineOperations extends Construct {
  /** Every alarm notifies it; an operator subscribes (`hotline:alarmEmail`, or by hand). */
  readonly topic: Topic
  readonly alarms: Alarm[] = []
  readonly dashboard: Dashboard
  private readonly action: SnsAction

  constructor(scope: Construct, id: string, props: HotlineOperationsProps) {
    super(scope, id)
    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: ALARM_TOPIC_NAME,
      displayName: '12345 hotline alarms',
      enforceSSL: true,
    })
    if (props.alarmEmail !== undefined) this.topic.addSubscription(emailSubscription(props.alarmEmail))
    this.action = new SnsAction(this.topic)
    const graphed = this.addAlarms(props)
    this.dashboard = operationsDashboard(this, props, this.alarms, graphed)
  }

  /** Every alarm; returns those whose threshold the dashboard draws on their graph. */
  private addAlarms(props: HotlineOperationsProps): DashboardAlarms {
    const { api, sms, jobs } = props.functions
    this.addAlarm('JobsErrors', {
      name: 'hotline-jobs-errors',
      description: 'The KPI jobs function failed an invocation (a bad event, a timeout, the store).',
      metric: jobs.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    })
    const jobsDeadLetters = this.addAlarm('JobsDeadLetters', {
      name: 'hotline-jobs-dead-letters',
      description: 'A scheduled job invocation failed every retry and is in the jobs dead-letter queue.',
      metric: visibleMessages(props.deadLetterQueues.jobs),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    })
    const missedRun = this.addMissedRunAlarm()
    const smsDeadLetters = this.addAlarm('SmsDeadLetters', {
      name: 'hotline-sms-dead-letters',
      description: 'An inbound SMS could not be processed and is in the SMS dead-letter queue.',
      metric: visibleMessages(props.deadLetterQueues.sms),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    })
    const apiErrorRate = this.addAlarm('Api5xxRate', {
      name: 'hotline-api-5xx-rate',
      description: `More than 1% of API requests answered 5xx over 5 minutes (with more than ${MIN_REQUESTS_FOR_RATE} requests).`,
      metric: serverErrorRate(props.stage),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    })
    for (const [alarmId, name, fn] of [
      ['ApiThrottles', 'api', api],
      ['SmsThrottles', 'sms', sms],
      ['JobsThrottles', 'jobs', jobs],
    ] as const) {
      this.addAlarm(alarmId, {
        name: `hotline-${name}-throttles`,
        description: `Lambda throttled the ${name} function: it hit its concurrency limit.`,
        metric: fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      })
    }
    const tableThrottles = this.addAlarm('TableThrottles', {
      name: 'hotline-table-throttles',
      description: 'DynamoDB throttled requests to the operations table.',
      metric: tableThrottledRequests(props.table),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    })
    return { jobsDeadLetters, smsDeadLetters, missedRun, apiErrorRate, tableThrottles }
  }

  /** An alarm on one datapoint of `spec.metric`, notifying the topic on ALARM and on OK. */
  private addAlarm(id: string, spec: AlarmSpec): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: spec.name,
      alarmDescription: `${spec.description} Runbook: ${RUNBOOK}#${spec.name}`,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparisonOperator,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: spec.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    })
    alarm.addAlarmAction(this.action)
    alarm.addOkAction(this.action)
    this.alarms.push(alarm)
    return alarm
  }

  /**
   * No finished job run in a day. Each run the jobs function finishes emits `JobRunsCompleted`
   * (service `hotline-jobs`): the nightly `due` run at 00:30 Beijing time (the day before, and any
   * day a failed night left undone) and the monthly run at 01:00 on the 1st. A failed run is
   * retried by the scheduler and by Lambda for up to six hours, and the next night catches up, so
   * the question worth waking someone for is whether a night went by with no finished run: a day.
   *
   * Not CloudWatch's default sliding window: 24 rolling hours would hold no run, and alarm, on
   * every night whose run finishes a few minutes later than the night before. The periods are wall
   * clock days from 02:00 to 02:00 Beijing time instead, each holding exactly one night's 00:30 run
   * and 90 minutes for it (and its first retries) to finish. No data at all is a missed run, hence
   * BREACHING.
   *
   * Limitation: CloudWatch evaluates a wall-clock period after it ends, on its own schedule, so the
   * alarm comes some minutes after 02:00, not at 02:00 exactly; and a run that only finishes after
   * 02:00 (a late retry) counts for the next day, so that night still alarms and the next day's
   * check clears it. The errors and dead-letter alarms are the quicker signal of a failing run;
   * this one also catches a run that never started (a disabled schedule, an event that never
   * came). A day re-run through the API (`POST /api/v1/jobs/daily`) runs in the API function and
   * emits nothing here; invoking the jobs function does (runbook).
   */
  private addMissedRunAlarm(): Alarm {
    const alarm = this.addAlarm('JobsMissedRun', {
      name: 'hotline-jobs-missed-run',
      description: 'No KPI job run finished between 02:00 yesterday and 02:00 today (Beijing time).',
      metric: hotlineMetric('JobRunsCompleted', 'hotline-jobs', { period: Duration.days(1) }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
    })
    // The L2 alarm has no evaluation window yet.
    ;(alarm.node.defaultChild as CfnAlarm).evaluationWindow = {
      wallClockWindow: { timezone: MISSED_RUN_DAY_TIMEZONE },
    }
    return alarm
  }
}

/**
 * The `Hotline-Operations` dashboard, top to bottom: the runbook's name and every alarm's state;
 * the API, the table, the functions, the queues and the jobs (what the alarms watch); the business
 * figures the functions emit; the functions' latest errors.
 */
function operationsDashboard(
  scope: Construct,
  props: HotlineOperationsProps,
  alarms: Alarm[],
  graphed: DashboardAlarms,
): Dashboard {
  const { stage, deadLetterQueues } = props
  const fns = [
    ['api', props.functions.api],
    ['sms', props.functions.sms],
    ['jobs', props.functions.jobs],
  ] as const
  const dashboard = new Dashboard(scope, 'Dashboard', {
    dashboardName: DASHBOARD_NAME,
    defaultInterval: Duration.days(1),
  })
  dashboard.addWidgets(
    new TextWidget({
      markdown:
        `# 12345 hotline operations\nAlarms notify the SNS topic \`${ALARM_TOPIC_NAME}\`. ` +
        `What each means and what to do: \`${RUNBOOK}\`.`,
      width: 24,
      height: 2,
    }),
    new AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: 3 }),
  )
  dashboard.addWidgets(
    graph('API requests and errors (per 5 minutes)', [
      stage.metricCount({ statistic: 'Sum', period: FIVE_MINUTES, label: 'Requests' }),
      stage.metricClientError({ period: FIVE_MINUTES, label: '4xx' }),
      stage.metricServerError({ period: FIVE_MINUTES, label: '5xx' }),
    ]),
    graph('API 5xx rate (%)', [graphed.apiErrorRate.metric], [graphed.apiErrorRate]),
    graph('Table throttled requests', [graphed.tableThrottles.metric], [graphed.tableThrottles]),
  )
  dashboard.addWidgets(
    graph(
      'Function invocations',
      fns.map(([name, fn]) => fn.metricInvocations({ period: FIVE_MINUTES, label: name })),
    ),
    graph(
      'Function errors',
      fns.map(([name, fn]) => fn.metricErrors({ period: FIVE_MINUTES, label: name })),
    ),
    graph(
      'Function throttles',
      fns.map(([name, fn]) => fn.metricThrottles({ period: FIVE_MINUTES, label: name })),
    ),
  )
  dashboard.addWidgets(
    graph(
      'Dead-letter queues (messages visible)',
      [visibleMessages(deadLetterQueues.jobs, 'jobs'), visibleMessages(deadLetterQueues.sms, 'inbound SMS')],
      [graphed.jobsDeadLetters, graphed.smsDeadLetters],
    ),
    graph(
      'Job runs completed (per day)',
      [hotlineMetric('JobRunsCompleted', 'hotline-jobs', { period: Duration.days(1) })],
      [graphed.missedRun],
    ),
    graph('Job run duration (ms, longest per day)', [
      hotlineMetric('JobRunDurationMs', 'hotline-jobs', { statistic: 'Maximum', period: Duration.days(1) }),
    ]),
  )
  dashboard.addWidgets(
    graph('Tickets created by channel (per hour)', [ticketsByChannel()]),
    graph('Duplicates suppressed (per hour)', [
      hotlineMetric('DuplicatesSuppressed', 'hotline-api'),
      hotlineMetric('DuplicatesSuppressed', 'hotline-sms'),
    ]),
    graph(
      'SMS sent, failed, withheld (per hour)',
      (['SmsSent', 'SmsFailed', 'SmsWithheld'] as const).flatMap((name) => [
        hotlineMetric(name, 'hotline-api'),
        hotlineMetric(name, 'hotline-sms'),
      ]),
    ),
  )
  dashboard.addWidgets(
    graph('Deductions drafted (per day)', [
      hotlineMetric('DeductionsDrafted', 'hotline-jobs', { period: Duration.days(1) }),
    ]),
    graph('Deduction decisions (per hour)', [hotlineMetric('Decisions', 'hotline-api')]),
  )
  dashboard.addWidgets(
    new LogQueryWidget({
      title: 'Recent errors (API, SMS and jobs functions)',
      logGroupNames: fns.map(([, fn]) => fn.logGroup.logGroupName),
      queryLines: [
        'fields @timestamp, service, message, errorName, @message',
        'filter level = "ERROR"',
        'sort @timestamp desc',
        'limit 50',
      ],
      width: 24,
      height: 8,
    }),
  )
  return dashboard
}

/** An email subscription to the alarm topic; refuses a value that is not an email address. */
function emailSubscription(address: string): EmailSubscription {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
    throw new Error(`hotline:alarmEmail: ${address} is not an email address`)
  }
  return new EmailSubscription(address)
}

/** The most messages a queue held in 5 minutes: anything in a dead-letter queue is worth a look. */
function visibleMessages(queue: IQueue, label?: string): Metric {
  return queue.metricApproximateNumberOfMessagesVisible({
    statistic: 'Maximum',
    period: FIVE_MINUTES,
    ...(label ? { label } : {}),
  })
}

/** The share of requests answered 5xx, in percent; 0 below `MIN_REQUESTS_FOR_RATE` requests. */
function serverErrorRate(stage: IHttpStage): MathExpression {
  return new MathExpression({
    expression: `IF(requests > ${MIN_REQUESTS_FOR_RATE}, 100 * FILL(errors, 0) / requests, 0)`,
    usingMetrics: {
      errors: stage.metricServerError({ statistic: 'Sum' }),
      requests: stage.metricCount({ statistic: 'Sum' }),
    },
    period: FIVE_MINUTES,
    label: '5xx rate (%)',
  })
}

/**
 * Throttled requests to the table, all operations together. Each operation's series is filled
 * with zeros: a sum of series stops wherever one of them has no data, and throttles are rare.
 */
function tableThrottledRequests(table: ITableV2): MathExpression {
  const usingMetrics = Object.fromEntries(
    TABLE_OPERATIONS.map((operation) => [
      operation.toLowerCase(),
      table.metric('ThrottledRequests', {
        dimensionsMap: { TableName: table.tableName, Operation: operation },
        statistic: 'Sum',
      }),
    ]),
  )
  return new MathExpression({
    expression: Object.keys(usingMetrics)
      .map((name) => `FILL(${name}, 0)`)
      .join(' + '),
    usingMetrics,
    period: FIVE_MINUTES,
    label: 'Throttled requests',
  })
}

/** `TicketsCreated` of every channel and service, one line each, however many there are. */
function ticketsByChannel(): MathExpression {
  return new MathExpression({
    expression: `SEARCH('{${HOTLINE_NAMESPACE},channel,service} MetricName="TicketsCreated"', 'Sum', 3600)`,
    usingMetrics: {},
    // CloudWatch's dynamic labels: each line is named by its channel and service.
    label: `\${PROP('Dim.channel')} (\${PROP('Dim.service')})`,
  })
}

/** A graph a third of the dashboard wide, with each alarm's threshold drawn on it. */
function graph(title: string, metrics: IMetric[], alarms: Alarm[] = []): GraphWidget {
  return new GraphWidget({
    title,
    left: metrics,
    leftAnnotations: alarms.map((alarm) => alarm.toAnnotation()),
    width: 8,
    height: 6,
  })
}
