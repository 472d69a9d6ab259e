// nil-map-field-write: a write to `x.f[k]` where the map field `f` is surely
// nil: `x` was just made as a zero value or by a literal that omits `f`, or
// (for methods) nothing in the package ever initialises `f` at all.
import type { Construction, MapEvent, MapSymbol, PackageModel, StructValue } from "../model/model-types.js";
import { mentions } from "../model/relevance.js";
import type { Finding } from "../types.js";
import { fieldLiteralFix } from "./support/nil-map-field-write-fix.js";
import { lazyInitFix } from "./support/lazy-init-fix.js";
import { libraryMapFindings } from "./support/library-map-write.js";
import { makeFinding, type Rule } from "./support/rule.js";

const messages = {
  literal:
    '`{base}.{name}` is nil: `{base}` is built at line {line} by a `{type}` literal that does not set `{name}`; writing to it panics with "assignment to entry in nil map".',
  zero: '`{base}.{name}` is nil: `{base}` is a zero `{type}` made at line {line}; writing to it panics with "assignment to entry in nil map".',
  never:
    '`{name}` of `{owner}` is never initialised in this package (no literal sets it, no assignment, no lazy init), so `{base}.{name}` is nil; writing to it panics with "assignment to entry in nil map".',
  constructedHere: "`{base}` is constructed here without `{name}`",
  declaredHere: "`{name}` is declared here",
  fixLiteral: "Set `{name}` with `make` in the literal",
  fixGuard: "Create `{base}.{name}` before writing to it",
  libraryVar: '`{name}` is a nil `{type}`, declared at line {line} without `make`: {write} with "assignment to entry in nil map".',
  libraryPackage:
    '`{name}` is a package-level `{type}` declared at {where} without `make` and never assigned in this package: {write} with "assignment to entry in nil map".',
  libraryLiteral:
    '`{target}` is nil: `{name}` is built at line {line} by a `{type}` literal that does not set `{field}`, and {write} with "assignment to entry in nil map".',
  libraryZero: '`{target}` is nil: `{name}` is a zero `{type}` made at line {line}, and {write} with "assignment to entry in nil map".',
  libraryWriteMethod: "`{target}.{method}` writes to the nil map underneath and panics",
  libraryWriteIndex: "writing to it panics",
  libraryDeclaredHere: "`{name}` is declared here without `make`",
  libraryConstructedHere: "`{name}` is constructed here without `{field}`",
  fixLibraryVar: "Create the `{type}` where `{name}` is declared",
  fixLibraryGuard: "Create `{name}` before writing to it",
} as const;

export type NilMapFieldWriteMessage = keyof typeof messages;

export const nilMapFieldWrite: Rule<NilMapFieldWriteMessage> = {
  id: "nil-map-field-write",
  meta: {
    id: "nil-map-field-write",
    severity: "error",
    summary:
      "Write to a map field that is nil: a zero or partial struct value, a field nothing in the package initialises, or a nil `http.Header`/`url.Values` written through `Set`/`Add`.",
  },
  messages,
  check(pkg) {
    const findings: Finding[] = [];
    for (const symbol of pkg.symbols) {
      if (symbol.kind !== "field") continue;
      const events = pkg.events.get(symbol.id) ?? [];
      const writes = events.filter((e) => e.kind === "write" && !e.nested && e.base);
      if (writes.length === 0) continue;
      const seen = new Set<string>();
      for (const write of writes) {
        const finding = localFinding(pkg, symbol, events, write) ?? methodFinding(pkg, symbol, events, write);
        // One finding per value and function: the first write is the one that panics.
        const key = `${write.context.functionIndex}:${write.base?.rootValue}`;
        if (finding && !seen.has(key)) {
          seen.add(key);
          findings.push(finding);
        }
      }
    }
    findings.push(...libraryMapFindings(pkg, nilMapFieldWrite));
    return findings;
  },
};

