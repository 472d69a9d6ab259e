// Canonical strings for access paths, so analyses compare and index paths as
// strings, computed once per instruction. The key of a path is its root's
// key followed by one piece per selector, so the key of `p` extended by some
// selectors is `pathKey(p)` followed by theirs:
//   var 3 .m []   -> v3.m[]
//   package cache -> g:cache
//   http.DefaultServeMux (pkg "net/http") -> x:"net/http".DefaultServeMux
//   (*p).f        -> v1*.f
// A path cut at MAX_PATH_DEPTH keeps its key with a trailing `…`: it stands
// for some longer path, so an analysis must not track a fact for it.
import type { Path, PathRoot, Selector } from "../lower/ir.js";

export function rootKey(root: PathRoot): string {
  switch (root.kind) {
    case "var":
      return `v${root.var}`;
    case "package":
      return `g:${root.name}`;
    case "external":
      // The import path is quoted: it may hold dots, which would make `a.b` + `.c` and `a` + `.b.c` collide.
      return `x:${JSON.stringify(root.pkg)}.${root.name}`;
  }
}

export function selectorKey(s: Selector): string {
  return s.kind === "field" ? `.${s.name}` : s.kind === "index" ? "[]" : "*";
}

export function pathKey(path: Path): string {
  let key = rootKey(path.root);
  for (const s of path.selectors) key += selectorKey(s);
  return path.truncated ? `${key}…` : key;
}

/** Whether the path with key `key` is the one of `prefix` extended by at least one selector. */
export function extendsKey(key: string, prefix: string): boolean {
  if (key.length <= prefix.length || !key.startsWith(prefix)) return false;
  const next = key.charCodeAt(prefix.length);
  return next === DOT || next === BRACKET || next === STAR || next === ELLIPSIS;
}

/** `key` is `prefix` itself or extends it. */
export function coversKey(key: string, prefix: string): boolean {
  return key === prefix || extendsKey(key, prefix);
}

/** The key of a truncated path's known part: what an assignment to it may change. */
export function untruncatedKey(path: Path): string {
  const key = pathKey(path);
  return path.truncated ? key.slice(0, -1) : key;
}

/** `path` followed by `more`. */
export function extendPath(path: Path, more: readonly Selector[]): Path {
  return more.length === 0 ? path : { root: path.root, selectors: [...path.selectors, ...more] };
}

const DOT = ".".charCodeAt(0);
const BRACKET = "[".charCodeAt(0);
const STAR = "*".charCodeAt(0);
const ELLIPSIS = "…".charCodeAt(0);
