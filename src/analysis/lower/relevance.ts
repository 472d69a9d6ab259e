// Which function bodies are worth lowering in full, decided package-wide from
// text before any body is walked: most functions of a large package never
// touch a map, a lock, a goroutine or a channel, nor call anything that does,
// and lowering them would cost more than parsing did. A function is relevant
// when its text mentions a word of HAZARD_WORDS, a function literal or a
// receive, or a relevant name of the package: a function or method (so call
// chains into relevant code are kept), a type whose declaration is relevant,
// a field whose declared type is, or a package variable whose declaration
// is — a fixpoint. Every test errs towards lowering: a mention in a comment
// or a string counts, and a method name counts whatever its receiver. Callers
// count up to MAX_CALLS calls above a hazard: the chains of the real bugs
// behind mapguard are that short, and an unbounded closure reaches most of a
// large package through helpers that touch one cache.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import { specsOf } from "./package-names.js";
import { declaredName, headerVarTypes, receiverType, identEnd, isIdentStart, leadingNames, quotedEnd } from "./relevance-text.js";
import type { Kid } from "./syntax.js";

/** Identifiers whose mention alone makes a body matter to map hazards. */
const HAZARD_WORDS = new Set([
  // maps
  "map", "make", "delete", "clear",
  // goroutines, locks, joins, channels
  "go", "chan", "select", "sync", "Lock", "Unlock", "RLock", "RUnlock", "TryLock", "TryRLock", "Locker",
  "Wait", "Done", "Go", "AfterFunc",
  // decoding into maps, maps of the standard library, handlers
  "Unmarshal", "Decode", "NewDecoder", "Header", "Trailer", "Values", "Set", "Add",
  "ServeHTTP", "Handle", "HandleFunc", "Handler", "HandlerFunc",
]);

export interface RelevanceFile {
  text: string;
  /** The file's top-level nodes. */
  top: readonly Kid[];
}

/**
 * How a name must be mentioned to count: functions and package variables
 * bare; methods and fields after a dot; a type where its value is made
 * (`T{`, `new(T)`), or anywhere when the type is no struct or interface (a
 * named map type's methods index their receiver without naming any field).
 */
type Mode = "bare" | "selector" | "made" | "type";

/** Something a relevant name may stand for: a function, a type, a struct field line, a package variable. */
interface Entity {
  names: string[];
  mode: Mode;
  text: string;
  from: number;
  to: number;
  /**
   * Where a `func` counts: a func-typed parameter or field may call what it
   * is handed; a literal in a body adds nothing its own text does not.
   */
  funcFrom: number;
  funcTo: number;
  /** A function or method: its callers are one call further from the hazard. */
  callable: boolean;
  /**
   * A type spec: a struct or interface type it names by value is part of its
   * value (its zero value holds that type's nil maps); behind `*` it is not.
   */
  inType: boolean;
  /** Where a function's body starts: a struct type named there declares or makes a value (`var t T`, `T{}`), in the header it is only passed. */
  bodyFrom: number;
  relevant: boolean;
  /** Entities whose text mentions one of this entity's names. */
  dependents: number[];
  /** For functions: the plain type names of its receiver and parameters, by variable. */
  varTypes?: Map<string, string>;
}

/**
 * How many calls above a function that mentions a hazard its callers are
 * still lowered. With 2, a chain of three calls from a goroutine's root to
 * the map access is whole (both ends mention a hazard themselves). On the
 * real-bug corpus 2 reaches as far as no limit and 1 loses two races; on the
 * standard library 2 stubs 13% of the functions no limit would lower.
 */
export const MAX_CALLS = 2;

