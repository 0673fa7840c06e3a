/**
 * The admin app on AWS: its built files (`admin/dist`) in a private S3 bucket, served by CloudFront
 * through Origin Access Control, with `/api/*` forwarded to the HTTP API on the same distribution, so
 * the app calls the API at its own origin exactly as it does locally (`pnpm dev`).
 *
 * - `/api/*`: the HTTP API, never cached, every method, every viewer header but Host (the
 *   `Authorization` bearer token included), cookies and query strings; plus `X-Origin-Verify`, the
 *   origin secret the API checks (a call that skips CloudFront and its WAF lacks it and is refused),
 *   and `X-Viewer-Address`, the viewer's address set at the edge, which the API keys its
 *   per-caller limits on (trusting it only beside the origin secret).
 * - `/citizen/*`: the citizen page's files as they are (`/citizen/` is its `index.html`).
 * - everything else: the app's files; a path whose last segment has no file extension is an app
 *   route and gets `/index.html` (the SPA fallback).
 *
 * The SPA fallback is a viewer-request CloudFront Function on the app's behaviour, not the
 * distribution's custom error responses (403/404 → /index.html): those apply to every behaviour,
 * so the API's own 403s and 404s (a role refused, a ticket not found) would reach the app as
 * index.html with 200. A missing asset (an old chunk, a typo) stays a 403 from S3 rather than
 * HTML with 200.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  Aws,
  type CfnElement,
  DefaultStackSynthesizer,
  Duration,
  SecretValue,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib'
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2'
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager'
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront'
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3'
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'

/**
 * Regions whose S3 buckets CloudFront delivers no standard (legacy) access logs to: the opt-in
 * regions (CloudFront Developer Guide, "Choose an Amazon S3 bucket for standard logs").
 */
export const CLOUDFRONT_LOGS_UNSUPPORTED_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
])

/**
 * Viewer request on the app's behaviour: a path whose last segment has no file extension is an
 * app route (`/`, `/tickets/JY…`, `/login`), answered by `/index.html`; a file is fetched as it is.
 * `/citizen` (no slash) is the citizen page. CloudFront Functions runtime 2.0 (ES 2020 subset).
 */
export const SPA_FALLBACK_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/citizen') {
    request.uri = '/citizen/index.html';
    return request;
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (!/\\.[A-Za-z0-9]+$/.test(last)) request.uri = '/index.html';
  return request;
}`

/** Viewer request on `/citizen/*`: files as they are, a folder is its index.html; no SPA fallback. */
export const CITIZEN_INDEX_CODE = `function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`

/** The origin header that carries the origin secret from CloudFront to the API. */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify'

/** The header that carries the viewer's address from CloudFront to the API. */
export const VIEWER_ADDRESS_HEADER = 'x-viewer-address'

/**
 * Viewer request on `/api/*`: `X-Viewer-Address` is the address CloudFront saw the request come
 * from (the one WAF rate-limits), replacing whatever the client sent under that name. API Gateway's
 * own source address is a CloudFront edge server, shared by everyone behind it.
 */
export const VIEWER_ADDRESS_CODE = `function handler(event) {
  var request = event.request;
  request.headers['${VIEWER_ADDRESS_HEADER}'] = { value: event.viewer.ip };
  return request;
}`

export type AdminSiteProps = {
  /** The API (in this stack's region) that `/api/*` forwards to; the app calls it at its own origin. */
  api: IHttpApi
  /**
   * The built admin app: a folder with `index.html` (`admin/dist`, written by `pnpm build`).
   * Tests give a temporary folder.
   */
  distPath: string
  /**
   * A custom domain: its names and an ACM certificate in us-east-1 covering them. Viewers then get
   * TLS 1.2 or later (TLSv1.2_2021); without one, the distribution serves `*.cloudfront.net`.
   */
  domain?: { names: string[]; certificateArn: string }
  /**
   * ARN of the WAF web ACL (scope CLOUDFRONT, in us-east-1) to attach: the edge stack's, or one the
   * operator gives (`hotline:webAclArn`). Always one: the distribution is the only way into the API.
   */
  webAclArn: string
  /**
   * The secret CloudFront sends to the API as `X-Origin-Verify`: a CloudFormation dynamic reference
   * in the template, resolved at deploy time (the value never is in the template or the assembly).
   */
  originSecret: ISecret
  /**
   * The origin secret's version to send (its VersionId), after a manual rotation; default its current
   * version when the web stack was last updated. CloudFormation re-resolves the reference only when
   * the template changes, so a new value reaches CloudFront by deploying with a new version id.
   */
  originSecretVersion?: string
  /**
   * Cognito's hosted UI the app signs in with (the user pool has a domain: `hotline:authDomainPrefix`):
   * written to the app's `/config.json`. Without it there is no config.json and the app shows the
   * local sign-in form (local mode).
   */
  cognito?: CognitoSignIn
}

