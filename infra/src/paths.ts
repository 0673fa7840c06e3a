/** Paths the CDK app needs: the repository root (the bundler's), entry files, the built admin app. */
import { join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '../..')
export const functionEntry = (file: string) => join(repoRoot, 'functions', 'src', file)
/** The built admin app (`pnpm build`), deployed by the web stack. */
export const adminDist = join(repoRoot, 'admin', 'dist')
