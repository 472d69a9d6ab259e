// What a value says about the nil-ness of the path it is assigned to, and of
// the paths below it: `s = T{m: make(...)}` makes `s.m` non-nil and leaves an
// omitted field `s.n` nil. The answer is a fact, or the path the fact is
// copied from (`m2 = m`, `s2 = s` for `s2.m`, `p = &s` for `p.m`).
import type { Path, Selector, TypeRef, Value } from "../lower/ir.js";
import { MAX_PATH_DEPTH } from "../lower/ir.js";
import { extendPath } from "./path-key.js";
import { NON_NIL, type NilFact, type NilOrigin, type NilOriginKind, nilFrom, UNKNOWN } from "./nil-facts.js";

/** Either the fact itself or the path whose fact it copies. */
export type NilSource = NilFact | Path;

export function isPath(source: NilSource): source is Path {
  return "root" in source;
}

/** The origin an instruction gives, made once per kind so equal origins are one object. */
export type OriginOf = (kind: NilOriginKind) => NilOrigin;

/** The nil-ness of `target` + `suffix` after `target = value`. */
export function valueAt(value: Value, suffix: readonly Selector[], origin: OriginOf): NilSource {
  const first = suffix[0];
  switch (value.kind) {
    case "path":
      return copyOf(value.path, suffix);
    case "addr":
      // `p = &x`: p itself is a pointer, `*p` and `p.f` are x and x.f.
      if (!first) return NON_NIL;
      if (first.kind === "index") return UNKNOWN;
      return copyOf(value.path, first.kind === "deref" ? suffix.slice(1) : suffix);
    case "nil":
      return first ? UNKNOWN : nilFrom([origin("nil")]);
    case "make":
    case "closure":
    case "func":
      return first ? UNKNOWN : NON_NIL;
    case "new":
      // `p = new(T)`: *p is T's zero value, and so are the fields of a struct T.
      if (!first) return NON_NIL;
      return zeroBelow(value.type, first.kind === "deref" ? suffix.slice(1) : suffix, origin("new"));
    case "zero":
      return zeroBelow(value.type, suffix, origin("zero"));
    case "literal":
      return literalAt(value, suffix, origin);
    case "convert":
      return valueAt(value.value, suffix, origin);
    default:
      // Assertions, map elements (nil when the key is missing), range values, constants: unknown here.
      return UNKNOWN;
  }
}

function copyOf(path: Path, suffix: readonly Selector[]): NilSource {
  if (path.truncated || path.selectors.length + suffix.length > MAX_PATH_DEPTH) return UNKNOWN;
  return extendPath(path, suffix);
}

/**
 * The zero value of `type` at `suffix` below it: nil itself, its direct
 * fields when it is a struct (by name, so possibly a struct), the elements
 * of a zero array. Deeper paths may go through a nil pointer: unknown.
 */
function zeroBelow(type: TypeRef, suffix: readonly Selector[], origin: NilOrigin): NilFact {
  if (suffix.length === 0) return nilFrom([origin]);
  if (suffix.length > 1) return inlineUpToLast(suffix) && (type.kind === "named" || type.kind === "struct") ? nilFrom([origin]) : UNKNOWN;
  const only = suffix[0];
  if (only.kind === "field" && (type.kind === "named" || type.kind === "struct")) return nilFrom([origin]);
  if (only.kind === "index" && type.kind === "array") return nilFrom([origin]);
  return UNKNOWN;
}

function literalAt(value: Extract<Value, { kind: "literal" }>, suffix: readonly Selector[], origin: OriginOf): NilSource {
  let rest = suffix;
  if (value.pointer && rest[0]?.kind === "deref") rest = rest.slice(1);
  const first = rest[0];
  if (!first) return NON_NIL;
  if (first.kind !== "field") return UNKNOWN;
  const field = value.fields.find((f) => f.name === first.name);
  if (field) return valueAt(field.value, rest.slice(1), origin);
  // A keyed struct literal leaves the fields it does not name at their zero value.
  const type = value.type;
  const isCollection = type !== null && (type.kind === "map" || type.kind === "slice" || type.kind === "array");
  if (value.elements.length > 0 || isCollection || (rest.length > 1 && !inlineUpToLast(rest))) return UNKNOWN;
  return nilFrom([origin("omitted")]);
}

/**
 * Every selector but the last is a field embedded by value (canonical paths
 * mark them): the zero value around it holds the embedded struct's zero
 * value, so `.Inner.m` of a zero value is nil as `.m` would be.
 */
function inlineUpToLast(suffix: readonly Selector[]): boolean {
  for (let i = 0; i < suffix.length - 1; i++) {
    const s = suffix[i];
    if (s.kind !== "field" || s.inline !== true) return false;
  }
  return suffix[suffix.length - 1].kind === "field";
}
