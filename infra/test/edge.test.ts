/**
 * Protection in front of the API on AWS: the WAF web ACL (edge stack, us-east-1) on the
 * distribution, the origin secret that refuses calls bypassing CloudFront, and the viewer address
 * CloudFront hands the API for its per-caller limits.
 */
import { runInNewContext } from 'node:vm'
import { App, Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type HotlineApp } from '../src/app'
import type { EdgeStack } from '../src/edge-stack'
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_CODE } from '../src/web'
import {
  API_PER_ADDRESS,
  CORE_RULES_COUNTED,
  FORMS_PER_ADDRESS,
  HotlineWebAcl,
  RATE_LIMITED_RESPONSE,
} from '../src/web-acl'
import {
  acknowledgementsUnder,
  BUILD_TIMEOUT,
  importOf,
  logicalId,
  newApp,
  statementsOfRole,
} from './support'

type Resource = { Type: string; Properties: Record<string, unknown> }
type Rule = {
  Name: string
  Priority: number
  Statement: Record<string, Record<string, unknown>>
  Action?: unknown
  OverrideAction?: unknown
  VisibilityConfig: Record<string, unknown>
}
type WebAclProps = {
  Scope: string
  DefaultAction: unknown
  Rules: Rule[]
  VisibilityConfig: Record<string, unknown>
  CustomResponseBodies: Record<string, { ContentType: string; Content: string }>
}
type Behavior = {
  PathPattern?: string
  TargetOriginId: string
  FunctionAssociations?: { EventType: string; FunctionARN: unknown }[]
}
type Origin = { Id: string; OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] }
type DistributionConfig = {
  DefaultCacheBehavior: Behavior
  CacheBehaviors: Behavior[]
  Origins: Origin[]
  WebACLId?: unknown
}

let built: HotlineApp
let edge: EdgeStack
let templates: Record<'data' | 'api' | 'edge' | 'web', Template>

beforeAll(() => {
  built = buildApp(newApp({}))
  if (!built.edge) throw new Error('no edge stack')
  edge = built.edge
  templates = {
    data: Template.fromStack(built.data),
    api: Template.fromStack(built.api),
    edge: Template.fromStack(edge),
    web: Template.fromStack(built.web),
  }
}, BUILD_TIMEOUT)

