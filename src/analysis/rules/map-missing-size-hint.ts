// map-missing-size-hint: `m := make(map[K]V)` followed in the same block by
// a loop that stores one entry per element of something whose length is
// known. Growing the map rehashes it several times on the way.
import type { FileModel, MapEvent, MapSymbol, PackageModel, Span } from "../model/model-types.js";
import type { Finding } from "../types.js";
import { mentions } from "../model/relevance.js";
import { matching } from "./support/map-type-text.js";
import { formatMessage, makeFinding, type Rule } from "./support/rule.js";

const messages = {
  hint: "`{name}` is made without a size and then filled with one entry per element of `{source}`; `make({type}, len({source}))` allocates it once instead of growing it.",
  loopHere: "`{name}` is filled here, one entry per element of `{source}`",
  fix: "Size the map for `len({source})` entries",
} as const;

export type MapMissingSizeHintMessage = keyof typeof messages;

/** `for k, v := range xs {` with two iteration variables: a channel allows only one, so `xs` has a length. */
const RANGE_HEADER = /^for\s+[\p{L}_][\p{L}\p{N}_]*\s*,\s*[\p{L}_][\p{L}\p{N}_]*\s*:=\s*range\s+([\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*)\s*$/u;
/** `for k := range m {`: one iteration variable, so `m` has a length only when the model knows it is a map. */
const SINGLE_RANGE_HEADER = /^for\s+[\p{L}_][\p{L}\p{N}_]*\s*:=\s*range\s+([\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*)\s*$/u;
/** Words that let an iteration end before the store, or the loop before the last element. */
const EARLY_EXITS = ["continue", "break", "return", "goto", "panic"];
const MAKE_DECLARATION = /^(\s*[\p{L}_][\p{L}\p{N}_]*\s*:=\s*make\()(.*)\)(\s*(?:\/\/.*)?)$/u;

export const mapMissingSizeHint: Rule<MapMissingSizeHintMessage> = {
  id: "map-missing-size-hint",
  meta: {
    id: "map-missing-size-hint",
    severity: "notice",
    summary: "`make(map[K]V)` without a size, then filled in a loop over something whose length is known.",
  },
  messages,
  check(pkg) {
    const findings: Finding[] = [];
    let ranged: ReadonlySet<string> | null = null;
    for (const symbol of pkg.symbols) {
      if (symbol.kind !== "local") continue;
      const events = pkg.events.get(symbol.id) ?? [];
      if (events[0]?.kind !== "declare" || events[0].source !== "make") continue;
      ranged ??= rangedMaps(pkg);
      const finding = check(pkg, symbol, events, ranged);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

function check(pkg: PackageModel, symbol: MapSymbol, events: readonly MapEvent[], ranged: ReadonlySet<string>): Finding | null {
  const declared = events[0];
  if (declared?.kind !== "declare" || declared.source !== "make") return null;
  const file = pkg.files.find((f) => f.path === symbol.path);
  const statement = declared.statement;
  if (!file || statement.startLine !== statement.endLine) return null;
  const line = file.lines[statement.startLine - 1] ?? "";
  const parts = MAKE_DECLARATION.exec(line);
  if (!parts || hasTopLevelComma(parts[2])) return null;

  const write = events.find((e) => e.at > declared.at && e.kind !== "declare");
  if (write?.kind !== "write" || write.nested) return null;
  // `m[k]++`, `m[k] += n`, `m[k] |= f` count or merge repeated keys: fewer entries than elements is the point.
  if (write.operator !== "=") return null;
  const loop = write.context.loops[write.context.loops.length - 1];
  if (!loop || write.context.loops.length !== declared.context.loops.length + 1) return null;
  const block = declared.context.block;
  if (loop.start < block.start || loop.end > block.end || loop.start < declared.at) return null;
  // Exactly one store per iteration, directly in the loop body, and nothing else touches the map in the loop.
  if (events.some((e) => e !== write && e.at >= loop.start && e.at < loop.end)) return null;
  const source = rangeSource(file, loop, write.context.block, ranged);
  if (!source) return null;
  // `if ... { continue }` filters: fewer entries than elements, and the hint could waste memory.
  const body = file.text.slice(write.context.block.start, loop.end);
  if (EARLY_EXITS.some((w) => mentions(body, w))) return null;
  // The length must be known where the map is made: the ranged value is declared before it.
  const root = source.split(".")[0];
  const between = file.text.slice(declared.at, loop.start);
  if (new RegExp(`\\b${root}\\s*(?:,[^=\\n]*)?:=|\\bvar\\s+${root}\\b`).test(between)) return null;

  const params = { name: symbol.name, source, type: parts[2] };
  const replacement = `${parts[1]}${parts[2]}, len(${source}))${parts[3]}`;
  return makeFinding(mapMissingSizeHint, pkg, {
    messageId: "hint",
    params,
    subject: symbol.name,
    location: statement,
    related: [{ location: write.statement, messageId: "loopHere" }],
    fix: {
      description: formatMessage(messages.fix, params),
      edits: [{ path: file.path, startLine: statement.startLine, endLine: statement.startLine, replacement }],
    },
  });
}

/** `xs` of `for _, x := range xs {` when the loop body is exactly the block holding the write. */
function rangeSource(file: FileModel, loop: Span, body: Span, ranged: ReadonlySet<string>): string | null {
  if (body.start <= loop.start || body.end !== loop.end) return null;
  const header = file.text.slice(loop.start, body.start);
  const two = RANGE_HEADER.exec(header.trim())?.[1];
  if (two) return two;
  const one = SINGLE_RANGE_HEADER.exec(header.trim())?.[1];
  const at = one ? loop.start + header.lastIndexOf(one) : -1;
  return one && ranged.has(`${file.path}:${at}`) ? one : null;
}

/** Where the package ranges over a map it knows (`path:offset` of the ranged expression). */
function rangedMaps(pkg: PackageModel): Set<string> {
  const out = new Set<string>();
  for (const list of pkg.events.values()) for (const e of list) if (e.kind === "range") out.add(`${e.location.path}:${e.at}`);
  return out;
}

function hasTopLevelComma(args: string): boolean {
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === ",") return true;
    if (c === "[" || c === "(" || c === "{") {
      const end = matching(args, i);
      if (end < 0) return true;
      i = end;
    }
  }
  return false;
}
