// Findings for the cross-function nil-map query (flow-nil-writes.ts), in the
// words both nil rules share: where nil comes from (a declaration, a
// literal, a decode, a nil check that does not make the map, a callee's
// return), the calls it travels through, and the write. Error when the map
// is nil on every path to the write, warning when on an identified path
// only. Each origin and each hop is a related location.
import type { FileModel } from "../../file-model.js";
import type { IrFunction, Path } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import type { SummaryOrigin } from "../../summaries/nil/nil-summary-types.js";
import type { Finding, Location } from "../../types.js";
import type { FlowNilWrite } from "./flow-nil-writes.js";
import { lazyInitFix } from "./lazy-init-fix.js";
import { fileAt, locationOf } from "./line-text.js";
import { formatMessage, makeFinding, type Rule } from "./rule.js";

/** The message keys a rule needs to report the query's writes. */
export const flowNilMessages = {
  flowNil: '`{name}` is nil here: {origin}; writing to it panics with "assignment to entry in nil map".',
  flowMaybeNil: '`{name}` is nil here when {origin}; writing to it then panics with "assignment to entry in nil map".',
  callNil: '`{name}` is nil when it is handed to `{callee}` here: {origin}; {route}, which panics with "assignment to entry in nil map".',
  callMaybeNil:
    '`{name}` may be nil when it is handed to `{callee}` here: it is nil when {origin}; {route}, which then panics with "assignment to entry in nil map".',
  originHere: "{what}",
  callHere: "`{caller}` calls `{callee}` here",
  writeHere: "`{writer}` writes to the map here without checking it for nil",
  fixFlowGuard: "Create `{name}` before writing to it",
} as const;

export type FlowNilMessage = keyof typeof flowNilMessages;

/** The query's writes as findings of `rule`, leaving out lines the rule already reports. */
export function flowNilFindings<K extends string>(
  rule: Rule<K | FlowNilMessage>,
  pkg: PackageFacts,
  writes: readonly FlowNilWrite[],
  reported: readonly Finding[],
): Finding[] {
  const taken = new Set(reported.map((f) => `${f.location.path}:${f.location.startLine}`));
  const out: Finding[] = [];
  for (const w of writes) {
    const key = `${w.fn.path}:${w.stmt.line}`;
    if (taken.has(key)) continue;
    // A call into a write already reported (a closure's write of its function's nil map): one bug, one finding.
    const writer = w.chain.at(-1);
    if (w.form === "call" && writer && taken.has(`${writer.file}:${writer.span.line}`)) continue;
    taken.add(key);
    out.push(findingOf(rule, pkg, w));
  }
  return out;
}

function findingOf<K extends string>(rule: Rule<K | FlowNilMessage>, pkg: PackageFacts, w: FlowNilWrite): Finding {
  const here = w.fn.path;
  const origin = w.origins.map((o) => describe(o, here)).join(", or when ");
  const related: { location: Location; message: string }[] = [];
  for (const o of w.origins) addOrigin(related, o);
  let params: Record<string, string | number> = { name: w.text, origin };
  let messageId: FlowNilMessage = w.fact === "nil" ? "flowNil" : "flowMaybeNil";
  if (w.form === "call") {
    const hops = w.chain;
    const writer = hops[hops.length - 1];
    const callees = hops.slice(1).map((h) => `\`${h.name}\``);
    const at = where(writer.file, writer.span.line, here);
    const route = callees.length > 1 ? `it goes through ${callees.slice(0, -1).join(", ")} to ${callees[callees.length - 1]}, which writes to it at ${at}` : `${callees[0]} writes to it at ${at}`;
    params = { ...params, callee: hops[1].name, route };
    messageId = w.fact === "nil" ? "callNil" : "callMaybeNil";
    hops.slice(0, -1).forEach((h, i) => {
      related.push({ location: locationOf(h.file, h.span), message: formatMessage(flowNilMessages.callHere, { caller: h.name, callee: hops[i + 1].name }) });
    });
    related.push({ location: locationOf(writer.file, writer.span), message: formatMessage(flowNilMessages.writeHere, { writer: writer.name }) });
  }
  const fix = w.form === "direct" && w.path ? guardFix(pkg, w.fn, w.path, w) : undefined;
  const finding = makeFinding(rule, pkg, {
    messageId,
    params,
    subject: w.text,
    location: locationOf(here, w.stmt),
    related: [],
    ...(fix ? { fix } : {}),
  });
  return { ...finding, severity: w.fact === "nil" ? "error" : "warning", related };
}

