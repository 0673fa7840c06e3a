/**
 * The SDK's requests to the embedded engine handed to it in this process, without a socket.
 *
 * The AWS SDK still builds, serializes and parses every request as it does for DynamoDB; only the
 * transport differs: the serialized HTTP request goes straight to dynalite's own request listener,
 * and its response comes back as bytes. That saves the loopback TCP connection and two HTTP
 * parsers per request (about a fifth of a small request's cost, measured in docs/benchmarks.md),
 * which matters for work that sends thousands of small conditional writes (the import's tickets).
 * The engine still listens on loopback for other processes.
 */
import { EventEmitter } from 'node:events'

/** What dynalite's HTTP listener reads of a request and writes to a response. */
type Listener = (req: EventEmitter & IncomingLike, res: ResponseLike) => void
type IncomingLike = { method: string; url: string; headers: Record<string, string> }
type ResponseLike = {
  statusCode: number
  contentType?: string
  setHeader(name: string, value: unknown): void
  end(body?: string): void
}

/**
 * The engine checks that a request carries a SigV4 header, not what it says; requests handed over
 * in process are not signed (`createDynamoClient` gives them a signer that leaves them as they are).
 */
const UNSIGNED =
  'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0'

/** The subset of the SDK's `HttpRequest` this handler reads. */
type SdkRequest = {
  method: string
  path: string
  query?: Record<string, string | string[] | null>
  headers: Record<string, string>
  body?: unknown
}
type SdkResponse = { statusCode: number; headers: Record<string, string>; body: Uint8Array }

/**
 * An SDK `requestHandler` that calls `listener` (dynalite's `request` listener) directly.
 * Pass it as `requestHandler` of a `DynamoDBClient` whose endpoint is the engine's.
 */
export function inProcessHandler(listener: Listener) {
  return {
    handle(request: SdkRequest): Promise<{ response: SdkResponse }> {
      return new Promise((resolve, reject) => {
        const headers: Record<string, string> = {}
        for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value
        headers.authorization ??= UNSIGNED
        headers['x-amz-date'] ??= '20260101T000000Z'
        const req = Object.assign(new EventEmitter(), {
          method: request.method,
          url: request.path + queryString(request.query),
          headers,
        })
        const responseHeaders: Record<string, string> = {}
        const res: ResponseLike = {
          statusCode: 200,
          setHeader(name, value) {
            responseHeaders[name.toLowerCase()] = String(value)
          },
          end(body) {
            resolve({
              response: {
                statusCode: this.statusCode,
                headers: responseHeaders,
                body: Buffer.from(body ?? '', 'utf8'),
              },
            })
          },
        }
        try {
          listener(req, res)
          const body = bodyBytes(request.body)
          if (body.length > 0) req.emit('data', body)
          req.emit('end')
        } catch (err) {
          reject(err)
        }
      })
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {}
    },
    destroy() {},
  }
}

function bodyBytes(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0)
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  throw new TypeError('the embedded engine takes a string or bytes as a request body')
}

function queryString(query: SdkRequest['query']): string {
  const pairs = Object.entries(query ?? {}).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) =>
      v === null ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${encodeURIComponent(v)}`,
    ),
  )
  return pairs.length > 0 ? `?${pairs.join('&')}` : ''
}
