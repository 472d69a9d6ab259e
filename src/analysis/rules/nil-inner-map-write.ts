// nil-inner-map-write: `m[a][b] = v` on a map of maps
// with nothing ensuring that `m[a]` exists. Reads the IR's events of each
// map of maps — a variable, a package variable, or a struct field resolved
// through the semantic model's types and members — so that it says exactly
// what the rule before the semantic layer says.
import type { IrFunction, Path, Span, TypeRef } from "../lower/ir.js";
import type { PackageFacts } from "../package-facts.js";
import type { Finding } from "../types.js";
import { makeFinding, type Rule } from "./support/rule.js";
import { ControlFacts } from "./support/control-facts.js";
import { innerMapText, outerIndexText } from "./support/inner-map-text.js";
import { lazyInitFix } from "./support/lazy-init-fix.js";
import { collectVarEvents, rootKey, topLevel, type VarEvent, type VarKey, writtenKeys } from "./support/map-var-events.js";
import { WriteGuards } from "./support/write-guards.js";
import { WrittenMapTypes } from "./support/written-map-types.js";
import { locationOf } from "./support/line-text.js";

const messages = {
  inner:
    '`{outer}` may be nil: nothing here creates the inner map before `{outer}[...]` is written, and writing to a nil map panics with "assignment to entry in nil map".',
  declaredHere: "`{name}` is declared here",
  fixGuard: "Create `{outer}` before writing to it",
} as const;

export type NilInnerMapWriteMessage = keyof typeof messages;

type FileModel = PackageFacts["files"][number];

interface Symbol {
  key: VarKey;
  /** The variable's or field's name. */
  name: string;
  kind: "local" | "package" | "field" | "other";
  path: string;
  declared: Span;
  typeText: string;
  declaration: VarEvent | null;
}

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
    const written = new WrittenMapTypes(pkg.semantic.decls);
    const fieldTypes = mapFields(pkg, written);
    const anyField = (fn: IrFunction, path: Path): VarKey | null => symbolKey(pkg, fieldTypes, fn, path);
    const wanted = writtenKeys(pkg.ir, pkg.ir.functions, anyField, true);
    if (wanted.size === 0) return findings;
    // Only the fields written into need their owners' types looked up.
    const names = new Set([...wanted].filter((k) => k.startsWith("field:")).map((k) => k.slice(k.indexOf(".") + 1)));
    const keyOf = (fn: IrFunction, path: Path): VarKey | null => {
      const sel = path.selectors;
      if (sel.length === 0) return rootKey(pkg.ir, fn, path);
      const last = sel[sel.length - 1];
      return last.kind === "field" && names.has(last.name) ? anyField(fn, path) : null;
    };
    const events = collectVarEvents(pkg.ir, pkg.ir.functions, keyOf, wanted);
    const guards = new WriteGuards(pkg.ir, new ControlFacts(), pkg.files, keyOf);
    for (const [key, list] of events) {
      const nested = list.filter((e) => e.kind === "nested-write");
      if (nested.length === 0) continue;
      const symbol = symbolOf(pkg, written, fieldTypes, key, list);
      if (!symbol) continue;
      const inner = innerMapText(symbol.typeText, written);
      if (!inner || !mayLackInnerMaps(pkg, symbol, list)) continue;
      const seen = new Set<number>();
      const byTop = new Map<IrFunction, VarEvent[]>();
      for (const e of list) {
        const top = topLevel(pkg.ir, e.fn);
        const here = byTop.get(top);
        if (here) here.push(e);
        else byTop.set(top, [e]);
      }
      for (const write of nested) {
        const top = topLevel(pkg.ir, write.fn);
        if (seen.has(top.id)) continue;
        // With a `goto`, the order of statements is not the order they run in.
        if (top.gotos) continue;
        const finding = check(pkg, guards, symbol, byTop.get(top) ?? [], write, inner);
        if (finding) {
          seen.add(top.id);
          findings.push(finding);
        }
      }
    }
    return findings;
  },
};

/** Map fields of the package's struct types, by `Owner.field`, with their types. */
function mapFields(pkg: PackageFacts, written: WrittenMapTypes): Map<string, { type: TypeRef; path: string; declared: Span }> {
  const out = new Map<string, { type: TypeRef; path: string; declared: Span }>();
  for (const t of pkg.semantic.decls.types) {
    for (const f of t.fields ?? []) if (written.textOf(f.type)) out.set(`${t.name}.${f.name}`, { type: f.type, path: f.path, declared: f.declared });
  }
  return out;
}

const fieldNames = new WeakMap<Map<string, unknown>, Set<string>>();

function symbolKey(pkg: PackageFacts, fields: Map<string, unknown>, fn: IrFunction, path: Path): VarKey | null {
  const sel = path.selectors;
  if (sel.length === 0) return rootKey(pkg.ir, fn, path);
  const last = sel[sel.length - 1];
  if (last.kind !== "field" || path.truncated) return null;
  let names = fieldNames.get(fields);
  if (!names) fieldNames.set(fields, (names = new Set([...fields.keys()].map((k) => k.slice(k.indexOf(".") + 1)))));
  if (!names.has(last.name)) return null;
  const owner = pkg.semantic.typeOf(fn, { ...path, selectors: sel.slice(0, -1) });
  const member = owner ? pkg.semantic.member(owner, last.name) : null;
  if (member?.kind !== "field" || !member.owner) return null;
  const key = `${member.owner}.${member.name}`;
  return fields.has(key) ? `field:${key}` : null;
}

