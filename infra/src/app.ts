/** Builds the whole CDK app: the data stack, the API stack, and cdk-nag over both. */
import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { ApiStack } from './api-stack'
import { DataStack } from './data-stack'

export type HotlineApp = { app: App; data: DataStack; api: ApiStack }

export function buildApp(app: App = new App()): HotlineApp {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  const version = String(app.node.tryGetContext('version') ?? 'dev')
  // The table's customer-managed key needs a concrete region: `hotline:region` in cdk.json
  // (Ningxia, cn-northwest-1: a mainland hotline's citizen data stays in the mainland), or
  // `-c hotline:region=...`. Never the CLI profile's region, so a synth is the same everywhere.
  const env = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: String(app.node.tryGetContext('hotline:region') ?? 'cn-northwest-1'),
  }
  const data = new DataStack(app, 'HotlineData', {
    env,
    description: '12345 hotline: table and key (stateful)',
  })
  const api = new ApiStack(app, 'HotlineApi', {
    env,
    description: '12345 hotline: API function and HTTP API (stateless)',
    table: data.table,
    key: data.key,
    version,
  })
  return { app, data, api }
}
