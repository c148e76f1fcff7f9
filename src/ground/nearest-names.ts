/**
 * The names closest to `wanted`, for a "did you mean": those containing it (or contained in
 * it) first, then those within a few edits, nearest first; at most `limit`.
 */
export function nearestNames(wanted: string, names: readonly string[], limit = 3): string[] {
  const target = wanted.toLowerCase();
  const scored = names.map((name) => {
    const lower = name.toLowerCase();
    const contains = lower.includes(target) || target.includes(lower);
    return { name, score: contains ? 0 : editDistance(target, lower) };
  });
  const allowed = Math.max(2, Math.floor(target.length / 3));
  return scored
    .filter((entry) => entry.score <= allowed)
    .sort((a, b) => a.score - b.score || a.name.length - b.name.length)
    .slice(0, limit)
    .map((entry) => entry.name);
}

/** Levenshtein distance: insertions, deletions and substitutions to turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
