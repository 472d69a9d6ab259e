// The cheap look before the walk: most function bodies never mention a map,
// and skipping them is what keeps a whole-repository scan near parse speed.
// Later rules add their own words (`go`, `Lock`, ...).

/** Words whose presence makes a function worth walking, whatever the package. */
export const ALWAYS_RELEVANT = ["map"] as const;

/**
 * A test for "this source text may matter": it mentions `map` or one of the
 * package's map names (named map types, package-level map variables).
 * Identifier boundaries are Unicode-aware, since Go identifiers may be.
 */
export function relevanceTest(names: Iterable<string>): (text: string) => boolean {
  const words = new Set<string>(ALWAYS_RELEVANT);
  for (const n of names) words.add(n);
  const alternatives = [...words].map(escapeRegExp).join("|");
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, "u");
  return (text) => pattern.test(text);
}

/** Whether `text` mentions the identifier `name` (not as part of a longer identifier). */
export function mentions(text: string, name: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(name)}(?![\\p{L}\\p{N}_])`, "u").test(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
