/**
 * Sign-in for the admin app: the Cognito user pool (stateful: users, their passwords and MFA
 * devices), one group per API role, and the admin app's client. The API verifies the pool's
 * access tokens itself and maps `cognito:groups` to roles, so the group names are the role ids.
 *
 * Operators create users (no self sign-up), then put each in a group:
 *   aws cognito-idp admin-create-user --user-pool-id $POOL --username zhang.san \
 *     --temporary-password '<12+ chars>' --message-action SUPPRESS
 *   aws cognito-idp admin-add-user-to-group --user-pool-id $POOL --username zhang.san --group-name agency_reviewer
 * On first sign-in the user sets a password and registers an authenticator app (TOTP). Account
 * recovery is by an administrator only: `aws cognito-idp admin-set-user-password … --no-permanent`.
 *
 * Availability: CloudFormation's schemas in aws-cdk-lib 2.276 have no `AWS::Cognito::UserPool` in
 * cn-north-1 or cn-northwest-1 (`pnpm synth` warns, rule F3006): in those regions this stack does
 * not deploy until Cognito user pools arrive there or the API trusts another issuer.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib'
import {
  AccountRecovery,
  FeaturePlan,
  type IUserPool,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito'
import { Construct } from 'constructs'

/**
 * The API's roles (`Role` in `packages/domain/src/auth/roles.ts`): each is a group of the same
 * name. `infra` does not depend on `@hotline/domain`, so the list is repeated here; the infra
 * tests pin it.
 */
export const ROLE_GROUPS = {
  agency_reviewer:
    "Agency reviewers (甲方审核员): decide deductions, verify incidents, may reveal a citizen's number",
  agency_viewer: 'Agency viewers (甲方查看员): read only',
  contractor: 'Contractor staff (乙方人员): handle tickets, file objections, upload compliance records',
  integration: 'Integration clients (系统对接): the call-centre platform',
} as const

export type HotlineAuthProps = {
  /**
   * Where the admin app runs (context `hotline:adminUrls`): its sign-out URLs, and with
   * `/auth/callback` its OAuth callback URLs. Cognito accepts `http://` only for localhost.
   */
  adminUrls: readonly string[]
  /**
   * Prefix of the Cognito-hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`; unique
   * per region), context `hotline:authDomainPrefix`. Without it there is no hosted UI; SRP sign-in
   * from the app still works.
   */
  domainPrefix?: string
}

export class HotlineAuth extends Construct {
  readonly userPool: UserPool
  readonly adminClient: UserPoolClient
  readonly domain: UserPoolDomain | undefined

  constructor(scope: Construct, id: string, props: HotlineAuthProps) {
    super(scope, id)
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: 'hotline-users',
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // Staff accounts can reveal citizens' phone numbers and approve deductions: an authenticator
      // app (TOTP) is required. No SMS factor: it would need an SNS sender and a phone per user.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true, email: false },
      accountRecovery: AccountRecovery.NONE,
      // Plus plan: compromised-credential checks and adaptive authentication, enforced. A few
      // hundred staff users at most, so the per-user price is small.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })

    for (const [groupName, description] of Object.entries(ROLE_GROUPS)) {
      this.userPool.addGroup(`Group-${groupName}`, { groupName, description })
    }

    const urls = [...props.adminUrls]
    // The app's callback route (`admin/src/pages/AuthCallbackPage.tsx`) at each of its origins.
    const callbackUrls = urls.map((url) => new URL('/auth/callback', url).href)
    this.adminClient = this.userPool.addClient('AdminClient', {
      userPoolClientName: 'hotline-admin',
      // A browser app cannot keep a secret: a public client, SRP from the app's own form, or the
      // hosted UI's authorization code flow (the app sends a PKCE challenge; no implicit grant).
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.PROFILE],
        callbackUrls,
        logoutUrls: urls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // An hour per access token; a refresh token lasts a working day, then sign in again (with MFA).
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    })

    this.domain = props.domainPrefix
      ? this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } })
      : undefined
  }
}

/**
 * The issuer of the pool's tokens, as the API checks it (`AUTH_ISSUER`): built from the stack's
 * URL suffix, so the aws-cn partition gets `cognito-idp.<region>.amazonaws.com.cn`.
 */
export function cognitoIssuer(scope: Construct, userPool: IUserPool): string {
  const stack = Stack.of(scope)
  return `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${userPool.userPoolId}`
}
