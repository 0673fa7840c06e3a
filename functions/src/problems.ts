/**
 * Errors use cases throw for the one mapping in `errors.ts`: each knows its HTTP status and a
 * message that names what is wrong. (Store errors — `ConflictError`, `InvalidCursorError` — are
 * mapped there too.)
 */

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError'
  readonly status = 404
}

/** A lifecycle transition that may not happen: 409 with the reason in both languages and its code. */
export class TransitionError extends Error {
  override readonly name = 'TransitionError'
  readonly status = 409
  constructor(
    readonly reason: { zh: string; en: string },
    readonly code = 'conflict',
  ) {
    super(reason.en)
  }
}

export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError'
  readonly status = 429
  constructor(readonly retryAfterSeconds: number) {
    super(`too many requests: try again in ${retryAfterSeconds} s`)
  }
}

/**
 * A request that is well-formed but cannot be served as asked (400), naming the field; a rule's
 * refusal also carries its code (`not_zero_amount`…) and the reason in Chinese.
 */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError'
  readonly status = 400
  constructor(
    readonly field: string,
    message: string,
    readonly rule?: { code: string; zh: string },
  ) {
    super(`invalid ${field}: ${message}`)
  }
}

/**
 * An `Idempotency-Key` sent again with another request body (IETF draft
 * "The Idempotency-Key HTTP Header Field", §2.7): 422, never the first request's result.
 */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError'
  readonly status = 422
  constructor() {
    super('this Idempotency-Key was used for another request body: send a new key for a new request')
  }
}