export type CognitoSignIn = {
  /** The hosted UI's base URL, `https://<prefix>.auth.<region>.amazoncognito.com` (`UserPoolDomain.baseUrl()`). */
  domain: string
  /** The admin app's user pool client (public, code flow with PKCE). */
  clientId: string
}

/**
 * The app's runtime config (`/config.json`, read by `admin/src/auth/cognito.ts`): sign in with the
 * hosted UI, coming back to `<app>/auth/callback` and, after signing out, to `<app>/`. Both must be
 * among the client's URLs (`auth.ts` registers `/auth/callback` of each `hotline:adminUrls`).
 */
export function runtimeConfig(cognito: CognitoSignIn, appUrl: string) {
  return {
    auth: {
      kind: 'cognito',
      domain: cognito.domain,
      clientId: cognito.clientId,
      redirectUri: `${appUrl}auth/callback`,
      logoutUri: appUrl,
    },
  }
}

/** The Content-Security-Policy: what the app and the citizen page load, nothing more. */
function contentSecurityPolicy(region: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // The API is same-origin; signing in with Cognito talks to the user pool and its hosted domain.
    `connect-src 'self' https://cognito-idp.${region}.${Aws.URL_SUFFIX} https://*.amazoncognito.com`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ')
}

export class AdminSite extends Construct {
  readonly bucket: Bucket
  readonly logBucket: Bucket
  readonly distribution: Distribution
  /** The hashed assets (`assets/*`), then the pages (`index.html`, `citizen/`, other root files). */
  readonly deployments: { assets: BucketDeployment; pages: BucketDeployment }
  /** `https://<domain>/`: the custom domain's first name, else the distribution's. */
  readonly url: string

