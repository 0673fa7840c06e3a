/**
 * The one Secrets Manager secret the functions read (`AppSecrets` in `functions/src/config/secrets.ts`),
 * stateful: encrypted with the data key, retained. Secrets Manager generates the vault's master key
 * on creation, so no one ever sees it; the SMS callback token and WeChat settings start as `null`.
 *
 * The initial value is `{"smsToken":null,"wechat":null,"masterKey":"<64 letters and digits>"}`
 * (`generateStringKey` can only write a top-level key).
 *
 * Operators set `smsToken` and `wechat` later, keeping `masterKey` as it is:
 *   aws secretsmanager get-secret-value --secret-id $SECRET_ARN --query SecretString --output text \
 *     | jq --arg token "$(openssl rand -hex 24)" \
 *         '.smsToken = $token | .wechat = {token: "<3-32 letters/digits>", encodingAesKey: "<43 letters/digits>", appId: "wx…"}' \
 *     | aws secretsmanager put-secret-value --secret-id $SECRET_ARN --secret-string file:///dev/stdin
 * The functions cache the value for five minutes.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib'
import type { IKey } from 'aws-cdk-lib/aws-kms'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'

/**
 * What Secrets Manager generates once, at creation. Never change it: CloudFormation would generate
 * a new value, and every phone number sealed with the old master key would be unreadable.
 */
export const APP_SECRET_GENERATION = {
  secretStringTemplate: JSON.stringify({ smsToken: null, wechat: null }),
  generateStringKey: 'masterKey',
  passwordLength: 64,
  excludePunctuation: true,
} as const

export class AppSecret extends Secret {
  constructor(scope: Construct, id: string, props: { encryptionKey: IKey }) {
    super(scope, id, {
      description:
        '12345 hotline: vault master key (seals citizen phone numbers), SMS callback token, WeChat push settings',
      encryptionKey: props.encryptionKey,
      generateSecretString: { ...APP_SECRET_GENERATION },
      removalPolicy: RemovalPolicy.RETAIN,
    })
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'The master key seals the stored citizen phone numbers and derives their index keys; rotating it ' +
        'needs every record re-sealed (a future job), so rotation is manual and planned. The SMS token ' +
        'and WeChat settings are rotated by operators together with the providers.',
    })
  }
}

/** What Secrets Manager generates for the origin secret: letters and digits, nothing to escape in a header. */
export const ORIGIN_SECRET_GENERATION = { passwordLength: 48, excludePunctuation: true } as const

/**
 * The shared secret between CloudFront and the API: CloudFront sends it as the `X-Origin-Verify`
 * origin header on `/api/*` (`web.ts`), and the API refuses any request without it, so calls to the
 * execute-api default endpoint, which skip the WAF and its per-address limits, are refused; only
 * with it does the API trust the viewer address CloudFront forwards.
 *
 * Encrypted with Secrets Manager's AWS-managed key rather than the data key: the value is no
 * citizen data, CloudFront keeps it in its distribution config anyway, and CloudFormation resolves
 * it into that config at deploy time without a grant on the data key.
 *
 * Rotation is manual (docs/security.md): put a new value, then redeploy the web stack with
 * `-c hotline:originSecretVersion=<its VersionId>` so CloudFront sends it.
 */
export class OriginVerifySecret extends Secret {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      description:
        '12345 hotline: the X-Origin-Verify header CloudFront sends to the API (refuses bypass calls)',
      generateSecretString: { ...ORIGIN_SECRET_GENERATION },
    })
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'CloudFront sends this value as an origin header resolved at deploy time: a Secrets Manager rotation ' +
        'would change it without updating the distribution, and the API would refuse every request until ' +
        'the web stack is redeployed. Operators rotate it by hand: a new value, then a web stack deploy ' +
        'pinned to its version (hotline:originSecretVersion).',
    })
  }
}