/** Per file, the start offsets of the function and method declarations to lower in full. */
export function relevantDeclarations(files: readonly RelevanceFile[], maxCalls = MAX_CALLS): Set<number>[] {
  const entities: Entity[] = [];
  const functionsOf: { start: number; entity: number }[][] = files.map(() => []);
  /** Methods by `Type.name`. */
  const methods = new Map<string, number>();
  const add: AddEntity = (names, mode, text, from, to, funcs = { from: 0, to: 0 }, callable = false) => {
    const named = names.filter((n) => n !== "_");
    entities.push({ names: named, mode, text, from, to, funcFrom: funcs.from, funcTo: funcs.to, callable, inType: mode === "made" || mode === "type", bodyFrom: callable ? funcs.to : mode === "selector" ? to : from, relevant: false, dependents: [] });
    return entities.length - 1;
  };
  files.forEach((file, i) => {
    for (const { node, type } of file.top) {
      const { startIndex: from, endIndex: to } = node;
      if (type === T.functionDeclaration || type === T.methodDeclaration) {
        const name = declaredName(file.text, from, to);
        const mode = type === T.methodDeclaration ? "selector" : "bare";
        // The body is the declaration's last child; without one, the whole header.
        const body = node.lastChild;
        const headerEnd = body?.type === T.block ? body.startIndex : to;
        const entity = add(name === null ? [] : [name], mode, file.text, from, to, { from: from + 4, to: headerEnd }, true);
        // A name text cannot read: lower it rather than guess.
        if (name === null) entities[entity].relevant = true;
        entities[entity].varTypes = headerVarTypes(file.text, from, to);
        const receiver = mode === "selector" ? receiverType(file.text, from, to) : null;
        if (receiver !== null && name !== null) methods.set(`${receiver}.${name}`, entity);
        functionsOf[i].push({ start: from, entity });
      } else if (type === T.typeDeclaration) addTypes(node, file.text, add);
      else if (type === T.varDeclaration) {
        for (const spec of specsOf(node)) {
          const names = spec.childrenForFieldName("name").flatMap((n) => (n ? [file.text.slice(n.startIndex, n.endIndex)] : []));
          add(names, "bare", file.text, spec.startIndex, spec.endIndex);
        }
      }
    }
  });
  settle(entities, methods, maxCalls);
  return functionsOf.map((fns) => new Set(fns.filter((f) => entities[f.entity].relevant).map((f) => f.start)));
}

type AddEntity = (names: string[], mode: Mode, text: string, from: number, to: number, funcs?: { from: number; to: number }, callable?: boolean) => number;

/** A type spec is one entity; each line of its body another, named by the field names it starts with. */
function addTypes(decl: Node, text: string, add: AddEntity): void {
  for (const spec of decl.namedChildren) {
    if (spec?.type !== T.typeSpec && spec?.type !== T.typeAlias) continue;
    const nameNode = spec.childForFieldName("name");
    const { startIndex: from, endIndex: to } = spec;
    const typeNode = spec.childForFieldName("type");
    const kind = typeNode?.type;
    const mode = kind === T.structType || kind === T.pointerType || kind === "interface_type" ? "made" : "type";
    // `func` in a type makes its func-typed fields relevant (below), not every mention of the type.
    add(nameNode ? [text.slice(nameNode.startIndex, nameNode.endIndex)] : [], mode, text, from, to);
    // Fields from the first brace on, one per line or `;` (`struct{ m map[K]V }` too).
    const brace = text.indexOf("{", from);
    for (let start = brace + 1; brace >= 0 && start < to; ) {
      const end = segmentEnd(text, start, to);
      const names = leadingNames(text, start, end);
      if (names.length) add(names, "selector", text, start, end, { from: start, to: end });
      start = end + 1;
    }
  }
}

function segmentEnd(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 59) return i;
  }
  return to;
}

/**
 * Who mentions a name, by the mode a mention of it counts in: one list for
 * all the entities of that name and mode, not one per entity, so a name that
 * hundreds of entities share (broken code read as thousands of struct
 * fields named `if`) costs one list per mention rather than one per pair.
 */
type Mentions = Map<string, { mode: Mode; by: number[] }[]>;

/** Marks what hazard words make relevant, then what relevant names reach, until nothing changes. */
function settle(entities: Entity[], methods: Map<string, number>, maxCalls: number): void {
  const mentions: Mentions = new Map();
  entities.forEach((e) => {
    for (const n of e.names) {
      let byMode = mentions.get(n);
      if (!byMode) mentions.set(n, (byMode = []));
      if (!byMode.some((g) => g.mode === e.mode)) byMode.push({ mode: e.mode, by: [] });
    }
  });
  // Breadth first by calls from a hazard word, up to maxCalls.
  const hops = new Array<number>(entities.length).fill(Number.POSITIVE_INFINITY);
  let level: number[] = [];
  entities.forEach((e, i) => {
    if (e.relevant || scan(e, i, mentions, entities, methods)) {
      hops[i] = 0;
      level.push(i);
    }
  });
  // Entities leave the queue in order of their distance, so the first of a name and mode to pass relevance on
  // passes it as far as any other will: the list is walked once per cost.
  const walked = [new Set<number[]>(), new Set<number[]>()];
  for (let depth = 0; level.length; depth++) {
    const next: number[] = [];
    // Fields, types and variables pass relevance on at no cost; a function passes it to its callers one call further.
    for (let k = 0; k < level.length; k++) {
      const from = level[k];
      const e = entities[from];
      const cost = e.callable ? 1 : 0;
      const reach = (list: readonly number[]): void => {
        for (const d of list) {
          if (hops[d] <= depth + cost || depth + cost > maxCalls) continue;
          hops[d] = depth + cost;
          (cost ? next : level).push(d);
        }
      };
      reach(e.dependents);
      for (const n of e.names) {
        const list = mentions.get(n)?.find((g) => g.mode === e.mode)?.by;
        if (!list || walked[cost].has(list)) continue;
        walked[cost].add(list);
        reach(list);
      }
    }
    level = next;
  }
  entities.forEach((e, i) => {
    e.relevant = hops[i] < Number.POSITIVE_INFINITY;
  });
}

