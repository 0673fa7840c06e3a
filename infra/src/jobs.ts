/**
 * The scheduled KPI jobs (stateless half): the jobs function, the two EventBridge Scheduler
 * schedules that invoke it in Beijing time (nightly at 00:30, and at 01:00 on the 1st), the role the
 * scheduler invokes it with, and one dead-letter queue for invocations that still fail.
 *
 * Scheduler invokes Lambda asynchronously, so failures are handled in two places that both end in
 * the queue: the schedule's retry policy covers delivery (the invoke call itself failing), Lambda's
 * asynchronous retries cover the function failing (a bad event, a timeout, the store). Both runs
 * are `runDue`, which catches up whatever a failed night left undone, so a dead letter is a signal
 * to look, not work lost.
 */
import { type CfnElement, Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import type { IKey } from 'aws-cdk-lib/aws-kms'
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda'
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler'
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { HotlineFunction } from './constructs/hotline-function'
import { functionEntry } from './paths'

export type HotlineJobsProps = {
  table: ITableV2
  key: IKey
  version: string
}

/** How long a failed invocation is retried, by the scheduler (delivery) and by Lambda (the run). */
const MAX_EVENT_AGE = Duration.hours(6)

export class HotlineJobs extends Construct {
  readonly function: HotlineFunction
  /** Invocations that failed every retry: the scheduler's dead-letter events and Lambda's failed events. */
  readonly deadLetterQueue: Queue
  readonly scheduleGroup: ScheduleGroup
  /** The role EventBridge Scheduler invokes the function with. */
  readonly schedulerRole: Role
  /** `{ "job": "due" }` at 00:30 every day: the previous day, and whatever earlier runs missed. */
  readonly daily: Schedule
  /** `{ "job": "due", "reason": "monthly" }` at 01:00 on the 1st: the finished month, if not run yet. */
  readonly monthly: Schedule

  constructor(scope: Construct, id: string, props: HotlineJobsProps) {
    super(scope, id)
    const { account } = Stack.of(this)

    // The messages are the jobs' own inputs and error details, never citizen data: SQS-managed
    // encryption, so neither the scheduler nor Lambda needs a grant on the data key to write here.
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    // Being the function's dead-letter queue (its DeadLetterConfig) is what satisfies cdk-nag's SQS3.
    this.function = new HotlineFunction(this, 'JobsFunction', {
      entry: functionEntry('jobs-main.ts'),
      service: 'hotline-jobs',
      description: '12345 hotline nightly and monthly KPI jobs',
      version: props.version,
      memorySize: 1024,
      // A night after an outage catches up many days; each finished day is kept, so a timeout
      // only defers the rest to the retry.
      timeout: Duration.minutes(15),
      deadLetterQueue: this.deadLetterQueue,
    }).bindTable({ table: props.table, key: props.key, access: 'readwrite' })
    // One run at a time: a catch-up that overruns 01:00 on the 1st must not race the monthly run.
    // HotlineFunctionProps has no reserved concurrency, hence the escape hatch.
    ;(this.function.node.defaultChild as CfnFunction).reservedConcurrentExecutions = 1
    this.function.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: MAX_EVENT_AGE })

    this.scheduleGroup = new ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY })
    // Only the scheduler, for this account's schedules in this group (confused-deputy guard).
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler invokes the hotline jobs function',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': account,
            'aws:SourceArn': this.scheduleGroup.scheduleGroupArn,
          },
        },
      }),
    })

    const functionId = Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnElement)
    Validations.of(this.schedulerRole).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason:
        "The LambdaInvoke target's grant (Function.grantInvoke): lambda:InvokeFunction on the jobs function and " +
        'its qualified ARNs (`<arn>:*`: its versions and aliases), no other function.',
    })

    // Each input carries the scheduler's id of the invocation attempt: the run's correlation id in
    // the jobs' logs and run records (`functions/src/jobs/handler.ts`).
    const target = (input: Record<string, string>) =>
      new LambdaInvoke(this.function, {
        role: this.schedulerRole,
        input: ScheduleTargetInput.fromObject({ ...input, executionId: ContextAttribute.executionId }),
        retryAttempts: 3,
        maxEventAge: MAX_EVENT_AGE,
        deadLetterQueue: this.deadLetterQueue,
      })
    this.daily = new Schedule(this, 'Daily', {
      description: 'Nightly KPI jobs: every day not yet computed, up to yesterday (Beijing time)',
      schedule: ScheduleExpression.cron({ minute: '30', hour: '0', timeZone: TimeZone.ASIA_SHANGHAI }),
      scheduleGroup: this.scheduleGroup,
      target: target({ job: 'due' }),
    })
    // `due` at 00:30 on the 1st already runs the finished month after its last day: this run is the
    // month's second chance (nothing to do once that one succeeded).
    this.monthly = new Schedule(this, 'Monthly', {
      description: 'Monthly KPI jobs: every finished month not yet computed (Beijing time)',
      schedule: ScheduleExpression.cron({
        minute: '0',
        hour: '1',
        day: '1',
        timeZone: TimeZone.ASIA_SHANGHAI,
      }),
      scheduleGroup: this.scheduleGroup,
      target: target({ job: 'due', reason: 'monthly' }),
    })
  }
}
