/** The stacks as deployed: the stateful data stack, the stateless API, edge and web stacks, and cdk-nag over the whole app. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tableDesign } from '@hotline/store/table'
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib'
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { Bucket } from 'aws-cdk-lib/aws-s3'
import { AwsSolutionsChecks } from 'cdk-nag'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type HotlineApp } from '../src/app'
import { LAMBDA_ENTRIES } from '../src/bundle/lambda-bundles'
import { acknowledgementsUnder, BUILD_TIMEOUT, buildTemplates, builtBundles, newApp } from './support'

let built: HotlineApp
let data: Template
let api: Template

// The real thing, once: every function and the SDK layer built by the bundler (esbuild).
beforeAll(async () => {
  const bundles = await builtBundles()
  ;({ built, data, api } = buildTemplates(newApp({}, { bundles: bundles.outDir })))
}, BUILD_TIMEOUT)

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

  it('deploys to the configured region (ap-east-1 by default: every service used exists there)', () => {
    expect(built.data.region).toBe('ap-east-1')
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
      Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) },
    })
    api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 })
  })

  it('gives the API function 29 s, just under API Gateway’s 30 (an import chunk, a busy day’s re-run)', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Description: '12345 hotline HTTP API (Hono)',
      Timeout: 29,
    })
  })

  it('deploys each function as its bundle alone (index.mjs, no source map), with the SDK and Powertools layer', () => {
    // A staged asset is `asset.<hash>` in the assembly; its S3 key is `<hash>.zip`.
    const stagedOf = (code: unknown) =>
      join(built.app.outdir, `asset.${String((code as { S3Key: string }).S3Key).replace(/\.zip$/, '')}`)
    const functions = Object.values(
      api.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } }),
    ) as { Properties: { Code: unknown; Layers: unknown } }[]
    expect(functions).toHaveLength(Object.keys(LAMBDA_ENTRIES).length)
    const [layerId, layer] = Object.entries(api.findResources('AWS::Lambda::LayerVersion'))[0] ?? []
    for (const fn of functions) {
      expect(readdirSync(stagedOf(fn.Properties.Code))).toEqual(['index.mjs'])
      expect(fn.Properties.Layers).toEqual([{ Ref: layerId }])
      expect(JSON.stringify(fn)).not.toContain('enable-source-maps')
    }
    const modules = join(
      stagedOf((layer as { Properties: { Content: unknown } }).Properties.Content),
      'nodejs',
      'node_modules',
    )
    expect(existsSync(join(modules, '@aws-sdk', 'lib-dynamodb', 'index.mjs'))).toBe(true)
    expect(existsSync(join(modules, '@aws-lambda-powertools', 'logger', 'middleware', 'index.mjs'))).toBe(
      true,
    )
    api.hasOutput('SourceMapsUrl', {})
  })

  it('sends the statement and its export to their own function, every other /api/ route to the API', () => {
    const integrationOf = (fn: CfnElement) => ({
      'Fn::GetAtt': [built.api.getLogicalId(fn), 'Arn'],
    })
    api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /api/v1/statement' })
    api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /api/v1/statement/export' })
    api.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: integrationOf(built.api.exportFunction.node.defaultChild as CfnElement),
    })
    api.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: integrationOf(built.api.apiFunction.node.defaultChild as CfnElement),
    })
  })

  it('lets the API function write the table (tickets, outbox, dedupe claims, rate limits)', () => {
    api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']),
          }),
        ]),
      },
      Roles: [
        { Ref: built.api.getLogicalId(built.api.apiFunction.executionRole.node.defaultChild as CfnElement) },
      ],
    })
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
    for (const output of ['UserPoolId', 'UserPoolClientId', 'AppSecretArn', 'InboundSmsTopicArn'])
      data.hasOutput(output, {})
  })
})

type NagReport = {
  pluginReports: {
    pluginName: string
    conclusion: string
    violations: unknown[]
    suppressedViolations?: {
      ruleName: string
      violatingConstructs: { constructPath: string }[]
      acknowledgedId: string
      acknowledgedAt: string
      reason: string
    }[]
  }[]
}

describe('cdk-nag AwsSolutionsChecks', () => {
  // Every finding cdk-nag still reports, acknowledged in code: rule → construct it was acknowledged on.
  const ROUTES = [
    'ANY--api--{proxy+}',
    'POST--api--v1--submissions--web',
    'POST--api--v1--submissions--miniprogram',
    'GET--api--v1--submissions--{trackingCode}',
    'POST--api--v1--webhooks--sms--tencent',
    'POST--api--v1--webhooks--sms--aliyun',
    'ANY--api--v1--webhooks--wechat',
    'GET--api--v1--statement',
    'GET--api--v1--statement--export',
  ]
  const ROLE_FINDINGS = [
    'AwsSolutions-IAM5[Resource::*]',
    'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
  ]
  const EXPECTED = [
    ['AwsSolutions-SMG4', 'HotlineData/AppSecret'],
    // Rotated by hand: CloudFront must be redeployed with the new value (docs/security.md).
    ['AwsSolutions-SMG4', 'HotlineData/OriginVerifySecret'],
    ['AwsSolutions-SQS3', 'HotlineData/SmsChannel/InboundSmsDlq'],
    ...['ApiFunctionRole', 'SmsFunctionRole'].flatMap((role) =>
      ROLE_FINDINGS.map((rule) => [rule, `HotlineApi/${role}`]),
    ),
    // The export function reads the table: decrypt only, so X-Ray's is its one finding.
    ['AwsSolutions-IAM5[Resource::*]', 'HotlineApi/ExportFunctionRole'],
    ...ROUTES.map((route) => ['AwsSolutions-APIG4', `HotlineApi/HttpApi/${route}`]),
    ...ROLE_FINDINGS.map((rule) => [rule, 'HotlineApi/Jobs/JobsFunctionRole']),
    ['AwsSolutions-IAM5[Resource::<JobsJobsFunction76D43BA6.Arn>:*]', 'HotlineApi/Jobs/SchedulerRole'],
    // The admin app's distribution: open to all countries, no standard logs (none to buckets in
    // ap-east-1), the default *.cloudfront.net certificate (TLSv1 floor). Its web ACL is the edge
    // stack's (no CFR2), and the edge stack has nothing to acknowledge.
    ...['CFR1', 'CFR3', 'CFR4'].map((rule) => [`AwsSolutions-${rule}`, 'HotlineWeb/Site/Distribution']),
    // CDK's BucketDeployment: its grants to the deployment role, and its handler's runtime.
    ...[
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      'Resource::<SiteSiteBucket7CA177D5.Arn>/*',
      'Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-ap-east-1/*',
      'Resource::*',
    ].map((finding) => [`AwsSolutions-IAM5[${finding}]`, 'HotlineWeb/Site/DeploymentRole']),
    ['AwsSolutions-L1', 'HotlineWeb/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C'],
  ]
  const byRuleAndPlace = (a: string[], b: string[]) => a.join(' ').localeCompare(b.join(' '))

  let app: HotlineApp
  let report: NagReport

  beforeAll(() => {
    app = buildApp(newApp({}))
    const assembly = app.app.synth() // throws on any unacknowledged finding
    report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'))
  }, BUILD_TIMEOUT)

  it('passes on the whole app, the edge stack (us-east-1) included: no finding left unacknowledged', () => {
    const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions')
    expect(nag).toMatchObject({ conclusion: 'success', violations: [] })
    expect(app.app.node.children.filter((child) => child instanceof Stack).map((s) => s.node.id)).toEqual([
      'HotlineData',
      'HotlineApi',
      'HotlineEdge',
      'HotlineWeb',
    ])
    expect(app.edge?.region).toBe('us-east-1')
  })

  it('acknowledges exactly the expected findings, each on its construct, each with its reason', () => {
    const suppressed = report.pluginReports.flatMap((plugin) => plugin.suppressedViolations ?? [])
    expect(suppressed.map((s) => [s.ruleName, s.acknowledgedAt]).sort(byRuleAndPlace)).toEqual(
      [...EXPECTED].sort(byRuleAndPlace),
    )
    for (const finding of suppressed) {
      expect(finding.acknowledgedId).toBe(`AwsSolutions::${finding.ruleName}`)
      expect(
        finding.violatingConstructs.every((c) => c.constructPath.startsWith(`${finding.acknowledgedAt}/`)),
      ).toBe(true)
      expect(finding.reason.length, `${finding.ruleName} on ${finding.acknowledgedAt}`).toBeGreaterThan(60)
    }
  })

  it('has no acknowledgement that silences nothing', () => {
    const recorded = acknowledgementsUnder(app.app).map((a) => [a.id.replace('AwsSolutions::', ''), a.path])
    expect(recorded.sort(byRuleAndPlace)).toEqual([...EXPECTED].sort(byRuleAndPlace))
  })

  it('is really running: an unencrypted, unlogged bucket fails synth', () => {
    const app = newApp({})
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
    new Bucket(new Stack(app, 'Control', { env: { region: 'cn-northwest-1' } }), 'Bucket')
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/)
  })
})