const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>)
const onlyOf = (template: Template, type: string): [string, Resource] => {
  const found = resourcesOf(template, type)
  expect(found, type).toHaveLength(1)
  return found[0] as [string, Resource]
}
const webAclProps = () => onlyOf(templates.edge, 'AWS::WAFv2::WebACL')[1].Properties as WebAclProps
const ruleNamed = (name: string): Rule => {
  const rule = webAclProps().Rules.find((r) => r.Name === name)
  if (!rule) throw new Error(`no rule ${name}`)
  return rule
}
const distributionConfig = (template: Template) =>
  onlyOf(template, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as DistributionConfig
const apiBehavior = (config: DistributionConfig): Behavior => {
  const found = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*')
  if (!found) throw new Error('no /api/* behaviour')
  return found
}
const originOf = (config: DistributionConfig, behavior: Behavior): Origin => {
  const found = config.Origins.find((o) => o.Id === behavior.TargetOriginId)
  if (!found) throw new Error(`no origin ${behavior.TargetOriginId}`)
  return found
}

/** A byte match on the decoded, normalized URI path, as the web ACL scopes its rules. */
const pathStartsWith = (prefix: string) => ({
  ByteMatchStatement: {
    FieldToMatch: { UriPath: {} },
    PositionalConstraint: 'STARTS_WITH',
    SearchString: prefix,
    TextTransformations: [
      { Priority: 0, Type: 'URL_DECODE' },
      { Priority: 1, Type: 'NORMALIZE_PATH' },
    ],
  },
})
const notWebhooks = { NotStatement: { Statement: pathStartsWith('/api/v1/webhooks/') } }

describe('edge stack: the web ACL', () => {
  it('is a CLOUDFRONT web ACL in us-east-1 that allows by default, with metrics and samples on every rule', () => {
    expect(edge.region).toBe('us-east-1')
    const acl = webAclProps()
    expect(acl.Scope).toBe('CLOUDFRONT')
    expect(acl.DefaultAction).toEqual({ Allow: {} })
    for (const config of [acl.VisibilityConfig, ...acl.Rules.map((r) => r.VisibilityConfig)]) {
      expect(config).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true })
    }
    expect(acl.Rules.map((r) => [r.Priority, r.Name])).toEqual([
      [0, 'AWSManagedRulesAmazonIpReputationList'],
      [1, 'FormsPerAddress'],
      [2, 'ApiPerAddress'],
      [3, 'AWSManagedRulesKnownBadInputsRuleSet'],
      [4, 'AWSManagedRulesCommonRuleSet'],
    ])
    templates.edge.hasOutput('WebAclArn', {
      Value: { 'Fn::GetAtt': [edge.getLogicalId(edge.webAcl.webAcl), 'Arn'] },
    })
  })

  it('limits each address on the citizen forms and lookups, answering 429 with the API’s error body', () => {
    const rule = ruleNamed('FormsPerAddress')
    expect(rule.Statement).toEqual({
      RateBasedStatement: {
        AggregateKeyType: 'IP',
        Limit: FORMS_PER_ADDRESS,
        EvaluationWindowSec: 300,
        ScopeDownStatement: pathStartsWith('/api/v1/submissions'),
      },
    })
    expect(FORMS_PER_ADDRESS).toBe(300)
    expect(rule.Action).toEqual({
      Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'RateLimited' } },
    })
    const body = webAclProps().CustomResponseBodies.RateLimited
    expect(body?.ContentType).toBe('APPLICATION_JSON')
    expect(JSON.parse(body?.Content ?? '')).toEqual(JSON.parse(RATE_LIMITED_RESPONSE))
    expect(JSON.parse(RATE_LIMITED_RESPONSE)).toMatchObject({
      error: { code: 'rate_limited', messageZh: '操作太频繁，请稍后再试。' },
    })
  })

  it('limits each address on the rest of the API, but not on the providers’ webhooks', () => {
    const rule = ruleNamed('ApiPerAddress')
    expect(rule.Statement).toEqual({
      RateBasedStatement: {
        AggregateKeyType: 'IP',
        Limit: API_PER_ADDRESS,
        EvaluationWindowSec: 300,
        ScopeDownStatement: { AndStatement: { Statements: [pathStartsWith('/api/'), notWebhooks] } },
      },
    })
    expect(API_PER_ADDRESS).toBeGreaterThan(FORMS_PER_ADDRESS)
    expect(rule.Action).toEqual(ruleNamed('FormsPerAddress').Action)
  })

  it('runs AWS’s IP reputation, known bad inputs and core rule sets with their own actions', () => {
    for (const name of ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet']) {
      expect(ruleNamed(name)).toMatchObject({
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
        OverrideAction: { None: {} },
      })
      expect(ruleNamed(name).Statement.ManagedRuleGroupStatement).not.toHaveProperty('ScopeDownStatement')
    }
  })

  it('counts the core rule set’s 8 KB body limit (the API takes 256 KB, 4.5 MB on import) and skips webhooks', () => {
    const core = ruleNamed('AWSManagedRulesCommonRuleSet')
    expect(core.OverrideAction).toEqual({ None: {} })
    expect(core.Statement.ManagedRuleGroupStatement).toEqual({
      VendorName: 'AWS',
      Name: 'AWSManagedRulesCommonRuleSet',
      RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
      ScopeDownStatement: notWebhooks,
    })
    expect(CORE_RULES_COUNTED).toEqual(['SizeRestrictions_BODY'])
  })

  it('refuses to be built outside us-east-1: CloudFront takes no other region’s web ACL', () => {
    const stack = new Stack(new App(), 'Elsewhere', { env: { region: 'ap-east-1' } })
    expect(() => new HotlineWebAcl(stack, 'WebAcl')).toThrow(/us-east-1, not ap-east-1/)
  })
})

