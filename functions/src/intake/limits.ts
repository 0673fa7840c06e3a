/**
 * The app's limits on public endpoints, per caller (docs/security.md). The gateway's route throttles
 * protect capacity; these keep one client from using it all, or from using the platform against a
 * citizen. Per-phone SMS caps are contract terms (`terms.intake.acknowledgementSmsPerPhone`).
 *
 * A caller is its address as `AppDeps.clientAddress` gives it — on AWS the viewer's address that
 * CloudFront forwards (trusted only with CloudFront's origin secret), locally the socket's — as
 * `callerKey` groups it: an IPv6 caller by its /64, the block one subscriber gets.
 */
import { isIPv4, isIPv6 } from 'node:net'
import type { RateLimit } from '@hotline/store'

export const PUBLIC_LIMITS = {
  /** Status lookups from one address: guessing phone numbers for a code is slow. */
  lookupPerAddress: { scope: 'lookup-ip', limit: 30, windowSeconds: 60 },
  /**
   * Lookups of one tracking code from one address: a stranger who knows a code cannot guess its
   * phone, and cannot lock its owner out either (the owner asks from another address).
   */
  lookupPerCodeAndAddress: { scope: 'lookup-code-ip', limit: 10, windowSeconds: 600 },
  /**
   * Forms (web and mini-program) from one address per hour: far above what a person files, and
   * enough for a service hall filing for citizens; a script gets 429 with Retry-After.
   */
  submissionsPerAddress: { scope: 'submit-ip', limit: 30, windowSeconds: 3600 },
} as const satisfies Record<string, RateLimit>

const BEIJING_OFFSET_SECONDS = 8 * 3600

/** The acknowledgement caps of the terms as rate limits: per hour, and per Beijing local day. */
export function acknowledgementLimits(caps: { perHour: number; perDay: number }): {
  hour: RateLimit
  day: RateLimit
} {
  return {
    hour: { scope: 'ack-sms-hour', limit: caps.perHour, windowSeconds: 3600 },
    day: {
      scope: 'ack-sms-day',
      limit: caps.perDay,
      windowSeconds: 86_400,
      offsetSeconds: BEIJING_OFFSET_SECONDS,
    },
  }
}

/**
 * The caller a limit counts: an IPv4 address as it is; an IPv6 address by its /64 prefix, since
 * one subscriber holds a whole /64 and could otherwise take a fresh address for every request;
 * an IPv4-mapped IPv6 address as its IPv4. Anything else (a test's name, `unknown`) as it is.
 *
 * @example callerKey('2001:db8:0:1:aaaa::1') // '2001:db8:0:1::/64'
 */
export function callerKey(address: string): string {
  const bare = address.replace(/%.*$/, '').toLowerCase()
  if (!isIPv6(bare)) return address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1]
  if (mapped && isIPv4(mapped)) return mapped
  const [head = '', tail] = bare.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`
}
