/**
 * The guard against touching a real table from tests or local tooling.
 *
 * Creating and dropping tables is the embedded engine's business only; on AWS the
 * table belongs to CDK. Anything that creates or drops a table calls this first.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

export class NonLocalEndpointError extends Error {
  override readonly name = 'NonLocalEndpointError'
  constructor(readonly endpoint: string | undefined) {
    super(
      `refusing to create or drop tables on ${endpoint ?? 'the default AWS endpoint'}: ` +
        'only a loopback endpoint (the embedded engine) is allowed',
    )
  }
}

/** True for an http(s) URL on a loopback host (127.0.0.0/8, localhost, ::1). */
export function isLocalEndpoint(endpoint: string | undefined): endpoint is string {
  if (!endpoint) return false
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return false
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  return LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname)
}

/** Throws `NonLocalEndpointError` unless `endpoint` is the embedded engine on loopback. */
export function assertLocalEndpoint(endpoint: string | undefined): asserts endpoint is string {
  if (!isLocalEndpoint(endpoint)) throw new NonLocalEndpointError(endpoint)
}
