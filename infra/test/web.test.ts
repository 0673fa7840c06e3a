/** The admin app's hosting: private bucket behind CloudFront (OAC), the API at /api/*, the SPA fallback, the deployment. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import type { CfnElement } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type HotlineApp } from '../src/app'
import { acknowledgementsUnder, BUILD_TIMEOUT, importOf, logicalId, newApp } from './support'

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }
type Behavior = {
  PathPattern?: string
  TargetOriginId: string
  ViewerProtocolPolicy: string
  AllowedMethods: string[]
  CachePolicyId: string
  OriginRequestPolicyId?: string
  ResponseHeadersPolicyId: unknown
  FunctionAssociations?: { EventType: string; FunctionARN: unknown }[]
}
type Origin = {
  Id: string
  DomainName: unknown
  OriginAccessControlId?: unknown
  S3OriginConfig?: { OriginAccessIdentity: string }
  CustomOriginConfig?: { OriginProtocolPolicy: string; OriginSSLProtocols: string[] }
}
type DistributionConfig = {
  DefaultRootObject: string
  DefaultCacheBehavior: Behavior
  CacheBehaviors: Behavior[]
  Origins: Origin[]
  CustomErrorResponses?: unknown
  Logging?: { Bucket: unknown; Prefix: string }
  ViewerCertificate?: Record<string, unknown>
  Aliases?: string[]
  WebACLId?: string
}

let built: HotlineApp
let web: Template

beforeAll(() => {
  built = buildApp(newApp({}))
  web = Template.fromStack(built.web)
}, BUILD_TIMEOUT)

const only = (template: Template, type: string): [string, Resource] => {
  const found = Object.entries(template.findResources(type) as Record<string, Resource>)
  expect(found, type).toHaveLength(1)
  return found[0] as [string, Resource]
}
const distributionConfig = (template: Template) =>
  only(template, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as DistributionConfig
const behavior = (config: DistributionConfig, pattern: string): Behavior => {
  const found = config.CacheBehaviors.find((b) => b.PathPattern === pattern)
  if (!found) throw new Error(`no ${pattern} behaviour`)
  return found
}
const originOf = (config: DistributionConfig, b: Behavior): Origin => {
  const found = config.Origins.find((o) => o.Id === b.TargetOriginId)
  if (!found) throw new Error(`no origin ${b.TargetOriginId}`)
  return found
}
const siteBucketId = () => logicalId(built.web, built.web.site.bucket)
const functionArnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'FunctionARN'] })

/** Runs a CloudFront Function's deployed code on a viewer request for `uri`; the URI it lets through. */
function viewerRequest(functionId: string, uri: string): string {
  const code = (web.toJSON().Resources[functionId] as Resource).Properties.FunctionCode as string
  const event = { request: { method: 'GET', uri, querystring: {}, headers: {}, cookies: {} } }
  const result = runInNewContext(`${code}\nhandler(event)`, { event }) as { uri: string }
  return result.uri
}

describe('web stack: the site bucket', () => {
  it('is private, encrypted, versioned, TLS-only, and logs its accesses to the log bucket', () => {
    web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId(built.web, built.web.site.logBucket) },
        LogFilePrefix: 'site-bucket/',
      },
    })
    expect(
      web.findResources('AWS::S3::Bucket', { Properties: { WebsiteConfiguration: Match.anyValue() } }),
    ).toEqual({})
  })

  it('allows only CloudFront, for this distribution, to read it; refuses plain HTTP to everyone', () => {
    const policies = Object.values(
      web.findResources('AWS::S3::BucketPolicy') as Record<string, Resource>,
    ).filter((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: siteBucketId() }))
    expect(policies).toHaveLength(1)
    const [policy] = policies
    if (!policy) throw new Error('no site bucket policy')
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement
    const allows = statements.filter((s) => s.Effect === 'Allow')
    const distributionId = logicalId(built.web, built.web.site.distribution)
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [siteBucketId(), 'Arn'] }, '/*']] },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudfront::',
                  { Ref: 'AWS::AccountId' },
                  ':distribution/',
                  { Ref: distributionId },
                ],
              ],
            },
          },
        },
      },
    ])
    expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([
      expect.objectContaining({
        Action: 's3:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ])
  })
})

