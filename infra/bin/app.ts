/** CDK entry (`cdk.json`): `pnpm synth`, `pnpm cdk deploy --all`. */
import { buildApp } from '../src/app'

buildApp()
