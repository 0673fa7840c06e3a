/**
 * The stateful stack: the table and its customer-managed key, the users (Cognito), the app's
 * secret, CloudFront's origin secret, and the two-way SMS channel whose ARNs live in End User Messaging's configuration.
 * Nothing here is replaced by a deploy of code: retained on delete, deletion-protected where
 * the service allows it, point-in-time recovery on.
 */
import { tableDesign } from '@hotline/store/table'
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { Key } from 'aws-cdk-lib/aws-kms'
import type { Construct } from 'constructs'
import { HotlineAuth, type HotlineAuthProps } from './auth'
import { AppSecret, OriginVerifySecret } from './secrets'
import { SmsChannel } from './sms-channel'

const attributeType = (type: 'S' | 'N') => (type === 'S' ? AttributeType.STRING : AttributeType.NUMBER)

export type DataStackProps = StackProps & { auth: HotlineAuthProps }

export class DataStack extends Stack {
  readonly table: TableV2
  readonly key: Key
  readonly auth: HotlineAuth
  readonly secret: AppSecret
  /** The `X-Origin-Verify` value CloudFront sends and the API checks (read by the web and API stacks). */
  readonly originSecret: OriginVerifySecret
  readonly smsChannel: SmsChannel

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props)
    this.key = new Key(this, 'DataKey', {
      description:
        '12345 hotline: encrypts the operations table (citizen phone numbers, records, deductions)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.table = new TableV2(this, 'Table', {
      partitionKey: {
        name: tableDesign.partitionKey.name,
        type: attributeType(tableDesign.partitionKey.type),
      },
      sortKey: { name: tableDesign.sortKey.name, type: attributeType(tableDesign.sortKey.type) },
      globalSecondaryIndexes: tableDesign.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: attributeType(index.partitionKey.type) },
        sortKey: { name: index.sortKey.name, type: attributeType(index.sortKey.type) },
      })),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.auth = new HotlineAuth(this, 'Auth', props.auth)
    this.secret = new AppSecret(this, 'AppSecret', { encryptionKey: this.key })
    this.originSecret = new OriginVerifySecret(this, 'OriginVerifySecret')
    this.smsChannel = new SmsChannel(this, 'SmsChannel', { key: this.key })

    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId })
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.auth.adminClient.userPoolClientId,
      description: "The admin app's client id",
    })
    new CfnOutput(this, 'AppSecretArn', {
      value: this.secret.secretArn,
      description: 'Vault master key, SMS callback token, WeChat settings',
    })
    new CfnOutput(this, 'OriginVerifySecretArn', {
      value: this.originSecret.secretArn,
      description:
        'The X-Origin-Verify value CloudFront sends to the API (rotate by hand, see docs/security.md)',
    })
    new CfnOutput(this, 'InboundSmsTopicArn', {
      value: this.smsChannel.topic.topicArn,
      description: "The phone number's TwoWayChannelArn",
    })
    new CfnOutput(this, 'TwoWayChannelRoleArn', {
      value: this.smsChannel.twoWayChannelRole.roleArn,
      description: "The phone number's TwoWayChannelRole",
    })
  }
}
