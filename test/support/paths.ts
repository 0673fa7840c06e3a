/** Paths tests share: the repository root and the built admin app. */
import { join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '../..')
export const adminDist = join(repoRoot, 'admin', 'dist')
/** Screenshots and other artifacts a CI run keeps. */
export const artifactsDir = join(repoRoot, 'test-results')
