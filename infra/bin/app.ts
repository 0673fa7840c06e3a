/**
 * CDK entry (`cdk.json`): `pnpm synth`, `pnpm cdk deploy --all`. Builds every Lambda bundle and the
 * SDK layer once (`infra/src/bundle/lambda-bundles.ts`) into `infra/.bundles/`, then the stacks
 * from them; `-c hotline:lambdaBundles=<folder>` takes bundles built before instead.
 */
import { join } from 'node:path'
import { App } from 'aws-cdk-lib'
import { buildApp } from '../src/app'
import { BUNDLES_CONTEXT } from '../src/bundle/lambda-assets'
import { buildLambdaBundles } from '../src/bundle/lambda-bundles'
import { repoRoot } from '../src/paths'

const app = new App()
if (!app.node.tryGetContext(BUNDLES_CONTEXT)) {
  const bundles = await buildLambdaBundles(join(repoRoot, 'infra', '.bundles'))
  console.error(`Lambda bundles built in ${bundles.seconds.toFixed(1)} s: ${bundles.outDir}`)
  app.node.setContext(BUNDLES_CONTEXT, bundles.outDir)
}
buildApp(app)
