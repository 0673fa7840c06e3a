/**
 * The public intake routes, each with its own throttle: web and mini-program submissions, the
 * status lookup, and the SMS and WeChat webhooks. API Gateway applies a route's settings only to
 * a route that exists, so each gets an explicit route (same Lambda integration) beside the
 * catch-all; the API still authorizes every route itself (all of these are public by design).
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
  /** Steady-state requests per second on this route, across all callers. */
  rateLimit: number
  burstLimit: number
}

const submission = { rateLimit: 10, burstLimit: 20 }
const lookup = { rateLimit: 5, burstLimit: 10 }
const webhook = { rateLimit: 20, burstLimit: 40 }

export const THROTTLED_ROUTES: readonly ThrottledRoute[] = [
  { method: HttpMethod.POST, path: '/api/v1/submissions/web', ...submission },
  { method: HttpMethod.POST, path: '/api/v1/submissions/miniprogram', ...submission },
  // The app also limits lookups per caller and per code (docs/intake.md); this caps the total.
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
