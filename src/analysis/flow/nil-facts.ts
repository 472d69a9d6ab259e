// The nil-ness of one access path at one program point, and how facts from
// two paths of control join. The order (bottom to top):
//
//   nil      non-nil          nil on every path / on none
//     \         \
//      \       unknown        nothing known (a parameter, a call result)
//       \       /
//       maybe-nil             nil on some path, with the places that made it nil
//
// so nil ⊔ non-nil = maybe-nil, nil ⊔ unknown = maybe-nil (the nil path is
// still there, whatever the others do), non-nil ⊔ unknown = unknown.
import type { Span } from "../lower/ir.js";

export type NilKind = "nil" | "non-nil" | "maybe-nil" | "unknown";

/**
 * What made a path nil, for the message and the related locations of a
 * finding: `m = nil`, a declaration without a value (`zero`), a composite
 * literal without the field (`omitted`), the fields of `new(T)`, the arm of a
 * branch on `m == nil` (`branch`), or a call a summary says returns nil.
 */
export type NilOriginKind = "nil" | "zero" | "omitted" | "new" | "branch" | "call";

export interface NilOrigin {
  kind: NilOriginKind;
  /** The instruction's statement, or the branch condition. */
  span: Span;
  /** UTF-16 offset of the instruction in the file; -1 for a branch (a terminator has no offset). */
  at: number;
  /** Unique within one analysis; breaks ties between origins at one place. */
  id: number;
}

export interface NilFact {
  kind: NilKind;
  /** For nil and maybe-nil: where it became nil, in source order, at most MAX_ORIGINS. */
  origins: readonly NilOrigin[];
  /**
   * For maybe-nil: some path here leaves it unknown rather than known
   * non-nil (nil ⊔ unknown), so the other paths may well make it nil
   * nowhere, and "nil on some path" rests on what the analysis cannot see.
   */
  unsure?: boolean;
  /** For unknown: the value the function was entered with (a parameter, the receiver), untouched since. */
  entry?: boolean;
}

/** Enough origins to explain a finding; more would only make facts bigger and loops slower to settle. */
export const MAX_ORIGINS = 4;

export const NON_NIL: NilFact = { kind: "non-nil", origins: [] };
export const UNKNOWN: NilFact = { kind: "unknown", origins: [] };
/** What a path holds on entry when nothing is known of it: the caller's business, not something the function did. */
export const ENTRY_UNKNOWN: NilFact = { kind: "unknown", origins: [], entry: true };

export function nilFrom(origins: readonly NilOrigin[]): NilFact {
  return { kind: "nil", origins };
}

export function joinNil(a: NilFact, b: NilFact): NilFact {
  if (a === b) return a;
  if (a.kind === b.kind) {
    // Unknown on entry joined with unknown made by the function is the latter: something the function did may have made it.
    if (a.kind === "unknown") return a.entry && !b.entry ? b : a;
    if (a.kind === "non-nil") return a;
    const origins = mergeOrigins(a.origins, b.origins);
    const unsure = a.unsure === true || b.unsure === true;
    return origins === a.origins && unsure === (a.unsure === true) ? a : withUnsure({ kind: a.kind, origins }, unsure);
  }
  if (a.kind === "non-nil" && b.kind === "unknown") return b;
  if (b.kind === "non-nil" && a.kind === "unknown") return a;
  // Every other pair has a nil side: nil on some path only.
  const origins = mergeOrigins(a.origins, b.origins);
  const unsure = (a.kind === "unknown" && !a.entry) || (b.kind === "unknown" && !b.entry) || a.unsure === true || b.unsure === true;
  if (a.kind === "maybe-nil" && origins === a.origins && unsure === (a.unsure === true)) return a;
  return withUnsure({ kind: "maybe-nil", origins }, unsure);
}

function withUnsure(fact: NilFact, unsure: boolean): NilFact {
  return unsure ? { ...fact, unsure: true } : fact;
}

export function sameNil(a: NilFact, b: NilFact): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.origins.length !== b.origins.length || (a.unsure === true) !== (b.unsure === true) || (a.entry === true) !== (b.entry === true)) return false;
  for (let i = 0; i < a.origins.length; i++) if (a.origins[i] !== b.origins[i]) return false;
  return true;
}

/**
 * The union of two sorted origin lists, cut to the first MAX_ORIGINS in
 * source order. Cutting to the smallest keeps the join monotone, so loops
 * still settle. Returns `a` itself when nothing is added.
 */
function mergeOrigins(a: readonly NilOrigin[], b: readonly NilOrigin[]): readonly NilOrigin[] {
  if (b.length === 0 || a === b) return a;
  const out: NilOrigin[] = [];
  let i = 0;
  let j = 0;
  while (out.length < MAX_ORIGINS && (i < a.length || j < b.length)) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x === y)) {
      out.push(x);
      i++;
      if (x === y) j++;
    } else if (x === undefined || before(y, x)) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
    }
  }
  if (out.length === a.length && out.every((o, k) => o === a[k])) return a;
  return out;
}

function before(x: NilOrigin, y: NilOrigin): boolean {
  if (x.span.line !== y.span.line) return x.span.line < y.span.line;
  if (x.span.column !== y.span.column) return x.span.column < y.span.column;
  return x.id < y.id;
}
