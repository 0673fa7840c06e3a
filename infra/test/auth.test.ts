/** Cognito: the retained user pool, one group per API role, the admin app's client, and the API's issuer. */
import { Match, Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type HotlineApp } from '../src/app'
import { BUILD_TIMEOUT, buildTemplates, importOf, logicalId, newApp } from './support'

let built: HotlineApp
let data: Template
let api: Template

beforeAll(() => {
  ;({ built, data, api } = buildTemplates(newApp({})))
}, BUILD_TIMEOUT)

describe('user pool (stateful stack)', () => {
  it('is retained and deletion-protected', () => {
    data.resourceCountIs('AWS::Cognito::UserPool', 1)
    data.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    })
  })

  it('has no self sign-up and signs in by username only, case-insensitively', () => {
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameConfiguration: { CaseSensitive: false },
      UsernameAttributes: Match.absent(),
      AliasAttributes: Match.absent(),
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
    })
  })

  it('requires a strong password and an authenticator app (TOTP), with threat protection enforced', () => {
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
          PasswordHistorySize: 5,
        },
      },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    })
  })

  it('has exactly the four groups named as the API roles', () => {
    const pool = logicalId(built.data, built.data.auth.userPool)
    const groups = Object.values(data.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => group.Properties as { GroupName: string; UserPoolId: unknown },
    )
    expect(groups.map((group) => group.GroupName).sort()).toEqual([
      'agency_reviewer',
      'agency_viewer',
      'contractor',
      'integration',
    ])
    for (const group of groups) expect(group.UserPoolId).toEqual({ Ref: pool })
  })
})

describe('admin app client', () => {
  it('has no secret, SRP and the authorization code flow only, from the Cognito directory', () => {
    data.resourceCountIs('AWS::Cognito::UserPoolClient', 1)
    data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    })
  })

  it('issues one-hour access tokens and refresh tokens for a working day', () => {
    data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    })
  })

  it('calls back to the local admin app by default, and has no hosted domain unless asked', () => {
    data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['http://localhost:3000/auth/callback'],
      LogoutURLs: ['http://localhost:3000/'],
    })
    data.resourceCountIs('AWS::Cognito::UserPoolDomain', 0)
  })

  it('takes the admin URLs and the hosted-UI domain prefix from context', () => {
    // arrange
    const app = newApp({
      'hotline:adminUrls': 'https://admin.hotline.example.cn/, https://staging.hotline.example.cn/',
      'hotline:authDomainPrefix': 'jiyuan-12345',
    })
    // act
    const custom = Template.fromStack(buildApp(app).data)
    // assert
    const urls = ['https://admin.hotline.example.cn/', 'https://staging.hotline.example.cn/']
    custom.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      // The app's callback route at each URL; signing out comes back to the URL itself.
      CallbackURLs: urls.map((url) => `${url}auth/callback`),
      LogoutURLs: urls,
    })
    custom.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'jiyuan-12345' })
  })
})

describe('API function (stateless stack)', () => {
  it('gets AUTH_ISSUER built from the pool id and the partition URL suffix, and the client id', () => {
    const pool = logicalId(built.data, built.data.auth.userPool)
    const client = logicalId(built.data, built.data.auth.adminClient)
    api.hasResourceProperties('AWS::Lambda::Function', {
      Description: '12345 hotline HTTP API (Hono)',
      Environment: {
        Variables: Match.objectLike({
          AUTH_ISSUER: {
            'Fn::Join': [
              '',
              [
                'https://cognito-idp.ap-east-1.',
                { Ref: 'AWS::URLSuffix' },
                '/',
                importOf(data, { Ref: pool }),
              ],
            ],
          },
          AUTH_CLIENT_IDS: importOf(data, { Ref: client }),
        }),
      },
    })
  })

  it('exports the pool and client ids', () => {
    data.hasOutput('UserPoolId', {
      Value: { Ref: logicalId(built.data, built.data.auth.userPool) },
    })
    data.hasOutput('UserPoolClientId', {
      Value: { Ref: logicalId(built.data, built.data.auth.adminClient) },
    })
  })
})
