/**
 * The edge stack, in us-east-1: the WAF web ACL of the CloudFront distribution (`web-acl.ts`).
 * CloudFront takes web ACLs of scope CLOUDFRONT only, and those exist only in us-east-1, whatever
 * region the rest of the app is in; the web stack refers to its ARN across regions (CDK's
 * `crossRegionReferences`: an SSM parameter in the web stack's region, written by this stack).
 *
 * Not created when the operator gives an existing ACL (`hotline:webAclArn`).
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { HotlineWebAcl } from './web-acl'

/** The one region CloudFront's web ACLs live in. */
export const EDGE_REGION = 'us-east-1'

export class EdgeStack extends Stack {
  readonly webAcl: HotlineWebAcl
  /** The web ACL's ARN, for the distribution (`webAclId`). */
  readonly webAclArn: string

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props)
    this.webAcl = new HotlineWebAcl(this, 'WebAcl')
    this.webAclArn = this.webAcl.webAcl.attrArn
    new CfnOutput(this, 'WebAclArn', {
      value: this.webAclArn,
      description: "The CloudFront distribution's WAF web ACL",
    })
  }
}
