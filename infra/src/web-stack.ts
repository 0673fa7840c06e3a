/**
 * The admin app's hosting: the site bucket, its CloudFront distribution (the app, the citizen page
 * and the API under `/api/*`, one origin) and the deployment of the built app (`web.ts`).
 *
 * Its own stack rather than part of the API stack: a distribution takes minutes to update, and the
 * app ships on its own cadence (every admin build changes the deployed files, not the functions);
 * an API deploy then never waits on CloudFront, and a site deploy never replaces a function. It only
 * refers to the API stack's HTTP API id, the data stack's origin secret (by ARN, resolved at deploy
 * time) and the edge stack's web ACL (by ARN, across regions). Nothing in it is state: the files are rebuilt from source,
 * the buckets are retained on delete.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2'
import type { Construct } from 'constructs'
import { AdminSite, type AdminSiteProps, type CognitoSignIn } from './web'

export type WebStackProps = StackProps & {
  api: IHttpApi
  /** The built admin app (`admin/dist`): a folder with `index.html`. */
  adminDist: string
  domain?: AdminSiteProps['domain']
  webAclArn: string
  originSecret: AdminSiteProps['originSecret']
  originSecretVersion?: string
  /** The hosted UI the app signs in with, written to its `/config.json`; none in local-style deploys. */
  cognito?: CognitoSignIn
}

export class WebStack extends Stack {
  readonly site: AdminSite

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props)
    this.site = new AdminSite(this, 'Site', {
      api: props.api,
      distPath: props.adminDist,
      domain: props.domain,
      webAclArn: props.webAclArn,
      originSecret: props.originSecret,
      originSecretVersion: props.originSecretVersion,
      cognito: props.cognito,
    })
    new CfnOutput(this, 'WebUrl', {
      value: this.site.url,
      description: 'The admin app; the API at /api/, the citizen page at /citizen/',
    })
    new CfnOutput(this, 'DistributionId', { value: this.site.distribution.distributionId })
  }
}