describe('web stack: the distribution', () => {
  it('reads the bucket through an Origin Access Control (SigV4), no origin access identity', () => {
    const [oacId] = only(web, 'AWS::CloudFront::OriginAccessControl')
    web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    })
    web.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0)
    const config = distributionConfig(web)
    const s3Origin = originOf(config, config.DefaultCacheBehavior)
    expect(s3Origin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [siteBucketId(), 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    })
    expect(config.DefaultRootObject).toBe('index.html')
  })

  it('forwards /api/* to the HTTP API: never cached, every method, every viewer header but Host', () => {
    const config = distributionConfig(web)
    const api = behavior(config, '/api/*')
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      // Managed policies (their ids are AWS's): CachingDisabled, and AllViewerExceptHostHeader, which
      // forwards every viewer header (Authorization with the bearer token), cookie and query string.
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
    })
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad')
    expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac')
    const apiId = built.api.getLogicalId(built.api.api.node.defaultChild as CfnElement)
    const origin = originOf(config, api)
    expect(origin.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    })
    expect(origin.S3OriginConfig).toBeUndefined()
    // The API stack's HTTP API, by its id: `<api id>.execute-api.<region>.amazonaws.com`.
    expect(origin.DomainName).toEqual({
      'Fn::Join': [
        '',
        [
          { 'Fn::ImportValue': expect.stringMatching(new RegExp(`^HotlineApi:ExportsOutputRef${apiId}`)) },
          '.execute-api.ap-east-1.',
          { Ref: 'AWS::URLSuffix' },
        ],
      ],
    })
  })

  it('serves the app and the citizen page from the bucket, over HTTPS only, with the functions attached', () => {
    const config = distributionConfig(web)
    const citizen = behavior(config, '/citizen/*')
    const [spaId] = Object.entries(web.findResources('AWS::CloudFront::Function')).find(([id]) =>
      id.includes('SpaFallback'),
    ) ?? ['']
    const [citizenId] = Object.entries(web.findResources('AWS::CloudFront::Function')).find(([id]) =>
      id.includes('CitizenIndex'),
    ) ?? ['']
    for (const [b, fn] of [
      [config.DefaultCacheBehavior, spaId],
      [citizen, citizenId],
    ] as const) {
      expect(b).toMatchObject({
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
        FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: functionArnOf(fn) }],
      })
      expect(b.TargetOriginId).toBe(config.DefaultCacheBehavior.TargetOriginId)
    }
    expect(config.CacheBehaviors).toHaveLength(2)
    web.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    })
  })

  it('answers app routes with /index.html and leaves files, the citizen page and the API alone', () => {
    const config = distributionConfig(web)
    // No distribution-wide error responses: they would turn the API's own 403 and 404 into index.html.
    expect(config.CustomErrorResponses).toBeUndefined()
    const functions = Object.keys(web.findResources('AWS::CloudFront::Function'))
    const spa = functions.find((id) => id.includes('SpaFallback')) ?? ''
    const citizen = functions.find((id) => id.includes('CitizenIndex')) ?? ''
    for (const route of ['/', '/login', '/tickets', '/tickets/JY202610150001', '/outbox/'])
      expect(viewerRequest(spa, route), route).toBe('/index.html')
    for (const file of [
      '/index.html',
      '/assets/index-DohheKy0.js',
      '/assets/index-BhR5s5V0.css',
      '/favicon.svg',
    ])
      expect(viewerRequest(spa, file), file).toBe(file)
    expect(viewerRequest(spa, '/citizen')).toBe('/citizen/index.html')
    expect(viewerRequest(citizen, '/citizen/')).toBe('/citizen/index.html')
    expect(viewerRequest(citizen, '/citizen/citizen.js')).toBe('/citizen/citizen.js')
    // Served as is: no app fallback under /citizen/.
    expect(viewerRequest(citizen, '/citizen/unknown')).toBe('/citizen/unknown')
  })

  it('adds security headers to every response: CSP, HSTS, no framing, no sniffing', () => {
    const [policyId] = only(web, 'AWS::CloudFront::ResponseHeadersPolicy')
    web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 31_536_000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'same-origin', Override: true },
        }),
      }),
    })
    const csp = JSON.stringify(web.toJSON().Resources[policyId])
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ])
      expect(csp).toContain(directive)
    const config = distributionConfig(web)
    for (const b of [config.DefaultCacheBehavior, ...config.CacheBehaviors])
      expect(b.ResponseHeadersPolicyId).toEqual({ Ref: policyId })
  })

  it('outputs the site URL and the distribution id', () => {
    web.hasOutput('WebUrl', {
      Value: {
        'Fn::Join': [
          '',
          [
            'https://',
            { 'Fn::GetAtt': [logicalId(built.web, built.web.site.distribution), 'DomainName'] },
            '/',
          ],
        ],
      },
    })
    web.hasOutput('DistributionId', {})
  })

  it('writes no CloudFront standard logs in ap-east-1 (CloudFront delivers none there): acknowledged', () => {
    expect(distributionConfig(web).Logging).toBeUndefined()
    const acknowledged = acknowledgementsUnder(built.web).map((a) => a.id)
    expect(acknowledged).toContain('AwsSolutions::AwsSolutions-CFR3')
  })
})