/** `x := T{...}` / `var x T` / `new(T)` in this function, then `x.f[k] = v` with nothing in between. */
function localFinding(pkg: PackageModel, symbol: MapSymbol, events: readonly MapEvent[], write: MapEvent): Finding | null {
  const base = write.base;
  const value = base?.rootValue !== undefined ? pkg.structValues[base.rootValue] : undefined;
  if (!base?.direct || !value || (value.kind !== "local" && value.kind !== "package")) return null;
  const made = pkg.constructions.find((c) => c.value === value.id);
  if (!made || !omits(made, symbol)) return null;
  const fn = pkg.functions[write.context.functionIndex];
  if (!fn || fn.broken || fn.hasGoto) return null;
  if (value.kind === "local") {
    if (made.functionIndex !== fn.index || value.closure !== write.context.closure || made.at > write.at) return null;
  }
  // Any other handling of this value's field, or of the value itself, may initialise it.
  const sameValue = (e: MapEvent) => e.base?.rootValue === value.id && e !== write;
  if (events.some((e) => sameValue(e) && e.kind !== "read" && e.kind !== "len" && e.kind !== "range" && e.kind !== "write")) return null;
  if (events.some((e) => sameValue(e) && e.kind === "write" && e.at < write.at && e.context.functionIndex === fn.index)) return null;
  if (write.context.guardedBy.has(symbol.id)) return null;
  if (touched(value, made, write)) return null;
  if (value.kind === "package" && (symbol.exported || pkg.constructions.some((c) => c.value === null && c.type === made.type && c.functionIndex === -1))) return null;

  const file = pkg.files.find((f) => f.path === write.location.path);
  const params = { base: base.text, name: symbol.name, type: made.type, line: made.location.startLine, owner: symbol.owner ?? "" };
  const fix =
    (made.form === "literal" && file ? fieldLiteralFix(pkg, made, symbol, messages.fixLiteral) : undefined) ??
    (file ? lazyInitFix(file, write, `${base.text}.${symbol.name}`, symbol.typeText, messages.fixGuard, params) : undefined);
  return makeFinding(nilMapFieldWrite, pkg, {
    messageId: made.form === "literal" ? "literal" : "zero",
    params,
    subject: `${base.text}.${symbol.name}`,
    location: write.statement,
    related: [{ location: made.location, messageId: "constructedHere" }],
    ...(fix ? { fix } : {}),
  });
}

function omits(made: Construction, symbol: MapSymbol): boolean {
  if (made.fieldsSet === null) return false;
  if (made.fieldsSet.includes(symbol.name)) return false;
  // A promoted field is set through its embedded struct, by name.
  return symbol.owner === made.type || !made.fieldsSet.includes(symbol.owner ?? "");
}

function touched(value: StructValue, made: Construction, write: MapEvent): boolean {
  return value.touches.some(
    (t) =>
      t.closure !== value.closure ||
      t.functionIndex !== write.context.functionIndex ||
      (t.path === write.location.path && t.at > made.at && t.at < write.at),
  );
}

/** A method writing `r.f[k]` when nothing in the package initialises `f`, though the type is constructed. */
function methodFinding(pkg: PackageModel, symbol: MapSymbol, events: readonly MapEvent[], write: MapEvent): Finding | null {
  const base = write.base;
  const owner = symbol.owner;
  if (!base || base.rootKind !== "receiver" || !owner || symbol.exported) return null;
  const type = pkg.structTypes.get(owner);
  const field = type?.fields.find((f) => f.name === symbol.name);
  const fn = pkg.functions[write.context.functionIndex];
  if (!type || !field || field.tagged || !fn || fn.broken) return null;
  if (events.some((e) => e.kind === "assign" || e.kind === "address" || e.kind === "nil-compare" || e.kind === "escape")) return null;
  if (write.context.guardedBy.has(symbol.id)) return null;
  const holders = typesHolding(pkg, owner);
  const built = pkg.constructions.filter((c) => holders.has(c.type));
  if (built.length === 0 || built.some((c) => c.fieldsSet === null || c.fieldsSet.includes(symbol.name))) return null;
  // Shapes the model cannot attribute (`x.f =` through an index, a literal with an elided type,
  // a copy of the whole struct) still name the field; any such mention keeps the rule silent.
  if (pkg.files.some((f) => unresolvedInit(f.text, symbol.name))) return null;
  if (pkg.brokenText && mentions(pkg.brokenText, symbol.name)) return null;

  const file = pkg.files.find((f) => f.path === write.location.path);
  const params = { base: base.text, name: symbol.name, owner, type: owner, line: symbol.declared.startLine };
  const fix = file ? lazyInitFix(file, write, `${base.text}.${symbol.name}`, symbol.typeText, messages.fixGuard, params) : undefined;
  return makeFinding(nilMapFieldWrite, pkg, {
    messageId: "never",
    params,
    subject: `${owner}.${symbol.name}`,
    location: write.statement,
    related: [{ location: symbol.declared, messageId: "declaredHere" }],
    ...(fix ? { fix } : {}),
  });
}

function typesHolding(pkg: PackageModel, owner: string): Set<string> {
  const out = new Set([owner]);
  let changed = true;
  while (changed) {
    changed = false;
    for (const t of pkg.structTypes.values()) {
      if (out.has(t.name)) continue;
      if (t.fields.some((f) => f.embedded && f.structType && out.has(f.structType))) {
        out.add(t.name);
        changed = true;
      }
    }
  }
  return out;
}

function unresolvedInit(text: string, name: string): boolean {
  const escaped = name.replace(/[$]/g, "\\$");
  return new RegExp(`(?:\\.${escaped}\\s*(?:=[^=]|,)|[{,\\s]${escaped}\\s*:[^=]|\\*\\w+\\s*=[^=]|reflect\\.)`).test(text);
}
