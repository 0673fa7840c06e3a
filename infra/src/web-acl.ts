/**
 * The WAF web ACL in front of the CloudFront distribution (scope CLOUDFRONT, so it lives in
 * us-east-1: `edge-stack.ts`). It keeps floods and known-bad traffic off the API before they cost a
 * Lambda invocation or a DynamoDB write; fairness between callers is its per-address rate rules plus
 * the app's own per-caller limits (`functions/src/intake/limits.ts`), while the API's route
 * throttles only protect capacity (`intake-routes.ts`).
 *
 * Rules, in order (the first that blocks wins):
 * 1. Amazon IP reputation list: addresses AWS threat intelligence knows for bots and attacks.
 * 2. Public forms and lookups per address (`/api/v1/submissions…`): 429 above {@link FORMS_PER_ADDRESS}.
 * 3. The API per address, webhooks aside: 429 above {@link API_PER_ADDRESS}.
 * 4. Known bad inputs (Log4Shell, Java deserialization, exploitable paths …), everywhere.
 * 5. The core rule set (OWASP-style XSS, LFI, RFI, SSRF probes, bad bots), webhooks aside, with its
 *    8 KB body limit counted rather than enforced: the API takes 256 KB bodies (a 4,000-character
 *    Chinese complaint is 12 KB) and 4.5 MB on `POST /api/v1/import`, and enforces both itself.
 *
 * The webhooks (`/api/v1/webhooks/…`) are the SMS providers' and WeChat's servers: a handful of
 * addresses carrying every citizen's message, machine-formatted (WeChat pushes XML), not browsers.
 * A per-address limit or a core-rule false positive there would lose citizens' messages, and the
 * app refuses any webhook call without the provider's token or signature; the route throttle caps them.
 */
import { Stack } from 'aws-cdk-lib'
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2'
import { Construct } from 'constructs'

/**
 * Requests per address per 5 minutes to the citizen forms and the status lookup. The app allows
 * 30 lookups a minute (150 in 5 minutes) and 30 forms an hour per caller, answering above that with
 * its own 429 and a Chinese message; this is twice that, so a person (or a service hall filing for
 * citizens) only ever meets the app's limit, while a script is stopped at the edge above one request
 * a second on average, before each request costs an invocation and a counter write.
 */
export const FORMS_PER_ADDRESS = 300

/**
 * Requests per address per 5 minutes to the whole API but the webhooks: 10 a second sustained.
 * Reviewers in one office often share one NAT address, and each makes a request every few seconds
 * at most (the admin app does not poll), so a hundred of them stay below it; one address flooding
 * the API is held to a fifth of the stage's 50 requests a second. A flood from many addresses is
 * the IP reputation list's and the stage throttle's to meet, not this rule's.
 */
export const API_PER_ADDRESS = 3000

/** How far back WAF counts for the rate rules: 5 minutes (WAF's default and its most common window). */
export const RATE_WINDOW_SECONDS = 300

/** The core rule set's rules counted instead of blocking (see the module comment). */
export const CORE_RULES_COUNTED = ['SizeRestrictions_BODY'] as const

const RATE_LIMITED_BODY = 'RateLimited'

/** The body of WAF's 429: the API's own error shape, so the app and the citizen page show their message. */
export const RATE_LIMITED_RESPONSE = JSON.stringify({
  error: {
    code: 'rate_limited',
    message: 'Too many requests from this address: try again in a few minutes.',
    messageZh: '操作太频繁，请稍后再试。',
  },
})

type Statement = CfnWebACL.StatementProperty

/** Metrics and sampled requests in the WAF console, under `name`. */
const visibility = (name: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName: name,
})

/**
 * The request's path starts with `prefix`, once percent-decoded and normalized (`//`, `/./`, `/../`),
 * so an encoded or padded path cannot slip past a scope.
 */
function pathStartsWith(prefix: string): Statement {
  return {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString: prefix,
      textTransformations: [
        { priority: 0, type: 'URL_DECODE' },
        { priority: 1, type: 'NORMALIZE_PATH' },
      ],
    },
  }
}

const notWebhooks: Statement = { notStatement: { statement: pathStartsWith('/api/v1/webhooks/') } }

/** Blocks an address above `limit` requests in the window among those matching `scope`, with a 429. */
function perAddressRule(
  name: string,
  priority: number,
  limit: number,
  scope: Statement,
): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    statement: {
      rateBasedStatement: {
        aggregateKeyType: 'IP',
        limit,
        evaluationWindowSec: RATE_WINDOW_SECONDS,
        scopeDownStatement: scope,
      },
    },
    action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: RATE_LIMITED_BODY } } },
    visibilityConfig: visibility(name),
  }
}

/** An AWS managed rule group, its own actions kept but for `counted` rules, only where `scope` matches. */
function managedRule(
  name: string,
  priority: number,
  options: { counted?: readonly string[]; scope?: Statement } = {},
): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(options.counted
          ? {
              ruleActionOverrides: options.counted.map((rule) => ({
                name: rule,
                actionToUse: { count: {} },
              })),
            }
          : {}),
        ...(options.scope ? { scopeDownStatement: options.scope } : {}),
      },
    },
    overrideAction: { none: {} },
    visibilityConfig: visibility(name),
  }
}

/** The hotline's web ACL for CloudFront: must be created in a us-east-1 stack. */
export class HotlineWebAcl extends Construct {
  readonly webAcl: CfnWebACL

  constructor(scope: Construct, id: string) {
    super(scope, id)
    const region = Stack.of(this).region
    if (region !== 'us-east-1') {
      throw new Error(
        `A web ACL for CloudFront (scope CLOUDFRONT) must be created in us-east-1, not ${region}`,
      )
    }
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      description: '12345 hotline: per-address rate limits and AWS managed rules in front of CloudFront',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      customResponseBodies: {
        [RATE_LIMITED_BODY]: { contentType: 'APPLICATION_JSON', content: RATE_LIMITED_RESPONSE },
      },
      rules: [
        managedRule('AWSManagedRulesAmazonIpReputationList', 0),
        perAddressRule('FormsPerAddress', 1, FORMS_PER_ADDRESS, pathStartsWith('/api/v1/submissions')),
        perAddressRule('ApiPerAddress', 2, API_PER_ADDRESS, {
          andStatement: { statements: [pathStartsWith('/api/'), notWebhooks] },
        }),
        managedRule('AWSManagedRulesKnownBadInputsRuleSet', 3),
        managedRule('AWSManagedRulesCommonRuleSet', 4, { counted: CORE_RULES_COUNTED, scope: notWebhooks }),
      ],
      visibilityConfig: visibility('hotline-cloudfront'),
    })
  }
}
