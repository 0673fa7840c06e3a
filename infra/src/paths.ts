/** Paths the CDK app needs: the repository root (esbuild's project root) and entry files. */
import { join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '../..')
export const lockFile = join(repoRoot, 'pnpm-lock.yaml')
export const functionEntry = (file: string) => join(repoRoot, 'functions', 'src', file)
