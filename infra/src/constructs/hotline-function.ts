/**
 * The one Lambda function construct: every function of the platform gets the same
 * defaults (ARM64, Node.js 24 runtime, its ESM bundle from `pnpm synth`'s one bundler run with the
 * pinned SDK layer, JSON logs kept a year, X-Ray tracing, its own role with no managed policies)
 * and least-privilege access through its `bind…` methods: the table and each named index (never
 * `index/*`), one app secret, CloudFront's origin secret, one SMS sender.
 *
 * Source maps are not in the code asset and not turned on (`--enable-source-maps` cost the API
 * ×1.62 module load time and twice the memory): they are uploaded apart (`lambda-assets.ts`).
 */
import { tableDesign } from '@hotline/store/table'
import { Duration, Validations } from 'aws-cdk-lib'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import type { IKey } from 'aws-cdk-lib/aws-kms'
import {
  Architecture,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import { lambdaAssetsOf } from '../bundle/lambda-assets'

export type HotlineFunctionProps = {
  /** Absolute path of the handler module (see `functionEntry`): its bundle is the function's code. */
  entry: string
  description: string
  /** The service its logs name (`POWERTOOLS_SERVICE_NAME`); the code names itself the same (`functions/src/compose.ts`). */
  service: 'hotline-api' | 'hotline-sms' | 'hotline-jobs' | 'hotline-export'
  /** Defaults to 512 MB: the SDK's cold start is CPU-bound and CPU scales with memory. */
  memorySize?: number
  timeout?: Duration
  environment?: Record<string, string>
  version: string
  /** Where Lambda keeps an asynchronous invocation that still fails after its two retries. */
  deadLetterQueue?: IQueue
}

export type TableAccess = 'read' | 'readwrite'

const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
]
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
]

/** An End User Messaging SMS v2 origination identity ARN (phone number, pool or sender id). */
const SMS_IDENTITY_ARN = /^arn:[a-z-]+:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool|sender-id)\/.+$/

export class HotlineFunction extends LambdaFunction {
  readonly executionRole: Role

  constructor(scope: Construct, id: string, props: HotlineFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_YEAR })
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    })
    logGroup.grantWrite(role)
    const assets = lambdaAssetsOf(scope)
    super(scope, id, {
      code: assets.codeOf(props.entry),
      handler: 'index.handler',
      layers: [assets.sdkLayer],
      description: props.description,
      role,
      // Lambda deprecated nodejs20.x in 2026. The bundle targets Node 20 (the toolchain's floor)
      // and runs unchanged on 24, the current LTS runtime (cdk-nag L1 wants the latest).
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        APP_VERSION: props.version,
        POWERTOOLS_SERVICE_NAME: props.service,
        ...props.environment,
      },
      deadLetterQueue: props.deadLetterQueue,
    })
    this.executionRole = role
    // Lambda writes the dead letter with this role: the queue's key too, if it has one.
    props.deadLetterQueue?.encryptionMasterKey?.grant(this, 'kms:GenerateDataKey', 'kms:Decrypt')
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) has no resource-level permissions.',
    })
  }

  /** Grants this function the table, each named index and the table's key for `access`; sets TABLE_NAME. */
  bindTable({ table, key, access }: { table: ITableV2; key: IKey; access: TableAccess }): this {
    this.addEnvironment('TABLE_NAME', table.tableName)
    const resources = [
      table.tableArn,
      ...tableDesign.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
    ]
    const actions = access === 'read' ? READ_ACTIONS : [...READ_ACTIONS, ...WRITE_ACTIONS]
    this.addToRolePolicy(new PolicyStatement({ actions, resources }))
    if (access === 'read') {
      key.grantDecrypt(this)
      return this
    }
    key.grantEncryptDecrypt(this)
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(this.executionRole).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
        reason:
          "CDK's encrypt/decrypt grant on the table's one customer-managed key (the resource is that key's ARN): " +
          'writing to a KMS-encrypted table takes the GenerateDataKey and ReEncrypt families, as in the ' +
          'AWS-managed DynamoDB key policy.',
      })
    }
    return this
  }

  /** Grants `secretsmanager:GetSecretValue` on `secret` only, and decryption with its key; sets SECRET_ARN. */
  bindSecret(secret: ISecret): this {
    return this.bindSecretAs('SECRET_ARN', secret)
  }

  /**
   * The secret CloudFront sends as `X-Origin-Verify`: the API refuses requests without it (calls that
   * bypass CloudFront and its WAF). Read-only, that secret only; sets ORIGIN_SECRET_ARN.
   */
  bindOriginSecret(secret: ISecret): this {
    return this.bindSecretAs('ORIGIN_SECRET_ARN', secret)
  }

  /** Sets `variable` to `secret`'s ARN; grants GetSecretValue on it only, and decryption with its key if any. */
  private bindSecretAs(variable: string, secret: ISecret): this {
    this.addEnvironment(variable, secret.secretArn)
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
    )
    secret.encryptionKey?.grantDecrypt(this)
    return this
  }

  /**
   * Lets the function send SMS with End User Messaging SMS v2 (`sms-voice:SendTextMessage`) from
   * `originationIdentity`, and sets SMS_ORIGINATION_IDENTITY. Given as an ARN, the permission is
   * scoped to it; given as an id or a number, IAM cannot be scoped (acknowledged). Without an
   * identity nothing is granted: the function records SMS in the outbox and sends none.
   */
  bindSmsSender(originationIdentity: string | undefined): this {
    if (!originationIdentity) return this
    const isArn = originationIdentity.startsWith('arn:')
    if (isArn && !SMS_IDENTITY_ARN.test(originationIdentity)) {
      throw new Error(
        `hotline:smsOriginationIdentity: ${originationIdentity} is not an sms-voice phone-number, pool or sender-id ARN`,
      )
    }
    this.addEnvironment('SMS_ORIGINATION_IDENTITY', originationIdentity)
    const policy = new Policy(this, 'SendSms', {
      roles: [this.executionRole],
      statements: [
        new PolicyStatement({
          actions: ['sms-voice:SendTextMessage'],
          resources: [isArn ? originationIdentity : '*'],
        }),
      ],
    })
    if (!isArn) {
      Validations.of(policy).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          `The origination identity (context hotline:smsOriginationIdentity = ${originationIdentity}) is an id ` +
          'or a number, not an ARN, so SendTextMessage cannot be scoped to it; give its ARN to scope the permission.',
      })
    }
    return this
  }
}