describe('web stack: the deployment of the built app', () => {
  type Deployment = { id: string; props: Record<string, unknown>; dependsOn: string[] }
  const deployments = (): Deployment[] =>
    Object.entries(web.findResources('Custom::CDKBucketDeployment') as Record<string, Resource>).map(
      ([id, r]) => ({ id, props: r.Properties, dependsOn: r.DependsOn ?? [] }),
    )

  it('copies the hashed assets first, kept across deploys and cached for a year', () => {
    const assets = deployments().find((d) => JSON.stringify(d.props.Include) === '["assets/*"]')
    expect(assets?.props).toMatchObject({
      DestinationBucketName: { Ref: siteBucketId() },
      Exclude: ['*'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    })
    expect(assets?.props.DistributionId).toBeUndefined()
  })

  it('then the pages, always revalidated, pruned, and the distribution invalidated', () => {
    const all = deployments()
    expect(all).toHaveLength(2)
    const assets = all.find((d) => JSON.stringify(d.props.Include) === '["assets/*"]')
    const pages = all.find((d) => d !== assets)
    expect(pages?.props).toMatchObject({
      DestinationBucketName: { Ref: siteBucketId() },
      Exclude: ['assets/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionId: { Ref: logicalId(built.web, built.web.site.distribution) },
      DistributionPaths: ['/*'],
    })
    expect(pages?.props.Include).toBeUndefined()
    expect(pages?.dependsOn).toContain(assets?.id)
  })

  it('deploys the folder it is given (hotline:adminDist), as one asset', () => {
    const assembly = built.app.synth()
    const manifest = JSON.parse(
      readFileSync(join(assembly.directory, `${built.web.artifactId}.assets.json`), 'utf8'),
    ) as { files: Record<string, { source: { path: string; packaging?: string } }> }
    const zipped = Object.values(manifest.files).filter((f) => f.source.packaging === 'zip')
    const withIndex = zipped.filter((f) => existsSync(join(assembly.directory, f.source.path, 'index.html')))
    expect(withIndex).toHaveLength(1)
    const staged = join(assembly.directory, withIndex[0]?.source.path ?? '')
    expect(readFileSync(join(staged, 'index.html'), 'utf8')).toContain('/assets/index-test.js')
    expect(existsSync(join(staged, 'citizen', 'index.html'))).toBe(true)
  })

  it('refuses to synthesize without a built app, and says to run pnpm build', () => {
    const empty = mkdtempSync(join(tmpdir(), 'hotline-no-dist-'))
    expect(() => buildApp(newApp({ 'hotline:adminDist': empty }))).toThrow(
      /admin app is not built.*index\.html.*pnpm build/s,
    )
  })
})

describe('web stack: the runtime config of Cognito sign-in (/config.json)', () => {
  type Deployment = { SourceMarkers?: Record<string, unknown>[]; SourceObjectKeys: string[] }
  const pagesOf = (template: Template) => {
    const found = Object.entries(template.findResources('Custom::CDKBucketDeployment')).find(([id]) =>
      id.includes('DeployPages'),
    )
    if (!found) throw new Error('no pages deployment')
    return (found[1] as Resource).Properties as Deployment
  }

  it('is not deployed without a hosted domain: the app signs in locally', () => {
    const pages = pagesOf(web)
    expect(pages.SourceObjectKeys).toHaveLength(1)
    expect(pages.SourceMarkers ?? [{}]).toEqual([{}])
  })

  it("carries the hosted UI's domain, the admin client's id and the app's callback with the pages", () => {
    const app = buildApp(
      newApp({
        'hotline:authDomainPrefix': 'jiyuan-12345',
        'hotline:adminUrls': 'https://admin.example.gov.cn/',
        'hotline:webDomainNames': 'admin.example.gov.cn',
        'hotline:webCertificateArn':
          'arn:aws:acm:us-east-1:123456789012:certificate/0f6d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
      }),
    )
    const template = Template.fromStack(app.web)
    const pages = pagesOf(template)
    // The build, then config.json (Source.jsonData): its tokens as markers CloudFormation resolves.
    expect(pages.SourceObjectKeys).toHaveLength(2)
    const markers = pages.SourceMarkers?.[1] ?? {}
    const data = Template.fromStack(app.data)
    const hostedUi = app.data.auth.domain
    if (!hostedUi) throw new Error('no hosted UI domain')
    // The data stack's exports: the hosted domain's prefix and the admin client's id.
    expect(Object.values(markers)).toEqual([
      importOf(data, { Ref: logicalId(app.data, hostedUi) }),
      importOf(data, { Ref: logicalId(app.data, app.data.auth.adminClient) }),
    ])

    // The staged config.json, its markers named after what CloudFormation puts there.
    const assembly = app.app.synth()
    const manifest = JSON.parse(
      readFileSync(join(assembly.directory, `${app.web.artifactId}.assets.json`), 'utf8'),
    ) as { files: Record<string, { source: { path: string } }> }
    const staged = Object.values(manifest.files)
      .map((f) => join(assembly.directory, f.source.path, 'config.json'))
      .filter((path) => existsSync(path))
    expect(staged).toHaveLength(1)
    const [prefixMarker = '', clientMarker = ''] = Object.keys(markers)
    const text = readFileSync(staged[0] ?? '', 'utf8')
      .replaceAll(prefixMarker, '<prefix>')
      .replaceAll(clientMarker, '<client id>')
    expect(JSON.parse(text)).toEqual({
      auth: {
        kind: 'cognito',
        domain: 'https://<prefix>.auth.ap-east-1.amazoncognito.com',
        clientId: '<client id>',
        redirectUri: 'https://admin.example.gov.cn/auth/callback',
        logoutUri: 'https://admin.example.gov.cn/',
      },
    })
    // Cognito accepts exactly those: the callback route and the app's URL.
    data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://admin.example.gov.cn/auth/callback'],
      LogoutURLs: ['https://admin.example.gov.cn/'],
    })
    expect(() => app.app.synth()).not.toThrow()
  })
})