  constructor(scope: Construct, id: string, props: AdminSiteProps) {
    super(scope, id)
    const indexHtml = join(props.distPath, 'index.html')
    if (!existsSync(indexHtml)) {
      throw new Error(
        `The admin app is not built: ${indexHtml} does not exist. Run \`pnpm build\` (it writes admin/dist), ` +
          'then synthesize or deploy again.',
      )
    }
    const stack = Stack.of(this)
    const region = stack.region
    const cloudFrontLogs = !Token.isUnresolved(region) && !CLOUDFRONT_LOGS_UNSUPPORTED_REGIONS.has(region)

    // The site bucket's server access logs, and CloudFront's standard logs where the region allows.
    // (cdk-nag's S1 accepts it unlogged: it is a log destination, and logging it would never end.)
    this.logBucket = new Bucket(this, 'LogBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront's standard logs are written with ACLs; S3 server access logs need none.
      objectOwnership: cloudFrontLogs
        ? ObjectOwnership.BUCKET_OWNER_PREFERRED
        : ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { expiration: Duration.days(365), abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    })
    this.bucket = new Bucket(this, 'SiteBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    })

    const spaFallback = new EdgeFunction(this, 'SpaFallback', {
      comment: 'Admin app routes (no file extension) answer with /index.html',
      code: FunctionCode.fromInline(SPA_FALLBACK_CODE),
      runtime: FunctionRuntime.JS_2_0,
    })
    const citizenIndex = new EdgeFunction(this, 'CitizenIndex', {
      comment: 'Citizen page: a folder is its index.html',
      code: FunctionCode.fromInline(CITIZEN_INDEX_CODE),
      runtime: FunctionRuntime.JS_2_0,
    })
    const viewerAddress = new EdgeFunction(this, 'ViewerAddress', {
      comment: "API: X-Viewer-Address is the viewer's IP, whatever the client sent",
      code: FunctionCode.fromInline(VIEWER_ADDRESS_CODE),
      runtime: FunctionRuntime.JS_2_0,
    })
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: '12345 hotline admin app: CSP, HSTS, no framing, no sniffing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(region), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
        // The legacy XSS auditor is off in current browsers and harmful where it is not: `0`.
        xssProtection: { protection: false, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
            override: true,
          },
        ],
      },
    })

    const siteOrigin = S3BucketOrigin.withOriginAccessControl(this.bucket)
    const staticBehavior = (fn: EdgeFunction) => ({
      origin: siteOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      compress: true,
      responseHeadersPolicy: headers,
      functionAssociations: [{ function: fn, eventType: FunctionEventType.VIEWER_REQUEST }],
    })
    const apiDomain = `${props.api.apiId}.execute-api.${region}.${Aws.URL_SUFFIX}`
    this.distribution = new Distribution(this, 'Distribution', {
      comment: '12345 hotline admin app and API',
      defaultRootObject: 'index.html',
      defaultBehavior: staticBehavior(spaFallback),
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(apiDomain, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
            // CloudFront replaces a viewer's header of the same name with this one.
            customHeaders: { [ORIGIN_VERIFY_HEADER]: originSecretValue(props) },
          }),
          // A bearer token must never travel in clear: plain HTTP is refused, not redirected.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          functionAssociations: [{ function: viewerAddress, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
        '/citizen/*': staticBehavior(citizenIndex),
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Edges in Asia (Hong Kong, Taiwan, Japan …) for the city's users, without the costliest ones.
      priceClass: PriceClass.PRICE_CLASS_200,
      ...(props.domain
        ? {
            domainNames: props.domain.names,
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      webAclId: props.webAclArn,
      ...(cloudFrontLogs
        ? { enableLogging: true, logBucket: this.logBucket, logFilePrefix: 'cloudfront/' }
        : {}),
    })
    this.acknowledgeDistribution(props, region, cloudFrontLogs)

    this.url = `https://${props.domain?.names[0] ?? this.distribution.distributionDomainName}/`
    this.deployments = this.deploy(props.distPath, props.cognito)
  }

  /**
   * Two syncs of the same build: the hashed assets first, kept across deploys (a tab still running
   * the previous version lazy-loads its own chunks) and cached for a year; then the pages, always
   * revalidated, the old ones pruned, and the distribution's cache invalidated. With Cognito, the
   * pages carry `/config.json` too (its client id and domain resolved at deploy time).
   */
  private deploy(distPath: string, cognito: CognitoSignIn | undefined): AdminSite['deployments'] {
    const logGroup = new LogGroup(this, 'DeploymentLogs', { retention: RetentionDays.ONE_YEAR })
    const role = new Role(this, 'DeploymentRole', {
      description: 'Copies the built admin app into the site bucket and invalidates the distribution',
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    })
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    )
    const source = Source.asset(distPath)
    const common = {
      sources: [source],
      destinationBucket: this.bucket,
      role,
      logGroup,
    }
    const assets = new BucketDeployment(this, 'DeployAssets', {
      ...common,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
    })
    const pages = new BucketDeployment(this, 'DeployPages', {
      ...common,
      sources: cognito
        ? [source, Source.jsonData('config.json', runtimeConfig(cognito, this.url))]
        : [source],
      // Excluded files are neither copied nor pruned: the assets stay.
      exclude: ['assets/*'],
      cacheControl: [CacheControl.fromString('no-cache')],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    })
    pages.node.addDependency(assets)
    this.acknowledgeDeployment(role)
    return { assets, pages }
  }

  private acknowledgeDistribution(props: AdminSiteProps, region: string, cloudFrontLogs: boolean): void {
    const acknowledge = (rule: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason })
    acknowledge(
      'CFR1',
      "A city's hotline answers anyone: citizens file and look up requests from wherever they are, " +
        'travelling included; reviewers sign in with MFA. Abuse is limited per address (the web ACL) and ' +
        'per caller (the app), not per country.',
    )
    if (!cloudFrontLogs) {
      acknowledge(
        'CFR3',
        `CloudFront delivers no standard access logs to S3 buckets in ${region} (an opt-in region), and v2 log ` +
          "delivery is configured in us-east-1; the API's access logs (a year) record every /api/* request, and " +
          'the site bucket has server access logs.',
      )
    }
    if (!props.domain) {
      acknowledge(
        'CFR4',
        'No custom domain yet: on its *.cloudfront.net name the distribution uses the default CloudFront ' +
          'certificate, whose security policy CloudFront fixes at TLSv1. Give `hotline:webDomainNames` and a ' +
          'us-east-1 `hotline:webCertificateArn` to serve TLSv1.2_2021 or later.',
      )
    }
  }

  /**
   * CDK's BucketDeployment function (a singleton in the stack, with the AWS CLI layer) runs with
   * `role`; BucketDeployment grants it what the sync and the invalidation need, in its own words.
   */
  private acknowledgeDeployment(role: Role): void {
    const stack = Stack.of(this)
    const siteBucketId = stack.getLogicalId(this.bucket.node.defaultChild as CfnElement)
    const findings: [finding: string, reason: string][] = [
      ...DEPLOYMENT_ACTION_FINDINGS,
      [
        `Resource::<${siteBucketId}.Arn>/*`,
        'Every object of the site bucket: the deployment copies and prunes the whole built app, and the ' +
          'bucket holds nothing else.',
      ],
      [
        `Resource::${assetBucketObjects(stack)}`,
        "CDK's bootstrap asset bucket, read only: the built app arrives there as a zip whose key is " +
          "known only at deploy time (BucketDeployment's read grant on its source).",
      ],
      [
        'Resource::*',
        "cloudfront:CreateInvalidation and GetInvalidation after the pages' sync: BucketDeployment grants " +
          'them on any distribution; the role is assumable only by Lambda and used only by the deployment.',
      ],
    ]
    for (const [finding, reason] of findings) {
      Validations.of(role).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`, reason })
    }
    const handlers = stack.node.children.filter(
      (child) => child instanceof LambdaFunction && child.role === role,
    )
    for (const handler of handlers) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions::AwsSolutions-L1',
        reason:
          "CDK's BucketDeployment handler: aws-cdk-lib fixes its runtime (Python, with its AWS CLI layer) and " +
          'moves it with CDK upgrades; it runs only while a deployment copies the built app, never on a request.',
      })
    }
  }
}

/**
 * The origin secret as a CloudFormation dynamic reference (`{{resolve:secretsmanager:…}}`), of the
 * given version if any: the template carries the reference, CloudFormation puts the value in the
 * distribution's config.
 */
function originSecretValue(props: Pick<AdminSiteProps, 'originSecret' | 'originSecretVersion'>): string {
  const version = props.originSecretVersion ? { versionId: props.originSecretVersion } : {}
  return SecretValue.secretsManager(props.originSecret.secretArn, version).unsafeUnwrap()
}

/**
 * The objects of the stack's CDK asset bucket as cdk-nag names them in an IAM5 finding
 * (`arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-ap-east-1/*`).
 */
function assetBucketObjects(stack: Stack): string {
  const literal = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value)
  const qualifier =
    stack.synthesizer instanceof DefaultStackSynthesizer
      ? (stack.synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER)
      : DefaultStackSynthesizer.DEFAULT_QUALIFIER
  const account = literal(stack.account, 'AWS::AccountId')
  const region = literal(stack.region, 'AWS::Region')
  return `arn:${literal(stack.partition, 'AWS::Partition')}:s3:::cdk-${qualifier}-assets-${account}-${region}/*`
}

/** What cdk-nag reports on BucketDeployment's grants to the deployment role, each with why it stands. */
const DEPLOYMENT_ACTION_FINDINGS: [finding: string, reason: string][] = [
  [
    'Action::s3:GetObject*',
    "BucketDeployment's read grants (Bucket.grantRead): the sync reads the build's zip from the CDK asset " +
      'bucket and compares with the site bucket; no other bucket.',
  ],
  [
    'Action::s3:GetBucket*',
    "BucketDeployment's read grants (Bucket.grantRead) on the CDK asset bucket and the site bucket: the " +
      'sync reads their location and settings; no other bucket.',
  ],
  [
    'Action::s3:List*',
    "BucketDeployment's read grants (Bucket.grantRead): the sync lists the site bucket to find what " +
      'changed and what to prune; the CDK asset bucket and the site bucket only.',
  ],
  [
    'Action::s3:DeleteObject*',
    "BucketDeployment's write grant on the site bucket only: the pages' sync deletes the pages a new build " +
      'no longer has (the hashed assets are never pruned).',
  ],
  [
    'Action::s3:Abort*',
    "BucketDeployment's write grant on the site bucket only: the AWS CLI aborts a multipart upload it " +
      'could not finish, leaving no orphaned parts.',
  ],
]
