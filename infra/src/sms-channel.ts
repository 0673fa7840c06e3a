/**
 * Two-way SMS, stateful half: the SNS topic End User Messaging publishes inbound SMS to, the role
 * it publishes with, and the dead-letter queue that keeps what could not be delivered. Stateful
 * because the phone number's configuration points at the topic and role ARNs outside
 * CloudFormation (a new ARN would silently stop inbound SMS), and the queue holds citizens' messages.
 *
 * After the first deploy, point the phone number (or pool) at the topic, once:
 *   aws pinpoint-sms-voice-v2 update-phone-number --phone-number-id <id> --two-way-enabled \
 *     --two-way-channel-arn <InboundSmsTopicArn> --two-way-channel-role <TwoWayChannelRoleArn>
 * (or in the End User Messaging SMS console: phone number → Two-way SMS → Amazon SNS, existing
 * topic, "Use existing IAM role"). The SMS function (API stack) subscribes to the topic.
 *
 * Availability: CloudFormation's schemas in aws-cdk-lib 2.276 have no End User Messaging SMS
 * (`AWS::SMSVOICE::*`) in cn-north-1 or cn-northwest-1, so this channel (and `SendTextMessage`)
 * needs a region that offers the service; the topic itself deploys anywhere.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import type { IKey } from 'aws-cdk-lib/aws-kms'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

/** Named, so the key policy can name it; one deployment per account and region (as the stacks are). */
export const INBOUND_SMS_TOPIC_NAME = 'hotline-inbound-sms'

export class SmsChannel extends Construct {
  readonly topic: Topic
  /** Inbound SMS that SNS could not deliver to the function, or that failed the function's retries. */
  readonly deadLetterQueue: Queue
  /** The role End User Messaging assumes to publish to the topic (`TwoWayChannelRole`). */
  readonly twoWayChannelRole: Role

  constructor(scope: Construct, id: string, props: { key: IKey }) {
    super(scope, id)
    const { account } = Stack.of(this)

    this.topic = new Topic(this, 'InboundSms', {
      topicName: INBOUND_SMS_TOPIC_NAME,
      displayName: '12345 hotline inbound SMS',
      masterKey: props.key,
      enforceSSL: true,
    })

    // Two kinds of message land here: SNS's own (the notification, when the function could not be
    // invoked) and Lambda's (the SNS event, after two failed retries of an invocation).
    this.deadLetterQueue = new Queue(this, 'InboundSmsDlq', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    })
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        "This queue is itself the dead-letter queue of the inbound-SMS topic subscription and of the SMS function's " +
        'asynchronous invocations (both in the API stack, which cdk-nag does not look at from here); ' +
        'operators inspect and replay it by hand.',
    })
    // SNS writes failed deliveries into the queue, encrypted with the data key: only for this topic.
    // The ARN is built from the name: the key policy cannot refer to the topic that refers to the key.
    const topicArn = Stack.of(this).formatArn({ service: 'sns', resource: INBOUND_SMS_TOPIC_NAME })
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'InboundSmsDeadLetters',
        principals: [new ServicePrincipal('sns.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:SourceArn': topicArn } },
      }),
    )

    this.twoWayChannelRole = new Role(this, 'TwoWayChannelRole', {
      description: 'End User Messaging SMS publishes inbound SMS to the hotline topic',
      assumedBy: new ServicePrincipal('sms-voice.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    })
    this.twoWayChannelRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
    )
    // The topic is encrypted: SNS generates and reads its data keys with the publisher's
    // permissions, here limited to this topic's messages by the encryption context.
    this.twoWayChannelRole.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.key.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': this.topic.topicArn } },
      }),
    )
  }
}