describe('web stack elsewhere and with its own domain', () => {
  it('logs to the log bucket where CloudFront delivers standard logs (eu-west-1), nothing to acknowledge', () => {
    const app = buildApp(newApp({ 'hotline:region': 'eu-west-1' }))
    const template = Template.fromStack(app.web)
    const logBucket = logicalId(app.web, app.web.site.logBucket)
    expect(distributionConfig(template).Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [logBucket, 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    })
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] },
    })
    expect(acknowledgementsUnder(app.web).map((a) => a.id)).not.toContain('AwsSolutions::AwsSolutions-CFR3')
    expect(() => app.app.synth()).not.toThrow()
  })

  it('serves a custom domain with TLS 1.2 or later and attaches a web ACL: nothing left to acknowledge', () => {
    const certificateArn =
      'arn:aws:acm:us-east-1:123456789012:certificate/0f6d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b'
    const webAclArn =
      'arn:aws:wafv2:us-east-1:123456789012:global/webacl/hotline/0f6d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b'
    const app = buildApp(
      newApp({
        'hotline:webDomainNames': 'admin.example.gov.cn',
        'hotline:webCertificateArn': certificateArn,
        'hotline:webAclArn': webAclArn,
      }),
    )
    const config = distributionConfig(Template.fromStack(app.web))
    expect(config.Aliases).toEqual(['admin.example.gov.cn'])
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    })
    expect(config.WebACLId).toBe(webAclArn)
    const acknowledged = acknowledgementsUnder(app.web).map((a) => a.id)
    expect(acknowledged).not.toContain('AwsSolutions::AwsSolutions-CFR2')
    expect(acknowledged).not.toContain('AwsSolutions::AwsSolutions-CFR4')
    Template.fromStack(app.web).hasOutput('WebUrl', { Value: 'https://admin.example.gov.cn/' })
    expect(() => app.app.synth()).not.toThrow()
  })

  it('needs the domain names and the certificate together', () => {
    expect(() => buildApp(newApp({ 'hotline:webDomainNames': 'admin.example.gov.cn' }))).toThrow(
      /hotline:webDomainNames and hotline:webCertificateArn/,
    )
  })
})
