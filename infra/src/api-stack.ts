/**
 * The stateless stack: the API function behind an HTTP API, throttled, with access logs.
 * Redeployable at will; it only references the data stack's table and key.
 */
import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib'
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway'
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import type { IKey } from 'aws-cdk-lib/aws-kms'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'
import { HotlineFunction } from './constructs/hotline-function'
import { functionEntry } from './paths'

export type ApiStackProps = StackProps & {
  table: ITableV2
  key: IKey
  version: string
  /** Steady-state requests per second across the API, and the burst above it. */
  throttle?: { rateLimit: number; burstLimit: number }
}

export class ApiStack extends Stack {
  readonly api: HttpApi
  readonly apiFunction: HotlineFunction

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props)
    this.apiFunction = new HotlineFunction(this, 'ApiFunction', {
      entry: functionEntry('handler.ts'),
      description: '12345 hotline HTTP API (Hono)',
      version: props.version,
    }).bindTable({ table: props.table, key: props.key, access: 'read' })

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: 'hotline-api',
      description: '12345 Hotline Operations Platform API',
      createDefaultStage: false,
    })
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR })
    this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    })
    const routes = this.api.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('ApiIntegration', this.apiFunction),
    })
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The app authorizes each route itself (JWT from the configured issuer, role per route); ' +
          'health and citizen intake are public by design.',
      })
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the API' })
  }
}
