/** The scheduled KPI jobs on AWS: the jobs function, its two EventBridge Scheduler schedules, their role and DLQ. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tableDesign } from '@hotline/store/table'
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type HotlineApp } from '../src/app'
import {
  acknowledgementsUnder,
  actionsOf,
  BUILD_TIMEOUT,
  buildTemplates,
  importOf,
  logicalId,
  newApp,
  statementsOfRole,
} from './support'

let built: HotlineApp
let data: Template
let api: Template
const ids = {} as Record<'fn' | 'fnRole' | 'queue' | 'group' | 'schedulerRole' | 'table' | 'key', string>

beforeAll(() => {
  ;({ built, data, api } = buildTemplates(newApp({})))
  const { jobs } = built.api
  Object.assign(ids, {
    fn: logicalId(built.api, jobs.function),
    fnRole: logicalId(built.api, jobs.function.executionRole),
    queue: logicalId(built.api, jobs.deadLetterQueue),
    group: logicalId(built.api, jobs.scheduleGroup),
    schedulerRole: logicalId(built.api, jobs.schedulerRole),
    table: logicalId(built.data, built.data.table),
    key: logicalId(built.data, built.data.key),
  })
}, BUILD_TIMEOUT)

const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] })

type FunctionProps = {
  Runtime: string
  Timeout: number
  MemorySize: number
  ReservedConcurrentExecutions: number
  Environment: { Variables: Record<string, unknown> }
  DeadLetterConfig: unknown
}

describe('jobs function', () => {
  const props = () => api.findResources('AWS::Lambda::Function')[ids.fn]?.Properties as FunctionProps

  it('runs jobs-main on Node.js 24 for up to 15 minutes with 1 GB, one invocation at a time', () => {
    expect(props()).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Description: '12345 hotline nightly and monthly KPI jobs',
      Timeout: 900,
      MemorySize: 1024,
      ReservedConcurrentExecutions: 1,
      TracingConfig: { Mode: 'Active' },
    })
  })

  it('gets the table name and nothing of the API’s: no secret, no issuer, no SMS sender', () => {
    const variables = props().Environment.Variables
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe('hotline-jobs')
    expect(variables.TABLE_NAME).toEqual(importOf(data, { Ref: ids.table }))
    expect(Object.keys(variables).sort()).toEqual(['APP_VERSION', 'POWERTOOLS_SERVICE_NAME', 'TABLE_NAME'])
  })

  it('may read and write the table, its named indexes and its key, and nothing else of the data stack', () => {
    const statements = statementsOfRole(api, ids.fnRole)
    const tableArn = importOf(data, arnOf(ids.table))
    const table = statements.find((s) => actionsOf(s).includes('dynamodb:PutItem'))
    expect(table?.Resource).toEqual([
      tableArn,
      ...tableDesign.globalSecondaryIndexes.map((index) => ({
        'Fn::Join': ['', [tableArn, `/index/${index.indexName}`]],
      })),
    ])
    expect(actionsOf(table ?? {})).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem']),
    )
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']),
        Resource: importOf(data, arnOf(ids.key)),
      }),
    )
    const services = new Set(statements.flatMap(actionsOf).map((action) => action.split(':')[0]))
    expect([...services].sort()).toEqual(['dynamodb', 'kms', 'logs', 'sqs', 'xray'])
  })

  it('sends an invocation that still fails after two retries within 6 hours to the dead-letter queue', () => {
    expect(props().DeadLetterConfig).toEqual({ TargetArn: arnOf(ids.queue) })
    api.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1)
    api.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ids.fn },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
    })
    expect(statementsOfRole(api, ids.fnRole)).toContainEqual({
      Action: 'sqs:SendMessage',
      Effect: 'Allow',
      Resource: arnOf(ids.queue),
    })
  })
})

describe('schedules (EventBridge Scheduler, Beijing time)', () => {
  type Target = {
    Arn: unknown
    RoleArn: unknown
    Input: string
    RetryPolicy: unknown
    DeadLetterConfig: unknown
  }
  type ScheduleProps = {
    ScheduleExpression: string
    ScheduleExpressionTimezone: string
    GroupName: unknown
    FlexibleTimeWindow: unknown
    State: string
    Target: Target
  }
  const schedules = () =>
    Object.values(api.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties as ScheduleProps)
  const byExpression = (expression: string) => schedules().find((s) => s.ScheduleExpression === expression)

  it('are exactly two, and no EventBridge rule', () => {
    expect(schedules().map((s) => s.ScheduleExpression)).toEqual(['cron(30 0 * * ? *)', 'cron(0 1 1 * ? *)'])
    api.resourceCountIs('AWS::Events::Rule', 0)
  })

  // `<aws.scheduler.execution-id>` is replaced by the scheduler with the attempt's id.
  const executionId = '<aws.scheduler.execution-id>'

  it.each([
    ['daily at 00:30', 'cron(30 0 * * ? *)', { job: 'due', executionId }],
    ['monthly at 01:00 on the 1st', 'cron(0 1 1 * ? *)', { job: 'due', reason: 'monthly', executionId }],
  ])(
    '%s: invokes the jobs function with its input, retries 3 times within 6 hours, then the DLQ',
    (_, expression, input) => {
      const schedule = byExpression(expression)
      const group = api.findResources('AWS::Scheduler::ScheduleGroup')[ids.group]
      const groupName = (group?.Properties as { Name: string } | undefined)?.Name
      expect(groupName).toMatch(/^HotlineApi-Jobs-Group-/)
      expect(schedule).toEqual({
        Description: expect.any(String),
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        FlexibleTimeWindow: { Mode: 'OFF' },
        GroupName: groupName,
        State: 'ENABLED',
        Target: {
          Arn: arnOf(ids.fn),
          RoleArn: arnOf(ids.schedulerRole),
          Input: JSON.stringify(input),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 6 * 3600 },
          DeadLetterConfig: { Arn: arnOf(ids.queue) },
        },
      })
      // The inputs are what the handler's schema accepts.
      expect(JSON.parse(schedule?.Target.Input ?? 'null')).toEqual(input)
    },
  )

  it('pass the scheduler’s execution id in their input, for the run’s correlation id', () => {
    for (const schedule of schedules()) {
      expect(JSON.parse(schedule.Target.Input)).toMatchObject({ executionId: '<aws.scheduler.execution-id>' })
    }
    expect(schedules()).toHaveLength(2)
  })

  it('belong to their own schedule group, removed with the stack', () => {
    api.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1)
    api.hasResource('AWS::Scheduler::ScheduleGroup', { DeletionPolicy: 'Delete' })
  })
})

describe('scheduler role', () => {
  it('is assumed by EventBridge Scheduler only, for this account’s schedules in the jobs group', () => {
    const role = api.findResources('AWS::IAM::Role')[ids.schedulerRole]?.Properties as {
      AssumeRolePolicyDocument: unknown
    }
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: {
            StringEquals: {
              'aws:SourceAccount': { Ref: 'AWS::AccountId' },
              'aws:SourceArn': arnOf(ids.group),
            },
          },
        },
      ],
    })
  })

  it('may invoke the jobs function only (its ARN and its qualified ARNs) and write the DLQ', () => {
    expect(statementsOfRole(api, ids.schedulerRole)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: [arnOf(ids.fn), { 'Fn::Join': ['', [arnOf(ids.fn), ':*']] }],
      },
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: arnOf(ids.queue) },
    ])
  })

  it('is the only principal the jobs function may be invoked by: no resource policy on it', () => {
    const permissions = Object.values(api.findResources('AWS::Lambda::Permission')).map(
      (p) => p.Properties as { FunctionName: unknown },
    )
    expect(JSON.stringify(permissions)).not.toContain(ids.fn)
  })
})

describe('dead-letter queue', () => {
  it('is encrypted, refuses requests without TLS and keeps messages 14 days', () => {
    api.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    })
    api.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: ids.queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    })
  })
})

describe('cdk-nag', () => {
  type Report = { pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[] }

  it('passes on the whole app with the jobs in it', () => {
    const app = buildApp(newApp({})).app
    const assembly = app.synth() // throws on any unacknowledged finding
    const report = JSON.parse(
      readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as Report
    expect(report.pluginReports.find((p) => p.pluginName === 'AwsSolutions')).toMatchObject({
      conclusion: 'success',
      violations: [],
    })
  })

  it('has only these acknowledgements on the jobs, each with its reason', () => {
    const acks = acknowledgementsUnder(built.api.jobs)
    expect(acks.map((a) => [a.path, a.id]).sort()).toEqual(
      [
        ['HotlineApi/Jobs/JobsFunctionRole', 'AwsSolutions::AwsSolutions-IAM5[Resource::*]'],
        ['HotlineApi/Jobs/JobsFunctionRole', 'AwsSolutions::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]'],
        ['HotlineApi/Jobs/JobsFunctionRole', 'AwsSolutions::AwsSolutions-IAM5[Action::kms:ReEncrypt*]'],
        ['HotlineApi/Jobs/SchedulerRole', `AwsSolutions::AwsSolutions-IAM5[Resource::<${ids.fn}.Arn>:*]`],
      ].sort(),
    )
    for (const ack of acks) expect(ack.reason.length, ack.id).toBeGreaterThan(60)
  })
})
