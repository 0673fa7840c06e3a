/**
 * Local mode's security headers: the set CloudFront adds in production, so the app and the citizen
 * page are tried under the policy they run under. The production twin is the `SecurityHeaders`
 * ResponseHeadersPolicy in `infra/src/web.ts` (`contentSecurityPolicy` there): change both together.
 * Two differences, on purpose: no Strict-Transport-Security (local mode is plain http, and HSTS on
 * `localhost` would stick to every other local project), and no Cognito hosts in `connect-src`
 * (local sign-in is the same-origin built-in issuer).
 */
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

const SELF = "'self'"

/**
 * Adds the production set to every response (API, admin app files, citizen page, errors): a CSP of
 * same-origin scripts, styles, fonts and API calls, `data:` images, never framed; and only that set.
 * hono's other defaults (COOP, CORP, Origin-Agent-Cluster, …) are off because CloudFront does not
 * send them, and local mode should not pass where production would fail.
 */
export function localSecurityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: [SELF],
      scriptSrc: [SELF],
      styleSrc: [SELF],
      imgSrc: [SELF, 'data:'],
      fontSrc: [SELF],
      connectSrc: [SELF],
      formAction: [SELF],
      frameAncestors: ["'none'"],
      baseUri: [SELF],
      objectSrc: ["'none'"],
    },
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    // The legacy XSS auditor is off in current browsers and harmful where it is not: `0`.
    xXssProtection: '0',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
  })
}
