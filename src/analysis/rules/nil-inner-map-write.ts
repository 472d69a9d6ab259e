// nil-inner-map-write: `m[a][b] = v` on a map of maps, with nothing ensuring
// that `m[a]` exists. Reading a missing key yields the inner map's zero
// value, nil, and writing to that panics.
import type { FileModel, MapEvent, MapSymbol, PackageModel } from "../model/model-types.js";
import { mentions } from "../model/relevance.js";
import type { Finding } from "../types.js";
import { lazyInitFix } from "./support/lazy-init-fix.js";
import { innerMapType, outerIndexText } from "./support/map-type-text.js";
import { makeFinding, type Rule } from "./support/rule.js";

const messages = {
  inner:
    '`{outer}` may be nil: nothing here creates the inner map before `{outer}[...]` is written, and writing to a nil map panics with "assignment to entry in nil map".',
  declaredHere: "`{name}` is declared here",
  fixGuard: "Create `{outer}` before writing to it",
} as const;

export type NilInnerMapWriteMessage = keyof typeof messages;

export const nilInnerMapWrite: Rule<NilInnerMapWriteMessage> = {
  id: "nil-inner-map-write",
  meta: {
    id: "nil-inner-map-write",
    severity: "warning",
    summary: "Write into an inner map of a map of maps (`m[a][b] = v`) that nothing has created.",
  },
  messages,
  check(pkg) {
    const findings: Finding[] = [];
    for (const symbol of pkg.symbols) {
      const events = pkg.events.get(symbol.id) ?? [];
      const nested = events.filter((e) => e.kind === "write" && e.nested);
      if (nested.length === 0) continue;
      const inner = innerMapType(symbol.typeText, pkg.namedMapTypes);
      if (!inner || !mayLackInnerMaps(pkg, symbol, events)) continue;
      const seen = new Set<number>();
      for (const write of nested) {
        if (seen.has(write.context.functionIndex)) continue;
        const finding = check(pkg, symbol, events, write, inner);
        if (finding) {
          seen.add(write.context.functionIndex);
          findings.push(finding);
        }
      }
    }
    return findings;
  },
};

/** Whether the map may hold no inner maps at all, as far as the package shows. */
function mayLackInnerMaps(pkg: PackageModel, symbol: MapSymbol, events: readonly MapEvent[]): boolean {
  // A parameter's inner maps are the caller's business.
  if (symbol.kind === "param" || symbol.kind === "receiver" || symbol.kind === "result") return false;
  if (symbol.kind === "local") {
    const declared = events.find((e) => e.kind === "declare");
    // A map from a call or a filled literal may well hold its inner maps already.
    if (declared?.source && declared.source !== "make" && !(declared.source === "literal" && emptyLiteral(pkg, declared))) return false;
    return !events.some((e) => e.kind === "assign" && e.source !== "make");
  }
  // Package-level maps and fields: any function of the package may create the inner maps.
  if (events.some((e) => (e.kind === "write" && !e.nested) || e.kind === "address" || e.kind === "escape")) return false;
  if (events.some((e) => e.kind === "assign" && e.source !== "make" && e.source !== "literal")) return false;
  if (pkg.brokenText && mentions(pkg.brokenText, symbol.name)) return false;
  const direct = new RegExp(`\\b${symbol.name}\\s*\\[[^\\]\\n]*\\]\\s*=[^=]`);
  return !pkg.files.some((f) => direct.test(f.text));
}

function check(pkg: PackageModel, symbol: MapSymbol, events: readonly MapEvent[], write: MapEvent, inner: string): Finding | null {
  const fn = pkg.functions[write.context.functionIndex];
  const file = pkg.files.find((f) => f.path === write.location.path);
  if (!fn || fn.broken || fn.hasGoto || !file) return null;
  const here = events.filter((e) => e.context.functionIndex === fn.index);
  // `m[a] = make(...)`, a helper given `m`, anywhere in the function: a loop may run it first.
  if (here.some((e) => (e.kind === "write" && !e.nested) || e.kind === "address" || (e.kind === "escape" && e.at < write.at))) return null;
  if (write.context.guardedBy.has(symbol.id)) return null;
  // `inner, ok := m[a]`, `if m[a] == nil { ... }`: the code looks before it writes.
  if (here.some((e) => e.kind === "read" && e.at < write.at && checksPresence(file, e))) return null;
  const outer = outerIndexText(file.text, write);
  // A key with a call in it may have side effects: the guard would evaluate it twice.
  if (!outer || /[()]/.test(outer.key)) return null;
  const params = { outer: outer.text, name: symbol.name };
  const fix = lazyInitFix(file, write, outer.text, inner, messages.fixGuard, params);
  return makeFinding(nilInnerMapWrite, pkg, {
    messageId: "inner",
    params,
    subject: outer.text,
    location: write.statement,
    related: [{ location: symbol.declared, messageId: "declaredHere" }],
    ...(fix ? { fix } : {}),
  });
}

function checksPresence(file: FileModel, read: MapEvent): boolean {
  const line = file.lines[read.location.startLine - 1] ?? "";
  return /\bnil\b|,\s*ok\b|\bok\s*:?=|\blen\(/.test(line);
}

function emptyLiteral(pkg: PackageModel, declared: MapEvent): boolean {
  const file = pkg.files.find((f) => f.path === declared.location.path);
  const line = file?.lines[declared.location.startLine - 1] ?? "";
  return /\{\s*\}\s*(?:\/\/.*)?$/.test(line);
}