/** Builtins and keywords: a mention after `.` is a method of that name, which the package's own names cover. */
const BUILTIN_WORDS = new Set(["map", "make", "delete", "clear", "go", "chan", "select"]);

/**
 * Reads the entity's identifiers once, skipping comments and literals: true
 * on a hazard word; otherwise records it as a dependent of the names it
 * mentions.
 */
function scan(e: Entity, self: number, mentions: Mentions, entities: Entity[], methods: Map<string, number>): boolean {
  const { text, to } = e;
  let at = e.from;
  while (at < to) {
    const c = text.charCodeAt(at);
    if (isIdentStart(c)) {
      const end = identEnd(text, at, to);
      const word = text.slice(at, end);
      if (HAZARD_WORDS.has(word) && hazardAt(text, word, at, end)) return true;
      if (word === "func" && at >= e.funcFrom && at < e.funcTo) return true;
      const method = e.varTypes ? methodOfVar(text, at, word, e.varTypes, methods) : undefined;
      if (method !== undefined) addDependent(entities[method], self);
      else {
        const byMode = mentions.get(word);
        if (byMode)
          for (let g = 0; g < byMode.length; g++) {
            const list = byMode[g].by;
            if (counts(byMode[g].mode, e, at) && list[list.length - 1] !== self) list.push(self);
          }
      }
      at = end;
    } else if (c >= 48 && c <= 57) {
      // A number: its letters (0x1F, 1e9) are no identifier.
      at = identEnd(text, at, to);
    } else if (c === 47 && text.charCodeAt(at + 1) === 47) {
      const end = text.indexOf("\n", at);
      at = end < 0 ? to : end;
    } else if (c === 47 && text.charCodeAt(at + 1) === 42) {
      const end = text.indexOf("*/", at + 2);
      at = end < 0 ? to : end + 2;
    } else if (c === 34 || c === 39) {
      at = quotedEnd(text, at, to, c);
    } else if (c === 96) {
      const end = text.indexOf("`", at + 1);
      at = end < 0 ? to : end + 1;
    } else {
      if (c === 60 && text.charCodeAt(at + 1) === 45) return true; // <-
      at++;
    }
  }
  return false;
}

/** Records `self` as mentioning `e` once, however often it does (a body names a field again and again). */
function addDependent(e: Entity, self: number): void {
  const list = e.dependents;
  if (list[list.length - 1] !== self) list.push(self);
}

/**
 * `v.reset` where `v` is a receiver or parameter of a package type with a
 * method `reset`: that method alone, as the call graph will resolve it, not
 * every method of that name (a common name would drag in most of a package).
 */
function methodOfVar(text: string, at: number, word: string, varTypes: Map<string, string>, methods: Map<string, number>): number | undefined {
  if (text.charCodeAt(at - 1) !== 46) return undefined;
  let start = at - 1;
  while (start > 0 && identEnd(text, start - 1, start) === start) start--;
  // `a.v.reset`: v is a field, not the variable.
  if (start === at - 1 || text.charCodeAt(start - 1) === 46) return undefined;
  const type = varTypes.get(text.slice(start, at - 1));
  return type === undefined ? undefined : methods.get(`${type}.${word}`);
}

/** Whether the mention at [at, end) is one `mode` counts. */
function counts(mode: Mode, e: Entity, at: number): boolean {
  const text = e.text;
  const afterDot = text.charCodeAt(at - 1) === 46;
  if (mode === "selector") return afterDot;
  if (afterDot) return false;
  if (mode !== "made" || at >= e.bodyFrom) return true;
  // A field line names the type of what its field holds, which mentions of the field do not touch.
  if (!e.inType && !e.callable) return false;
  // In a type or a header, a value of the type (a result's zero value, an embedded struct), not a pointer to one.
  return text.charCodeAt(at - 1) !== 42;
}

/** Whether a hazard word at [at, end) means what it says: a builtin not called as a method, a make of no slice. */
function hazardAt(text: string, word: string, at: number, end: number): boolean {
  if (!BUILTIN_WORDS.has(word)) return true;
  if (text.charCodeAt(at - 1) === 46) return false; // .
  // make([]T, n) makes a slice, never a map.
  return word !== "make" || text.charCodeAt(end) !== 40 || text.charCodeAt(end + 1) !== 91;
}