function symbolOf(
  pkg: PackageFacts,
  written: WrittenMapTypes,
  fields: Map<string, { type: TypeRef; path: string; declared: Span }>,
  key: VarKey,
  list: readonly VarEvent[],
): Symbol | null {
  const declaration = list.find((e) => e.kind === "declare") ?? null;
  const value = declaration?.value;
  const valueType = value && (value.kind === "make" || value.kind === "literal") ? written.textOf(value.type) : null;
  if (key.startsWith("field:")) {
    const f = fields.get(key.slice(6));
    const typeText = f ? written.textOf(f.type) : null;
    if (!f || !typeText) return null;
    return { key, name: key.slice(key.indexOf(".") + 1), kind: "field", path: f.path, declared: f.declared, typeText, declaration: null };
  }
  if (key.startsWith("pkg:")) {
    const name = key.slice(4);
    const decls = pkg.semantic.decls.values.filter((v) => v.name === name && v.kind === "var");
    if (decls.length !== 1) return null;
    const typeText = written.textOf(decls[0].type) ?? valueType;
    if (!typeText) return null;
    return { key, name, kind: "package", path: decls[0].path, declared: decls[0].declared, typeText, declaration };
  }
  const [, fnId, varId] = key.split(":");
  const fn = pkg.ir.functions[Number(fnId)];
  const v = fn?.vars[Number(varId)];
  if (!fn || !v?.declared) return null;
  const typeText = written.textOf(v.type) ?? valueType;
  if (!typeText) return null;
  const kind = v.kind === "local" ? "local" : "other";
  return { key, name: v.name.replace(/#\d+$/, ""), kind, path: fn.path, declared: v.declared, typeText, declaration };
}

/** Whether the map may hold no inner maps at all, as far as the package shows. */
function mayLackInnerMaps(pkg: PackageFacts, symbol: Symbol, list: readonly VarEvent[]): boolean {
  // A parameter's inner maps are the caller's business.
  if (symbol.kind === "other") return false;
  if (symbol.kind === "local") {
    const value = symbol.declaration?.value;
    if (value && value.kind !== "zero" && value.kind !== "nil" && value.kind !== "make" && !(value.kind === "literal" && emptyLiteral(pkg, symbol.declaration))) {
      return false;
    }
    return !list.some((e) => e.kind === "assign" && sourceOf(e) !== "make");
  }
  if (list.some((e) => e.kind === "write" || e.kind === "address" || e.kind === "escape")) return false;
  if (list.some((e) => e.kind === "assign" && sourceOf(e) !== "make" && sourceOf(e) !== "literal")) return false;
  const brokenText = pkg.files.flatMap((f) => f.errorSpans.map((s) => f.text.slice(s.start, s.end))).join("\n");
  if (brokenText && new RegExp(`(?<![\\p{L}\\p{N}_])${symbol.name}(?![\\p{L}\\p{N}_])`, "u").test(brokenText)) return false;
  const direct = new RegExp(`\\b${symbol.name}\\s*\\[[^\\]\\n]*\\]\\s*=[^=]`);
  return !pkg.files.some((f) => direct.test(f.text));
}

function sourceOf(e: VarEvent): string {
  if (e.multi) return "multi";
  const v = e.value;
  return v?.kind === "make" ? "make" : v?.kind === "literal" ? "literal" : "other";
}

/** The finding for one nested write; `here` are the map's events in the write's top-level function. */
function check(pkg: PackageFacts, guards: WriteGuards, symbol: Symbol, here: readonly VarEvent[], write: VarEvent, inner: string): Finding | null {
  const top = topLevel(pkg.ir, write.fn);
  const file = pkg.files.find((f) => f.path === write.fn.path);
  if (top.broken || write.fn.broken || !file || !write.instr) return null;
  // `m[a] = make(...)`, a helper given `m`, anywhere in the function: a loop may run it first.
  if (here.some((e) => e.kind === "write" || e.kind === "address" || (e.kind === "escape" && e.order < write.order))) return null;
  if (guards.guarded(symbol.key, symbol.name, write)) return null;
  // `inner, ok := m[a]`, `if m[a] == nil { ... }`: the code looks before it writes.
  if (here.some((e) => e.kind === "read" && e.order < write.order && checksPresence(file, e))) return null;
  const outer = outerIndexText(file.text, write.instr.at);
  // A key with a call in it may have side effects: the guard would evaluate it twice.
  if (!outer || /[()]/.test(outer.key)) return null;
  const params = { outer: outer.text, name: symbol.name };
  const fix = lazyInitFix(file, write.stmt, outer.text, inner, messages.fixGuard, params);
  return makeFinding(nilInnerMapWrite, pkg, {
    messageId: "inner",
    params,
    subject: outer.text,
    location: locationOf(write.fn.path, write.stmt),
    related: [{ location: locationOf(symbol.path, symbol.declared), messageId: "declaredHere" }],
    ...(fix ? { fix } : {}),
  });
}

function checksPresence(file: FileModel, read: VarEvent): boolean {
  const line = file.lines[read.span.line - 1] ?? "";
  return /\bnil\b|,\s*ok\b|\bok\s*:?=|\blen\(/.test(line);
}

function emptyLiteral(pkg: PackageFacts, declared: VarEvent | null): boolean {
  if (!declared) return false;
  const file = pkg.files.find((f) => f.path === declared.fn.path);
  const line = file?.lines[declared.span.line - 1] ?? "";
  return /\{\s*\}\s*(?:\/\/.*)?$/.test(line);
}