/** What made the map nil, in a clause: "`m` is declared at line 4 without a value". */
function describe(o: SummaryOrigin, here: string): string {
  const at = where(o.file, o.span.line, here);
  switch (o.kind) {
    case "nil":
      return `it is set to \`nil\` at ${at}`;
    case "zero":
      return `it is declared at ${at} without a value`;
    case "omitted":
      return `the literal at ${at} does not set it`;
    case "new":
      return `\`new\` makes it at ${at} without it`;
    case "branch":
      return `the nil check at ${at} finds it nil and does not make it`;
    case "decode":
      return `the decode at ${at} finds no value (or \`null\`) for it`;
    case "stored": {
      const inner = o.callee?.origins[0];
      return `the element read at ${at} is one stored${inner ? ` at ${where(inner.file, inner.span.line, here)}` : ""} without it`;
    }
    case "callee": {
      const name = o.callee?.name ?? "the call";
      // The nil that reaches the write: not one handed out next to an error, which callers check first.
      const inner = o.callee?.origins.find((x) => !x.withError) ?? o.callee?.origins[0];
      // Only nils handed out with an error reach here: the write is on the path where the call failed.
      const failed = (o.callee?.origins.length ?? 0) > 0 && o.callee?.origins.every((x) => x.withError) ? " along with an error" : "";
      return `\`${name}\` returns it nil${failed} at ${at}${inner ? ` (${source(inner, here)})` : ""}`;
    }
  }
}

/** What a callee's nil is, in a parenthesis: "nil at line 7", "a literal at node.go:9 without it". */
function source(o: SummaryOrigin, here: string): string {
  const at = where(o.file, o.span.line, here);
  switch (o.kind) {
    case "nil":
      return `nil at ${at}`;
    case "zero":
      return `a variable declared at ${at} without a value`;
    case "omitted":
      return `a literal at ${at} without it`;
    case "new":
      return `\`new\` at ${at}`;
    case "branch":
      return `after the nil check at ${at}`;
    case "decode":
      return `a decode at ${at}`;
    case "stored":
      return `an element read at ${at}, stored${o.callee?.origins[0] ? ` at ${where(o.callee.origins[0].file, o.callee.origins[0].span.line, here)}` : ""} without it`;
    case "callee":
      return `from \`${o.callee?.name ?? "a call"}\` at ${at}`;
  }
}

function addOrigin(related: { location: Location; message: string }[], o: SummaryOrigin): void {
  related.push({ location: locationOf(o.file, o.span), message: formatMessage(flowNilMessages.originHere, { what: capitalised(describe(o, o.file)) }) });
  for (const inner of o.callee?.origins ?? []) addOrigin(related, inner);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `line 12` in the same file, `store.go:12` in another. */
function where(file: string, line: number, here: string): string {
  return file === here ? `line ${line}` : `${file.slice(file.lastIndexOf("/") + 1)}:${line}`;
}

/**
 * A lazy init just before the write, when the map hangs off a local of the
 * function (making it there changes nothing a caller sees) and its type is
 * one the file can name: a map type written out, or a named type of this package.
 */
function guardFix(pkg: PackageFacts, fn: IrFunction, path: Path, w: FlowNilWrite): ReturnType<typeof lazyInitFix> {
  const root = path.root.kind === "var" ? fn.vars[path.root.var] : undefined;
  if (!root || (root.kind !== "local" && root.kind !== "result") || fn.typeParams.length > 0) return undefined;
  if (path.selectors.some((s) => s.kind !== "field")) return undefined;
  const type = pkg.semantic.typeOf(fn, path);
  if (!type || !(type.kind === "map" || (type.kind === "named" && type.pkg === null && type.args.length === 0))) return undefined;
  if (type.kind === "map" && /\b\w+\.\w+/.test(type.text)) return undefined;
  const file: FileModel | undefined = fileAt(pkg.files, fn.path);
  return file ? lazyInitFix(file, w.stmt, w.text, type.text, flowNilMessages.fixFlowGuard, { name: w.text }) : undefined;
}
