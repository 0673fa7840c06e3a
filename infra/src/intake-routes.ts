/**
 * The public intake routes, each with its own throttle: web and mini-program submissions, the
 * status lookup, and the SMS and WeChat webhooks. API Gateway applies a route's settings only to
 * a route that exists, so each gets an explicit route (same Lambda integration) beside the
 * catch-all; the API still authorizes every route itself (all of these are public by design).
 *
 * These throttles protect capacity, not fairness: API Gateway counts every caller together, so a
 * tight one would let a single client use it all and lock every citizen out. Fairness is per
 * client: the WAF web ACL limits each address at the edge (`web-acl.ts`), and the app limits each
 * caller (`functions/src/intake/limits.ts`), keyed on the viewer's real address. The values here
 * only keep a flood that gets past both from exhausting Lambda concurrency and the table.
 */
import { Validations } from 'aws-cdk-lib'
import {
  type CfnStage,
  type HttpApi,
  HttpMethod,
  type HttpRoute,
  type HttpStage,
} from 'aws-cdk-lib/aws-apigatewayv2'
import type { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'

export type ThrottledRoute = {
  method: HttpMethod
  path: string
  /** Steady-state requests per second on this route, across all callers: a capacity ceiling. */
  rateLimit: number
  burstLimit: number
}

/** Forms: a city files a few a minute at its busiest; the ceiling is the stage's default, pinned here. */
const submission = { rateLimit: 50, burstLimit: 100 }
/** Status lookups: a read and the app's counter writes each; the stage's default, pinned here. */
const lookup = { rateLimit: 50, burstLimit: 100 }
/**
 * Webhooks: the providers' servers carry every citizen's SMS reply and WeChat message, in bursts
 * after a bulk send; above the stage's default, and never limited per address (a few senders).
 */
const webhook = { rateLimit: 100, burstLimit: 200 }

export const THROTTLED_ROUTES: readonly ThrottledRoute[] = [
  { method: HttpMethod.POST, path: '/api/v1/submissions/web', ...submission },
  { method: HttpMethod.POST, path: '/api/v1/submissions/miniprogram', ...submission },
  // The app also limits lookups per caller and per code (docs/intake.md), WAF per address.
  { method: HttpMethod.GET, path: '/api/v1/submissions/{trackingCode}', ...lookup },
  { method: HttpMethod.POST, path: '/api/v1/webhooks/sms/tencent', ...webhook },
  { method: HttpMethod.POST, path: '/api/v1/webhooks/sms/aliyun', ...webhook },
  // WeChat verifies the URL with GET and pushes with POST.
  { method: HttpMethod.ANY, path: '/api/v1/webhooks/wechat', ...webhook },
]

export const routeKey = (route: Pick<ThrottledRoute, 'method' | 'path'>) => `${route.method} ${route.path}`

/** The acknowledgement every route of this API carries: authorization is the app's. */
export function acknowledgeAppAuthorization(route: HttpRoute): void {
  Validations.of(route).acknowledge({
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason:
      'The app authorizes each route itself (JWT from the configured issuer, role per route); ' +
      'health and citizen intake (submissions, status lookup, SMS and WeChat webhooks) are public by design.',
  })
}

/**
 * Adds each of `routes` to `api` with `integration`, and its throttle to `stage`'s route settings.
 * The stage depends on the routes: CloudFormation rejects settings for a route not yet created.
 */
export function addThrottledRoutes(
  api: HttpApi,
  stage: HttpStage,
  integration: HttpLambdaIntegration,
  routes: readonly ThrottledRoute[] = THROTTLED_ROUTES,
): HttpRoute[] {
  const cfnStage = stage.node.defaultChild as CfnStage
  const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {}
  const created = routes.flatMap((route) => {
    const added = api.addRoutes({ path: route.path, methods: [route.method], integration })
    for (const r of added) {
      acknowledgeAppAuthorization(r)
      cfnStage.node.addDependency(r)
    }
    settings[routeKey(route)] = {
      ThrottlingRateLimit: route.rateLimit,
      ThrottlingBurstLimit: route.burstLimit,
    }
    return added
  })
  cfnStage.routeSettings = settings
  return created
}
