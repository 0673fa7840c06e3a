import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tableDesign } from '@hotline/store/table'
import { App, Stack, Validations } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { Bucket } from 'aws-cdk-lib/aws-s3'
import { AwsSolutionsChecks } from 'cdk-nag'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type HotlineApp } from '../src/app'

const newApp = () => new App({ outdir: mkdtempSync(join(tmpdir(), 'hotline-cdk-')) })

let built: HotlineApp
let data: Template
let api: Template

beforeAll(() => {
  built = buildApp(newApp())
  data = Template.fromStack(built.data)
  api = Template.fromStack(built.api)
})

describe('data stack (stateful)', () => {
  it('builds the table from the store package design: keys, every GSI, TTL', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: tableDesign.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: tableDesign.sortKey.name, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: tableDesign.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
    })
  })

  it('protects the table: PITR, deletion protection, retained, encrypted with its own key', () => {
    data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    })
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { KMSMasterKeyId: Match.anyValue() },
        }),
      ],
    })
    data.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    })
  })

  it('deploys to the configured mainland region by default', () => {
    expect(built.data.region).toBe('cn-northwest-1')
  })
})

describe('API stack (stateless)', () => {
  it('runs the API on ARM64 Node.js 24 with tracing, JSON logs and the table name', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
      Environment: {
        Variables: Match.objectLike({ TABLE_NAME: Match.anyValue(), NODE_OPTIONS: '--enable-source-maps' }),
      },
    })
    api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 })
  })

  it('grants the table and each named index, never index/*, and no managed policies', () => {
    const policies = api.findResources('AWS::IAM::Policy')
    const text = JSON.stringify(policies)
    for (const index of tableDesign.globalSecondaryIndexes)
      expect(text).toContain(`/index/${index.indexName}`)
    expect(text).not.toContain('/index/*')
    api.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() })
  })

  it('serves /api/* through a throttled $default stage with access logs', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/{proxy+}' })
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    })
    api.hasOutput('ApiUrl', {})
  })
})

describe('cdk-nag AwsSolutionsChecks', () => {
  it('passes on the whole app (synth throws on any unacknowledged finding)', () => {
    expect(() => buildApp(newApp()).app.synth()).not.toThrow()
  })

  it('is really running: an unencrypted, unlogged bucket fails synth', () => {
    const app = newApp()
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
    new Bucket(new Stack(app, 'Control', { env: { region: 'cn-northwest-1' } }), 'Bucket')
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/)
  })
})
