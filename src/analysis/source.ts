// Deciding whether a file is Go source worth analysing, from its path and bytes.
// Shared by every loader (GitHub, command line, demo) so they skip the same
// files for the same, stated reasons.
import type { SkippedFile, SourceFile } from "./types.js";
import { DEFAULT_MAX_FILE_BYTES } from "./types.js";

/** Go's convention (go help generate): this line before the package clause marks generated code. */
const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/m;

export function isGoFile(path: string): boolean {
  return path.endsWith(".go");
}

export function isVendored(path: string): boolean {
  return path === "vendor" || path.startsWith("vendor/") || path.includes("/vendor/");
}

export function isGenerated(text: string): boolean {
  const packageAt = text.search(/^package\s/m);
  const head = packageAt < 0 ? text : text.slice(0, packageAt);
  return GENERATED.test(head);
}

/** Why a path is not analysed at all, or null when it should be. */
export function pathSkipReason(path: string): string | null {
  if (!isGoFile(path)) return "not a Go file";
  if (isVendored(path)) return "vendored code (vendor/)";
  return null;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Turns raw bytes into a SourceFile, or says why it cannot be analysed:
 * too large, binary, not valid UTF-8, generated.
 */
export function decodeSource(
  path: string,
  bytes: Uint8Array,
  maxFileBytes: number = DEFAULT_MAX_FILE_BYTES,
): { file: SourceFile } | { skipped: SkippedFile } {
  if (bytes.byteLength > maxFileBytes) {
    return { skipped: { path, reason: `file is ${formatBytes(bytes.byteLength)}, over the ${formatBytes(maxFileBytes)} size cap` } };
  }
  if (bytes.includes(0)) return { skipped: { path, reason: "binary content (NUL bytes)" } };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { skipped: { path, reason: "not valid UTF-8" } };
  }
  if (isGenerated(text)) return { skipped: { path, reason: "generated file (// Code generated ... DO NOT EDIT.)" } };
  return { file: { path, text } };
}

export function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n % 1_000_000 === 0 ? 0 : 1)} MB`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(n % 1_000 === 0 ? 0 : 1)} kB`;
  return `${n} bytes`;
}

/** The `go` directive of a go.mod file (e.g. "1.21"), which decides what a fix may use (maps.Clone needs 1.21). */
export function goDirective(goMod: string): string | undefined {
  return /^go\s+(\d+\.\d+(?:\.\d+)?)\s*(?:\/\/.*)?$/m.exec(goMod)?.[1];
}

/** The go.mod governing `dir` among `goMods` (paths of go.mod files): the one in the nearest enclosing directory. */
export function nearestGoMod(dir: string, goMods: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const path of goMods) {
    const modDir = path === "go.mod" ? "" : path.slice(0, -"/go.mod".length);
    const encloses = modDir === "" || dir === modDir || dir.startsWith(`${modDir}/`);
    if (encloses && (best === undefined || path.length > best.length)) best = path;
  }
  return best;
}
