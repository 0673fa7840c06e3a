/**
 * Builds the whole CDK app: the data stack, the API stack, the edge stack (the web ACL, in
 * us-east-1), the web stack, and cdk-nag over all of them.
 *
 * Context an operator may set (`-c key=value`, or `context` in cdk.json):
 * - `hotline:region`: the region of every stack (default ap-east-1, see docs/architecture.md);
 * - `version`: the app version the functions report (default `dev`);
 * - `hotline:adminUrls`: the admin app's URLs, comma-separated: OAuth callback and sign-out URLs
 *   (default `http://localhost:3000/`); on AWS, the web stack's `WebUrl` output once it exists (the
 *   data stack cannot refer to it: the web stack comes after it), or its own domain;
 * - `hotline:authDomainPrefix`: creates the Cognito-hosted sign-in domain with this prefix; the web
 *   stack then writes the app's `/config.json` and the app signs in there (code flow with PKCE);
 * - `hotline:smsOriginationIdentity`: End User Messaging phone number, pool or sender id to send
 *   SMS from, preferably its ARN (scopes the IAM permission); unset, SMS only go to the outbox;
 * - `hotline:adminDist`: the built admin app the web stack deploys (default `admin/dist`: `pnpm build`);
 * - `hotline:webDomainNames` with `hotline:webCertificateArn`: the admin app's own domain names
 *   (comma-separated) and their ACM certificate in us-east-1 (TLS 1.2 or later for viewers);
 * - `hotline:webAclArn`: an existing WAF web ACL (scope CLOUDFRONT, us-east-1) for the distribution;
 *   unset, the app creates its own in the edge stack (`HotlineEdge`, us-east-1);
 * - `hotline:originSecretVersion`: the origin secret's VersionId CloudFront sends, set after rotating
 *   it by hand (docs/security.md); unset, its current version;
 * - `hotline:alarmEmail`: an email address subscribed to the alarm topic (`AlarmTopicArn`); AWS
 *   mails it a confirmation link once. Unset, subscribe by hand (docs/operations-runbook.md).
 */
import { App, type Environment, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import type { Construct } from 'constructs'
import { ApiStack } from './api-stack'
import { DataStack } from './data-stack'
import { EDGE_REGION, EdgeStack } from './edge-stack'
import { adminDist } from './paths'
import { WebStack } from './web-stack'

/** The app's stacks; `edge` only when the app creates its own web ACL (no `hotline:webAclArn`). */
export type HotlineApp = { app: App; data: DataStack; api: ApiStack; edge?: EdgeStack; web: WebStack }

/** A context value as a trimmed string; unset or blank is `undefined`. */
function contextString(scope: Construct, key: string): string | undefined {
  const value = scope.node.tryGetContext(key)
  if (value === undefined || value === null) return undefined
  const text = String(value).trim()
  return text === '' ? undefined : text
}

/** A list from context: a JSON array (cdk.json) or a comma-separated string (`-c`). */
function contextList(scope: Construct, key: string): string[] | undefined {
  const value = scope.node.tryGetContext(key)
  const items = Array.isArray(value) ? value.map(String) : (contextString(scope, key)?.split(',') ?? [])
  const list = items.map((item) => item.trim()).filter(Boolean)
  return list.length > 0 ? list : undefined
}

/**
 * The distribution's web ACL: the one the operator gives (`hotline:webAclArn`), or one of the app's
 * own in the edge stack, which must be in us-east-1 whatever the app's region.
 */
function webAclOf(app: App, env: Environment): { arn: string; edge?: EdgeStack } {
  const given = contextString(app, 'hotline:webAclArn')
  if (given) return { arn: given }
  const edge = new EdgeStack(app, 'HotlineEdge', {
    env: { ...env, region: EDGE_REGION },
    description: '12345 hotline: WAF web ACL of the CloudFront distribution (us-east-1)',
    crossRegionReferences: true,
  })
  return { arn: edge.webAclArn, edge }
}

export function buildApp(app: App = new App()): HotlineApp {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  const version = contextString(app, 'version') ?? 'dev'
  // The table's customer-managed key needs a concrete region: `hotline:region` in cdk.json or
  // `-c hotline:region=...`, never the CLI profile's, so a synth is the same everywhere. The default,
  // Hong Kong (ap-east-1), is the nearest region with every service used here: the China regions
  // have no Cognito user pools and no End User Messaging SMS (docs/architecture.md, "Region").
  const env = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: contextString(app, 'hotline:region') ?? 'ap-east-1',
  }
  const data = new DataStack(app, 'HotlineData', {
    env,
    description: '12345 hotline: table, key, users, secret, SMS channel (stateful)',
    auth: {
      adminUrls: contextList(app, 'hotline:adminUrls') ?? ['http://localhost:3000/'],
      domainPrefix: contextString(app, 'hotline:authDomainPrefix'),
    },
  })
  const api = new ApiStack(app, 'HotlineApi', {
    env,
    description: '12345 hotline: API, SMS and jobs functions, HTTP API, alarms and dashboard (stateless)',
    table: data.table,
    key: data.key,
    version,
    auth: { userPool: data.auth.userPool, client: data.auth.adminClient },
    secret: data.secret,
    originSecret: data.originSecret,
    sms: { topic: data.smsChannel.topic, deadLetterQueue: data.smsChannel.deadLetterQueue },
    smsOriginationIdentity: contextString(app, 'hotline:smsOriginationIdentity'),
    alarmEmail: contextString(app, 'hotline:alarmEmail'),
  })
  const domainNames = contextList(app, 'hotline:webDomainNames')
  const certificateArn = contextString(app, 'hotline:webCertificateArn')
  if (Boolean(domainNames) !== Boolean(certificateArn)) {
    throw new Error('hotline:webDomainNames and hotline:webCertificateArn go together: give both or neither')
  }
  const webAcl = webAclOf(app, env)
  const edge = webAcl.edge
  const web = new WebStack(app, 'HotlineWeb', {
    env,
    crossRegionReferences: edge !== undefined,
    description: '12345 hotline: admin app on S3 and CloudFront, the API at /api/ (stateless)',
    api: api.api,
    adminDist: contextString(app, 'hotline:adminDist') ?? adminDist,
    ...(domainNames && certificateArn ? { domain: { names: domainNames, certificateArn } } : {}),
    webAclArn: webAcl.arn,
    originSecret: data.originSecret,
    originSecretVersion: contextString(app, 'hotline:originSecretVersion'),
    // The app signs in with the hosted UI only if the user pool has one (`hotline:authDomainPrefix`).
    ...(data.auth.domain
      ? { cognito: { domain: data.auth.domain.baseUrl(), clientId: data.auth.adminClient.userPoolClientId } }
      : {}),
  })
  return { app, data, api, ...(edge ? { edge } : {}), web }
}
