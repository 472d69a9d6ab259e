// nil-map-field-write: a write to `x.f[k]` (or through
// `Set`/`Add` of an http.Header / url.Values) where the map is surely nil —
// `x` made in this function by `var x T`, `new(T)` or a literal that omits
// `f`, nil on every path to the write by flow nil-ness; a package-level
// library map nothing assigns; or a method writing a field that nothing in
// the package ever initialises.
import type { PackageFacts } from "../package-facts.js";
import type { Finding } from "../types.js";
import { lazyInitFix } from "./support/lazy-init-fix.js";
import { formatMessage, makeFinding, type Rule } from "./support/rule.js";
import { conditionMentionsBefore, guardedByField } from "./support/condition-guards.js";
import { freshNilWrites, type FreshNilWrite } from "./support/fresh-nil-maps.js";
import { addLiteralEntry, declarationFix, declarationSpan, literalNamesKey, newExpressionSpan } from "./support/literal-field-fix.js";
import { neverInitialisedWrites } from "./support/never-initialised-fields.js";
import { packageLibraryWrites } from "./support/package-library-maps.js";
import { libraryMapType, mapWriteText } from "./support/library-map-text.js";
import { locationOf } from "./support/line-text.js";
import { isLibraryMap } from "./support/nil-map-writes.js";
import { topLevel } from "./support/map-var-events.js";
import { flowNilFindings, flowNilMessages } from "./support/flow-nil-findings.js";
import { flowNilWrites } from "./support/flow-nil-writes.js";

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
  ...flowNilMessages,
} as const;

export type NilMapFieldWriteMessage = keyof typeof messages;

export const nilMapFieldWrite: Rule<NilMapFieldWriteMessage> = {
  id: "nil-map-field-write",
  meta: {
    id: "nil-map-field-write",
    severity: "error",
    summary:
      "Write to a map field that is nil: a zero or partial struct value, a field nothing in the package initialises, a nil `http.Header`/`url.Values` written through `Set`/`Add`, or (across functions and paths) a field nil on every path (error) or on an identified one (warning).",
  },
  messages,
  check(pkg) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const w of freshNilWrites(pkg.ir, pkg.semantic)) {
      // One finding per value, map and function: the first write is the one that panics.
      const key = `${w.fn.id}:${w.base}:${w.field ?? ""}`;
      // With a `goto`, the order of statements is not the order they run in.
      if (seen.has(key) || topLevel(pkg.ir, w.fn).gotos) continue;
      const finding = isLibraryMap(pkg.semantic, w.fn, w.write.path) ? libraryFinding(pkg, w) : fieldFinding(pkg, w);
      if (!finding) continue;
      seen.add(key);
      findings.push(finding);
    }
    findings.push(...neverInitialisedWrites(pkg, nilMapFieldWrite));
    findings.push(...packageLibraryWrites(pkg, nilMapFieldWrite));
    // Across functions and paths: a map field the flow finds nil (or nil on some path) at its write, or handed nil to a callee that writes it.
    findings.push(...flowNilFindings(nilMapFieldWrite, pkg, flowNilWrites(pkg).filter((w) => w.throughField), findings));
    return findings;
  },
};


function fieldFinding(pkg: PackageFacts, w: FreshNilWrite): Finding | null {
  const { semantic } = pkg;
  const field = w.field;
  if (field === null || !semantic.structOf(w.type)?.owner) return null;
  const member = semantic.member(w.type, field);
  if (member?.kind !== "field" || !semantic.isMapType(member.type) || guardedByField(w.fn, w.write.instr, field)) return null;
  // A promoted field is set through its embedded struct: a literal naming that struct may have made it.
  if (w.literal && member.via.some((via) => w.literal?.fields.some((f) => f.name === via))) return null;
  const file = pkg.files.find((f) => f.path === w.fn.path);
  const declared = w.fn.vars[w.made.targets[0]?.root.kind === "var" ? w.made.targets[0].root.var : -1]?.declared;
  const made = w.literal?.span ?? (w.form === "zero" ? (declared ?? w.made.span) : file ? newExpressionSpan(file, w.made.span) : w.made.span);
  const params = { base: w.base, name: field, type: w.type.text, line: made.line, owner: member.owner ?? "" };
  const statement = locationOf(w.fn.path, w.write.instr.stmt);
  const literalFix =
    w.literal && file && member.via.length === 0 && !literalNamesKey(file, w.literal.span, field)
      ? addLiteralEntry(file, w.literal.span, `${field}: make(${member.type.text})`, formatMessage(messages.fixLiteral, { name: field }))
      : undefined;
  const fix = literalFix ?? (file ? lazyInitFix(file, w.write.instr.stmt, `${w.base}.${field}`, member.type.text, messages.fixGuard, params) : undefined);
  return makeFinding(nilMapFieldWrite, pkg, {
    messageId: w.form === "literal" ? "literal" : "zero",
    params,
    subject: `${w.base}.${field}`,
    location: statement,
    related: [{ location: locationOf(w.fn.path, made), messageId: "constructedHere" }],
    ...(fix ? { fix } : {}),
  });
}

const LIBRARY_MESSAGE: Record<FreshNilWrite["form"], NilMapFieldWriteMessage> = {
  var: "libraryVar",
  literal: "libraryLiteral",
  new: "libraryZero",
  zero: "libraryZero",
};

function libraryFinding(pkg: PackageFacts, w: FreshNilWrite): Finding | null {
  if (conditionMentionsBefore(w.fn, w.write.instr, w.write.path.root)) return null;
  const file = pkg.files.find((f) => f.path === w.fn.path);
  const field = w.field;
  const mapText = field ? `${w.base}.${field}` : w.base;
  const mapType = libraryMapType(pkg.semantic, w.type, field);
  if (!mapType) return null;
  const made = file ? declarationSpan(file, w.made.stmt) : w.made.stmt;
  const statement = locationOf(w.fn.path, w.write.instr.stmt);
  const params = {
    where: `line ${made.line}`,
    name: w.base,
    type: w.type.text,
    target: mapText,
    field: field ?? "",
    line: made.line,
    write: mapWriteText(messages, mapText, w.write.how),
    base: w.base,
  };
  const fix =
    (w.form === "var" && file ? declarationFix(file, w.made.stmt, w.base, mapType.create, false, messages.fixLibraryVar, { name: w.base, type: mapType.text }) : undefined) ??
    (w.form === "literal" && w.literal && field && file && !literalNamesKey(file, w.literal.span, field)
      ? addLiteralEntry(file, w.literal.span, `${field}: ${mapType.create}`, formatMessage(messages.fixLiteral, { name: field }), true)
      : undefined) ??
    (file
      ? lazyInitFix(file, w.write.instr.stmt, mapText, mapType.text, field ? messages.fixGuard : messages.fixLibraryGuard, { base: field ? w.base : "", name: field ?? w.base })
      : undefined);
  return makeFinding(nilMapFieldWrite, pkg, {
    messageId: LIBRARY_MESSAGE[w.form],
    params,
    subject: mapText,
    location: statement,
    related: [{ location: locationOf(w.fn.path, made), messageId: field ? "libraryConstructedHere" : "libraryDeclaredHere" }],
    ...(fix ? { fix } : {}),
  });
}
