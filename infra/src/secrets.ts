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
