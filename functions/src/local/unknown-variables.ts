/**
 * Warnings for `HOTLINE_*` variables local mode does not read: a guess such as `HOTLINE_DATA_DIR`
 * (the variable is `DATA_DIR`) would otherwise be ignored without a word.
 */

/** Read by `pnpm hotline` (functions/src/cli/main.ts), not by `pnpm dev`: often set in the same shell. */
const CLI_VARIABLES = ['HOTLINE_URL', 'HOTLINE_API_KEY', 'HOTLINE_USER', 'HOTLINE_PASSWORD']

/**
 * One line per `HOTLINE_*` variable in `env` that is neither in `known` (local mode's variables)
 * nor the CLI's, with the likeliest meant variable when there is one.
 *
 * @example unknownVariableWarnings({ HOTLINE_DATA_DIR: 'x' }, ['DATA_DIR'])
 * // ['HOTLINE_DATA_DIR: unknown variable; did you mean DATA_DIR?']
 */
export function unknownVariableWarnings(
  env: Record<string, string | undefined>,
  known: readonly string[],
): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('HOTLINE_') && !known.includes(name) && !CLI_VARIABLES.includes(name))
    .sort()
    .map((name) => {
      const meant = likelyMeant(name, known)
      return `${name}: unknown variable${meant ? `; did you mean ${meant}?` : ''}`
    })
}

/** The known name `name` is a prefixed guess or a near misspelling of (at most 3 edits), if any. */
function likelyMeant(name: string, known: readonly string[]): string | undefined {
  const unprefixed = name.slice('HOTLINE_'.length)
  if (known.includes(unprefixed)) return unprefixed
  let best: { name: string; distance: number } | undefined
  for (const candidate of known) {
    const distance = editDistance(name, candidate)
    if (distance <= 3 && (!best || distance < best.distance)) best = { name: candidate, distance }
  }
  return best?.name
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}
