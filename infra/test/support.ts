/** Test helpers: a CDK app in its own output folder, and the cross-stack reference a consumer sees. */

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { App, type CfnElement, type Stack, Validations } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import type { IConstruct } from 'constructs'
import { buildApp, type HotlineApp } from '../src/app'
import { BUNDLES_CONTEXT } from '../src/bundle/lambda-assets'
import { buildLambdaBundles, LAMBDA_ENTRIES, type LambdaBundles } from '../src/bundle/lambda-bundles'
import { repoRoot } from '../src/paths'

/** The context `cdk synth` and `cdk deploy` use (feature flags, region): tests build the same app. */
const cdkJsonContext = (JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context: object })
  .context

/**
 * A stand-in for the built admin app (`admin/dist`): an index.html, one hashed asset and the citizen
 * page, in a temporary folder. Tests deploy it, so they need no `pnpm build`.
 */
export function fakeAdminDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-admin-dist-'))
  mkdirSync(join(dir, 'assets'))
  mkdirSync(join(dir, 'citizen'))
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><script type="module" src="/assets/index-test.js"></script><div id="root"></div>',
  )
  writeFileSync(join(dir, 'assets', 'index-test.js'), 'export {}\n')
  writeFileSync(join(dir, 'citizen', 'index.html'), '<!doctype html><title>citizen</title>')
  return dir
}

/**
 * A stand-in for the bundler's output (`buildLambdaBundles`): an `index.mjs` per function, an empty
 * layer and no source map, in a temporary folder. Template assertions need no esbuild run.
 */
export function placeholderBundles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bundles-'))
  for (const name of Object.keys(LAMBDA_ENTRIES)) {
    mkdirSync(join(dir, name))
    writeFileSync(join(dir, name, 'index.mjs'), 'export const handler = async () => ({})\n')
  }
  mkdirSync(join(dir, 'layer', 'nodejs', 'node_modules'), { recursive: true })
  writeFileSync(join(dir, 'layer', 'nodejs', 'node_modules', '.placeholder'), '')
  mkdirSync(join(dir, 'sourcemaps'))
  writeFileSync(join(dir, 'sourcemaps', '.placeholder'), '')
  return dir
}

let sharedAdminDist: string | undefined
let sharedPlaceholders: string | undefined
let realBundles: Promise<LambdaBundles> | undefined

/** The real bundles (esbuild, a few seconds), built once per test file into a temporary folder. */
export function builtBundles(): Promise<LambdaBundles> {
  realBundles ??= buildLambdaBundles(mkdtempSync(join(tmpdir(), 'hotline-bundles-real-')))
  return realBundles
}

/**
 * A fresh app with cdk.json's context and `context`. The functions get placeholder bundles
 * (`placeholderBundles`: enough for template assertions, and much faster) unless `bundles` names
 * a folder `buildLambdaBundles` wrote (`await builtBundles()`). CloudFormation's built-in schema
 * check is off: it only warns (`pnpm synth` shows it) and takes seconds; cdk-nag runs. The web
 * stack deploys a stand-in admin app (`fakeAdminDist`) unless `hotline:adminDist` is given.
 */
export function newApp(context: Record<string, unknown> = {}, { bundles }: { bundles?: string } = {}): App {
  sharedAdminDist ??= fakeAdminDist()
  sharedPlaceholders ??= placeholderBundles()
  return new App({
    outdir: mkdtempSync(join(tmpdir(), 'hotline-cdk-')),
    context: {
      ...cdkJsonContext,
      'hotline:adminDist': sharedAdminDist,
      [BUNDLES_CONTEXT]: bundles ?? sharedPlaceholders,
      ...context,
    },
    builtinCloudFormationValidation: false,
  })
}

/** Synthesis can take a while on a busy machine: the timeout for a `beforeAll` that builds an app. */
export const BUILD_TIMEOUT = 60_000

/** `app` built into the hotline's stacks, with the templates of its data and API stacks. */
export function buildTemplates(app: App): { built: HotlineApp; data: Template; api: Template } {
  const built = buildApp(app)
  return { built, data: Template.fromStack(built.data), api: Template.fromStack(built.api) }
}

/** The logical id of `construct`'s CloudFormation resource in its stack. */
export function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement)
}

/** `{ 'Fn::ImportValue': … }` of the producer's export whose value is `value`, as the consumer stack refers to it. */
export function importOf(producer: Template, value: unknown): { 'Fn::ImportValue': string } {
  const outputs = (producer.toJSON().Outputs ?? {}) as Record<
    string,
    { Value: unknown; Export?: { Name: string } }
  >
  const found = Object.values(outputs).find((o) => o.Export && isDeepStrictEqual(o.Value, value))
  if (!found?.Export) throw new Error(`no export of ${JSON.stringify(value)}`)
  return { 'Fn::ImportValue': found.Export.Name }
}

export type RecordedAcknowledgement = { path: string; id: string; reason: string }

/** Every `Validations.acknowledge` recorded under `root`: where, which rule, and the reason given. */
export function acknowledgementsUnder(root: IConstruct): RecordedAcknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  )
}

/** The IAM statements of every `AWS::IAM::Policy` attached to the role with `roleLogicalId`. */
export function statementsOfRole(template: Template, roleLogicalId: string): Record<string, unknown>[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<
    string,
    { Properties: { Roles: unknown[]; PolicyDocument: { Statement: Record<string, unknown>[] } } }
  >
  return Object.values(policies)
    .filter((policy) =>
      policy.Properties.Roles.some((role) => isDeepStrictEqual(role, { Ref: roleLogicalId })),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
}

/** A statement's actions as a list. */
export const actionsOf = (statement: Record<string, unknown>): string[] =>
  ([] as string[]).concat(statement.Action as string | string[])