describe('web stack: the web ACL attached', () => {
  it('attaches the edge stack’s web ACL, read across regions from the parameter the edge stack writes', () => {
    const webAclId = distributionConfig(templates.web).WebACLId as { 'Fn::GetAtt': [string, string] }
    const [readerId, parameter] = webAclId['Fn::GetAtt']
    // The web stack reads the parameter in its own region …
    const reader = templates.web.toJSON().Resources[readerId] as Resource
    expect(reader.Type).toBe('Custom::CrossRegionExportReader')
    expect(reader.Properties.ReaderProps).toMatchObject({
      region: 'ap-east-1',
      imports: { [parameter]: `{{resolve:ssm:${parameter}}}` },
    })
    // … which the edge stack writes there: its web ACL's ARN.
    const [, writer] = onlyOf(templates.edge, 'Custom::CrossRegionExportWriter')
    expect(writer.Properties.WriterProps).toEqual({
      region: 'ap-east-1',
      exports: { [parameter]: { 'Fn::GetAtt': [edge.getLogicalId(edge.webAcl.webAcl), 'Arn'] } },
    })
    expect(built.web.dependencies).toContain(edge)
    expect(acknowledgementsUnder(built.web).map((a) => a.id)).not.toContain('AwsSolutions::AwsSolutions-CFR2')
  })

  it('uses the web ACL given in hotline:webAclArn instead, and creates no edge stack', () => {
    const webAclArn =
      'arn:aws:wafv2:us-east-1:123456789012:global/webacl/hotline/0f6d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b'
    const given = buildApp(newApp({ 'hotline:webAclArn': webAclArn }))
    expect(given.edge).toBeUndefined()
    expect(given.app.node.tryFindChild('HotlineEdge')).toBeUndefined()
    const template = Template.fromStack(given.web)
    expect(distributionConfig(template).WebACLId).toBe(webAclArn)
    template.resourceCountIs('Custom::CrossRegionExportReader', 0)
    expect(() => given.app.synth()).not.toThrow()
  })

  it('refers to the web ACL as a plain import when the whole app is in us-east-1', () => {
    const local = buildApp(newApp({ 'hotline:region': 'us-east-1' }))
    const localEdge = local.edge
    if (!localEdge) throw new Error('no edge stack')
    const webAclId = distributionConfig(Template.fromStack(local.web)).WebACLId
    expect(webAclId).toEqual(
      importOf(Template.fromStack(localEdge), {
        'Fn::GetAtt': [localEdge.getLogicalId(localEdge.webAcl.webAcl), 'Arn'],
      }),
    )
  })
})

