/**
 * The CDK side of the one bundler (`lambda-bundles.ts`): each function's code asset, the SDK layer
 * they all run with, and their source maps uploaded apart, from the folder the bundler wrote.
 *
 * The app builds the bundles once before it builds any stack (`infra/bin/app.ts`) and names their
 * folder in the context key `hotline:lambdaBundles`; `-c hotline:lambdaBundles=<folder>` deploys
 * bundles built earlier. Tests name a folder of placeholders instead (`infra/test/support.ts`).
 */
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { CfnOutput, Stack } from 'aws-cdk-lib'
import { Architecture, Code, type ILayerVersion, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda'
import { Asset } from 'aws-cdk-lib/aws-s3-assets'
import type { Construct } from 'constructs'
import { repoRoot } from '../paths'
import { LAMBDA_ENTRIES, type LambdaName } from './lambda-bundles'

/** The context key naming the folder `buildLambdaBundles` wrote. */
export const BUNDLES_CONTEXT = 'hotline:lambdaBundles'

export type LambdaAssets = {
  /** The code asset of the function whose handler module is `entry` (absolute path). */
  codeOf(entry: string): Code
  /** The pinned AWS SDK and Powertools (with the X-Ray SDK) every function imports at run time. */
  readonly sdkLayer: ILayerVersion
  /** Every function's source map, one zip in the assets bucket (`SourceMapsUrl`). */
  readonly sourceMaps: Asset
}

const byStack = new WeakMap<Stack, LambdaAssets>()

/** The bundles folder from the context, checked: one `index.mjs` per function. */
function bundlesFolder(scope: Construct): string {
  const dir = scope.node.tryGetContext(BUNDLES_CONTEXT) as string | undefined
  if (!dir) {
    throw new Error(
      `no Lambda bundles: run the app through infra/bin/app.ts (pnpm synth), or set -c ${BUNDLES_CONTEXT}=<folder>`,
    )
  }
  for (const name of Object.keys(LAMBDA_ENTRIES)) {
    if (!existsSync(join(dir, name, 'index.mjs')))
      throw new Error(`${BUNDLES_CONTEXT}: ${dir} has no ${name}/index.mjs`)
  }
  return dir
}

/** The bundle name of an entry module (`functions/src/handler.ts` → `api`). */
function bundleNameOf(entry: string): LambdaName {
  const path = relative(repoRoot, entry).split('\\').join('/')
  const found = Object.entries(LAMBDA_ENTRIES).find(([, file]) => file === path)
  if (!found) throw new Error(`${path} is not in LAMBDA_ENTRIES (infra/src/bundle/lambda-bundles.ts)`)
  return found[0] as LambdaName
}

/** The Lambda assets of `scope`'s stack: made once per stack, with its layer and source-map output. */
export function lambdaAssetsOf(scope: Construct): LambdaAssets {
  const stack = Stack.of(scope)
  const known = byStack.get(stack)
  if (known) return known
  const dir = bundlesFolder(stack)
  const sdkLayer = new LayerVersion(stack, 'SdkLayer', {
    code: Code.fromAsset(join(dir, 'layer')),
    compatibleRuntimes: [Runtime.NODEJS_24_X],
    compatibleArchitectures: [Architecture.ARM_64],
    // A layer's description holds 256 characters: the list is LAYER_PACKAGES.
    description: 'Pinned AWS SDK clients and Powertools for the hotline functions (LAYER_PACKAGES)',
  })
  const sourceMaps = new Asset(stack, 'SourceMaps', { path: join(dir, 'sourcemaps') })
  new CfnOutput(stack, 'SourceMapsUrl', {
    value: sourceMaps.s3ObjectUrl,
    description: "The functions' source maps (zip): docs/operations-runbook.md, reading a stack trace",
  })
  const assets: LambdaAssets = {
    codeOf: (entry) => Code.fromAsset(join(dir, bundleNameOf(entry))),
    sdkLayer,
    sourceMaps,
  }
  byStack.set(stack, assets)
  return assets
}
