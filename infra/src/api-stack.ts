/**
 * The stateless stack: the API function behind an HTTP API (throttled, per route for the public
 * intake, with access logs; reached through CloudFront, whose origin secret it checks), the two-way SMS function subscribed to the data stack's topic, and
 * the scheduled KPI jobs (`jobs.ts`), and the alarms and dashboard that watch all of it
 * (`operations.ts`). Redeployable at will; it only references the data stack's table, key, users,
 * secret and channel.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib'
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway'
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import type { IKey } from 'aws-cdk-lib/aws-kms'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { ITopic } from 'aws-cdk-lib/aws-sns'
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import { cognitoIssuer } from './auth'
import { HotlineFunction } from './constructs/hotline-function'
import { acknowledgeAppAuthorization, addThrottledRoutes } from './intake-routes'
import { HotlineJobs } from './jobs'
import { HotlineOperations } from './operations'
import { functionEntry } from './paths'

/** The routes the export function serves (the statement, its export); every other `/api/` route goes to the API function. */
export const STATEMENT_PATHS = ['/api/v1/statement', '/api/v1/statement/export'] as const

export type ApiStackProps = StackProps & {
  table: ITableV2
  key: IKey
  version: string
  auth: { userPool: IUserPool; client: IUserPoolClient }
  /** The `AppSecrets` document. */
  secret: ISecret
  /** The `X-Origin-Verify` value CloudFront sends: the API refuses requests without it. */
  originSecret: ISecret
  /** Two-way SMS: the topic End User Messaging publishes to, and where failed deliveries go. */
  sms: { topic: ITopic; deadLetterQueue: IQueue }
  /** End User Messaging phone number, pool or sender id (preferably its ARN) to send SMS from. */
  smsOriginationIdentity?: string
  /** Steady-state requests per second across the API, and the burst above it. */
  throttle?: { rateLimit: number; burstLimit: number }
  /** An operator's email address, subscribed to the alarm topic (it confirms once). */
  alarmEmail?: string
}

export class ApiStack extends Stack {
  readonly api: HttpApi
  readonly apiFunction: HotlineFunction
  readonly smsFunction: HotlineFunction
  /** `GET /api/v1/statement` and its export (CSV, XLSX): apart, so the API never loads the XLSX writer nor the payment table. */
  readonly exportFunction: HotlineFunction
  readonly jobs: HotlineJobs
  readonly operations: HotlineOperations

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props)
    this.apiFunction = new HotlineFunction(this, 'ApiFunction', {
      entry: functionEntry('handler.ts'),
      service: 'hotline-api',
      description: '12345 hotline HTTP API (Hono)',
      version: props.version,
      // API Gateway answers 503 after 30 s whatever the function does: an import chunk (10,000
      // lines, ~7 s here) or a busy day's re-run gets the whole of it, not Lambda's default 10 s.
      timeout: Duration.seconds(29),
      environment: {
        AUTH_ISSUER: cognitoIssuer(this, props.auth.userPool),
        AUTH_CLIENT_IDS: props.auth.client.userPoolClientId,
      },
    })
      // Tickets, outbox, dedupe claims and rate-limit counters.
      .bindTable({ table: props.table, key: props.key, access: 'readwrite' })
      .bindSecret(props.secret)
      .bindOriginSecret(props.originSecret)
      .bindSmsSender(props.smsOriginationIdentity)

    // The statement export: the XLSX writer (exceljs, ~890 KB) is loaded on export, never by the
    // API's cold start (docs/lambda-bundles.md). It reads the table and checks callers as the API does.
    this.exportFunction = new HotlineFunction(this, 'ExportFunction', {
      entry: functionEntry('export-main.ts'),
      service: 'hotline-export',
      description: '12345 hotline payment statement export (CSV, XLSX)',
      version: props.version,
      memorySize: 1024,
      timeout: Duration.seconds(30),
      environment: {
        AUTH_ISSUER: cognitoIssuer(this, props.auth.userPool),
        AUTH_CLIENT_IDS: props.auth.client.userPoolClientId,
      },
    })
      .bindTable({ table: props.table, key: props.key, access: 'read' })
      .bindOriginSecret(props.originSecret)

    this.smsFunction = new HotlineFunction(this, 'SmsFunction', {
      entry: functionEntry('sns-main.ts'),
      service: 'hotline-sms',
      description: '12345 hotline two-way SMS (End User Messaging via SNS)',
      version: props.version,
      deadLetterQueue: props.sms.deadLetterQueue,
    })
      .bindTable({ table: props.table, key: props.key, access: 'readwrite' })
      .bindSecret(props.secret)
      .bindSmsSender(props.smsOriginationIdentity)
    props.sms.topic.addSubscription(
      new LambdaSubscription(this.smsFunction, { deadLetterQueue: props.sms.deadLetterQueue }),
    )

    this.jobs = new HotlineJobs(this, 'Jobs', { table: props.table, key: props.key, version: props.version })

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: 'hotline-api',
      description: '12345 Hotline Operations Platform API',
      createDefaultStage: false,
    })
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR })
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    })
    const integration = new HttpLambdaIntegration('ApiIntegration', this.apiFunction)
    const routes = this.api.addRoutes({ path: '/api/{proxy+}', methods: [HttpMethod.ANY], integration })
    for (const route of routes) acknowledgeAppAuthorization(route)
    const exportIntegration = new HttpLambdaIntegration('ExportIntegration', this.exportFunction)
    for (const path of STATEMENT_PATHS) {
      const exportRoutes = this.api.addRoutes({
        path,
        methods: [HttpMethod.GET],
        integration: exportIntegration,
      })
      for (const route of exportRoutes) acknowledgeAppAuthorization(route)
    }
    addThrottledRoutes(this.api, stage, integration)

    // The alarms, their topic and the dashboard live here, not in the data stack: they watch this
    // stack's functions, stage and jobs queue as well as the data stack's table and SMS queue. This
    // stack already refers to the data stack, so it can name the table and queue; the data stack
    // naming these functions would make the two stacks refer to each other (a cycle). A deploy keeps
    // the topic and its subscriptions; only deleting this stack would remove them.
    this.operations = new HotlineOperations(this, 'Operations', {
      functions: { api: this.apiFunction, sms: this.smsFunction, jobs: this.jobs.function },
      deadLetterQueues: { jobs: this.jobs.deadLetterQueue, sms: props.sms.deadLetterQueue },
      stage,
      table: props.table,
      alarmEmail: props.alarmEmail,
    })

    new CfnOutput(this, 'ApiUrl', {
      value: this.api.apiEndpoint,
      description:
        "The API's default endpoint: it refuses calls without CloudFront's origin header; call the API at WebUrl/api/",
    })
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.operations.topic.topicArn,
      description: 'Every alarm notifies this topic: subscribe to it (docs/operations-runbook.md)',
    })
  }
}