describe('the origin secret: calls that bypass CloudFront are refused', () => {
  const originSecretId = () => logicalId(built.data, built.data.originSecret)
  const dynamicReference = (suffix: string) => ({
    'Fn::Join': [
      '',
      [
        '{{resolve:secretsmanager:',
        importOf(templates.data, { Ref: originSecretId() }),
        `:SecretString:::${suffix}}}`,
      ],
    ],
  })

  it('is generated by Secrets Manager: 48 letters and digits, rotation acknowledged as manual', () => {
    const secret = templates.data.toJSON().Resources[originSecretId()] as Resource
    expect(secret.Properties.GenerateSecretString).toEqual({ PasswordLength: 48, ExcludePunctuation: true })
    templates.data.hasOutput('OriginVerifySecretArn', { Value: { Ref: originSecretId() } })
    const [ack] = acknowledgementsUnder(built.data.originSecret)
    expect(ack).toMatchObject({ id: 'AwsSolutions::AwsSolutions-SMG4' })
    expect(ack?.reason).toMatch(/redeploy/)
  })

  it('is sent by CloudFront on /api/* only, as X-Origin-Verify, a dynamic reference and never the value', () => {
    const config = distributionConfig(templates.web)
    const api = originOf(config, apiBehavior(config))
    expect(api.OriginCustomHeaders).toEqual([
      { HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: dynamicReference('') },
    ])
    expect(ORIGIN_VERIFY_HEADER).toBe('X-Origin-Verify')
    // The bucket gets no secret.
    for (const origin of config.Origins.filter((o) => o !== api))
      expect(origin.OriginCustomHeaders).toBeUndefined()
    const text = JSON.stringify(templates.web.toJSON())
    expect(text).toContain('{{resolve:secretsmanager:')
    expect(text.match(/resolve:secretsmanager/g)).toHaveLength(1)
  })

  it('is pinned to a version after a rotation (hotline:originSecretVersion), so CloudFront gets the new value', () => {
    const versionId = '3f1c9a2e-7b4d-4e8a-9c1f-0a2b3c4d5e6f'
    const rotated = buildApp(newApp({ 'hotline:originSecretVersion': versionId }))
    const config = distributionConfig(Template.fromStack(rotated.web))
    const data = Template.fromStack(rotated.data)
    expect(originOf(config, apiBehavior(config)).OriginCustomHeaders).toEqual([
      {
        HeaderName: ORIGIN_VERIFY_HEADER,
        HeaderValue: {
          'Fn::Join': [
            '',
            [
              '{{resolve:secretsmanager:',
              importOf(data, { Ref: logicalId(rotated.data, rotated.data.originSecret) }),
              `:SecretString:::${versionId}}}`,
            ],
          ],
        },
      },
    ])
  })

  it('is the HTTP functions’ ORIGIN_SECRET_ARN (API, statement export), and only they may read it', () => {
    const secretArn = importOf(templates.data, { Ref: originSecretId() })
    const httpFunctions = [built.api.apiFunction, built.api.exportFunction]
    for (const http of httpFunctions) {
      const fn = templates.api.toJSON().Resources[logicalId(built.api, http)] as Resource
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables
      expect(variables.ORIGIN_SECRET_ARN).toEqual(secretArn)
      const reads = statementsOfRole(templates.api, logicalId(built.api, http.executionRole))
        .filter((statement) => statement.Action === 'secretsmanager:GetSecretValue')
        .flatMap((statement) => [statement.Resource].flat())
      expect(reads).toContainEqual(secretArn)
    }
    const httpIds = httpFunctions.map((fn) => logicalId(built.api, fn))
    const others = resourcesOf(templates.api, 'AWS::Lambda::Function').filter(([id]) => !httpIds.includes(id))
    expect(others.length).toBeGreaterThan(0)
    for (const [, other] of others)
      expect(JSON.stringify(other.Properties)).not.toContain('ORIGIN_SECRET_ARN')
    const readers = resourcesOf(templates.api, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes(secretArn['Fn::ImportValue']),
    )
    expect(readers.map(([, p]) => p.Properties.Roles).sort(byJson)).toEqual(
      httpFunctions.map((fn) => [{ Ref: logicalId(built.api, fn.executionRole) }]).sort(byJson),
    )
  })
})

const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b))

describe('the viewer address: per-client limits keyed on the real client', () => {
  type Header = { value: string; multiValue?: { value: string }[] }
  type Request = { method: string; uri: string; headers: Record<string, Header> }

  /** Runs the exported code, as CloudFront Functions would, on a viewer request from `ip`. */
  function viewerRequest(ip: string, headers: Record<string, Header>): Request {
    const event = {
      version: '1.0',
      context: { eventType: 'viewer-request' },
      viewer: { ip },
      request: { method: 'POST', uri: '/api/v1/submissions/web', querystring: {}, headers, cookies: {} },
    }
    return runInNewContext(`${VIEWER_ADDRESS_CODE}\nhandler(event)`, { event }) as Request
  }

  it('runs as a viewer-request function on /api/* (cloudfront-js-2.0), deploying the exported code', () => {
    const [id, fn] =
      resourcesOf(templates.web, 'AWS::CloudFront::Function').find(([fnId]) =>
        fnId.includes('ViewerAddress'),
      ) ?? []
    expect(fn?.Properties.FunctionCode).toBe(VIEWER_ADDRESS_CODE)
    expect(fn?.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' })
    expect(apiBehavior(distributionConfig(templates.web)).FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [id, 'FunctionARN'] } },
    ])
  })

  it('sets X-Viewer-Address to the viewer’s IP and leaves the other headers alone', () => {
    const request = viewerRequest('203.0.113.7', { authorization: { value: 'Bearer t' } })
    expect(request.headers).toEqual({
      authorization: { value: 'Bearer t' },
      'x-viewer-address': { value: '203.0.113.7' },
    })
    expect(request.uri).toBe('/api/v1/submissions/web')
  })

  it('overwrites an address the client sent itself, one or many values', () => {
    const spoofed = viewerRequest('2001:db8::5', {
      'x-viewer-address': {
        value: '198.51.100.1',
        multiValue: [{ value: '198.51.100.1' }, { value: '10.0.0.1' }],
      },
    })
    expect(spoofed.headers['x-viewer-address']).toEqual({ value: '2001:db8::5' })
  })
})
