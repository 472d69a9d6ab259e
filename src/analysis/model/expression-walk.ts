// The expression half of the walk over a function: name resolution, map
// events, and the context (closure, loops, guards) every event carries.
// Statements, which open scopes and declare names, are in function-walk.ts.
import type { Node } from "web-tree-sitter";
import { F, T, TOKEN } from "../go/grammar.js";
import { field, isIdentifier, kids, operatorOf, unparen } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import type { Location } from "../types.js";
import { bodyOpenLine, declareParameters, type SymbolFactory } from "./declarations.js";
import type { AssignSource, FieldBase, MapEvent, MapEventKind, MapSymbol, Span } from "./model-types.js";
import type { GoroutineRecorder } from "./goroutine-recorder.js";
import { LockTracker, type LockSink } from "./lock-tracker.js";
import { LOCK_WORDS } from "./lock-types.js";
import { classifyValue } from "./map-types.js";
import { MentionIndex } from "./mention-index.js";
import { ALWAYS_RELEVANT } from "./relevance.js";
import { Scope } from "./scope.js";
import { type Place, type StructSink, StructTracker } from "./struct-tracker.js";

export interface EventSink extends SymbolFactory {
  /** The file's source text. */
  readonly text: string;
  /** Names that make a statement worth walking: named map types, package-level maps. */
  readonly relevantWords: readonly string[];
  event(event: MapEvent): void;
  /** Goroutines, handlers and joins found by the walk (see goroutine-walk.ts). */
  readonly goroutines: GoroutineRecorder;
  /** Struct types of the package: map fields reached through `x.f` are symbols too. */
  readonly structs: StructSink;
  /** Mutexes of the package and where lock calls go (see lock-tracker.ts). */
  readonly locks: LockSink;
}

/** A map an expression denotes: a variable, or a map field with the value it is reached through. */
export interface MapRef {
  symbol: MapSymbol;
  base?: FieldBase;
}

/** Besides map names: closures may assign anything; `goto` changes what "before" means. */
const STATEMENT_WORDS = ["func", "goto"];

const NO_GUARDS: ReadonlySet<number> = new Set();
export const spanOf = (node: Node): Span => ({ start: node.startIndex, end: node.endIndex });

export abstract class ExpressionWalker {
  protected scope: Scope;
  protected closure = 0;
  protected closures = 0;
  protected loops: Span[] = [];
  protected block: Span;
  protected guards: ReadonlySet<number> = NO_GUARDS;
  /** Named results of the innermost function: a `return x` assigns them. */
  protected results: MapSymbol[] = [];
  protected statement: Location;
  protected hasGoto = false;
  /** The concurrently running body holding the code being walked (see goroutine-walk.ts). */
  protected goroutine: number | null = null;
  protected readonly structs: StructTracker;
  protected readonly locks: LockTracker;

  constructor(
    protected readonly sink: EventSink,
    packageScope: Scope,
    protected readonly functionIndex: number,
    root: Node,
  ) {
    this.scope = new Scope(packageScope);
    this.block = spanOf(root);
    this.root = this.block;
    this.statement = locationOf(sink.path, root);
    this.words = new Set([...sink.relevantWords, ...STATEMENT_WORDS, ...LOCK_WORDS]);
    this.structs = new StructTracker(sink.structs);
    this.locks = new LockTracker(sink.locks, functionIndex, sink.text);
  }

  protected place(): Place {
    return { path: this.sink.path, lines: this.sink.lines, functionIndex: this.functionIndex, closure: this.closure };
  }

  /** The map `node` denotes: an identifier of a map variable, or `x.f` for a map field of a struct of the package. */
  protected mapRef(node: Node | null): MapRef | null {
    if (!node) return null;
    if (node.type === T.identifier) {
      const symbol = this.scope.resolve(node.text);
      return symbol ? { symbol } : null;
    }
    return node.type === T.selectorExpression ? this.structs.fieldRef(node, this.scope) : null;
  }

  /**
   * Whether a statement can matter: it mentions `map`, a map's name, `func` or
   * `goto`. One that does not can neither touch nor declare nor hide a map,
   * and skipping it keeps the walk cheap.
   */
  protected mayMatter(node: Node): boolean {
    this.mentions ??= this.indexMentions();
    return this.mentions.any(node.startIndex, node.endIndex);
  }

  protected noteMapName(name: string): void {
    if (this.words.has(name)) return;
    this.words.add(name);
    this.mentions?.add(name);
  }

  /** Words worth walking for besides those of the package and the names found so far. */
  protected indexMoreWords(_index: MentionIndex): void {}

  private indexMentions(): MentionIndex {
    const index = new MentionIndex(this.sink.text, this.root.start, this.root.end);
    for (const word of ALWAYS_RELEVANT) index.add(word);
    for (const word of this.words) index.add(word);
    this.indexMoreWords(index);
    return index;
  }

  private readonly words: Set<string>;
  /** The span walked: every statement asked about lies inside it. */
  protected readonly root: Span;
  /** Built on the first statement asked about; words noted later are added to it. */
  private mentions: MentionIndex | null = null;

  /** Walks the body of a function literal (a statement). */
  protected abstract walkBody(body: Node): void;

  protected declareSignature(fn: Node, body: Node | null): void {
    const place = { functionIndex: this.functionIndex, closure: this.closure };
    for (const p of declareParameters(this.sink, field(fn, F.receiver), { ...place, kind: "receiver" }, null)) {
      this.scope.declare(p.name, p.symbol);
      if (p.symbol || this.declareStructName(p.nameNode, p.typeNode, null, "receiver")) this.noteMapName(p.name);
    }
    for (const p of declareParameters(this.sink, field(fn, F.parameters), { ...place, kind: "param" }, null)) {
      this.scope.declare(p.name, p.symbol);
      if (p.symbol || this.declareStructName(p.nameNode, p.typeNode, null, "param")) this.noteMapName(p.name);
    }
    const openLine = bodyOpenLine(this.sink.lines, body);
    this.results = [];
    for (const r of declareParameters(this.sink, field(fn, F.result), { ...place, kind: "result" }, openLine)) {
      this.scope.declare(r.name, r.symbol);
      if (r.symbol) this.noteMapName(r.name);
      if (r.symbol) {
        this.results.push(r.symbol);
        this.emit("declare", r.symbol, r.symbol.at, r.symbol.declared, {});
      }
    }
  }

  /** Declares a name of a struct type of the package, if it is one; true when it was. */
  protected declareStructName(name: Node | null, typeNode: Node | null, value: Node | null, kind: MapSymbol["kind"]): boolean {
    return name !== null && this.structs.declare(this.scope, name, typeNode, value, kind, this.place());
  }

  protected assignTo(target: Node, value: Node | "multi" | AssignSource, op: string): void {
    const t = unparen(target);
    const ref = t.type === T.identifier || t.type === T.selectorExpression ? this.mapRef(t) : null;
    if (t.type === T.identifier && !ref) this.structs.touch(t, this.scope, this.place());
    if (ref) {
      if (op !== TOKEN.assign) return;
      const source = typeof value === "string" ? value : classifyValue(value, this.sink.named).source;
      const loc = locationOf(this.sink.path, t);
      if (source === "nil") this.emit("nil", ref.symbol, t.startIndex, loc, { base: ref.base });
      else this.emit("assign", ref.symbol, t.startIndex, loc, { source, base: ref.base });
      return;
    }
    if (t.type === T.identifier) return;
    if (t.type === T.indexExpression) return this.indexWrite(t, op);
    if (t.type === T.typeInstantiationExpression) return this.instantiationWrite(t, op);
    this.expr(t);
  }

  /**
   * `m[a.b][c.d] = v` parses as a generic type instantiation `m[a.b]` applied
   * to `c.d` (the grammar cannot tell them apart): for a map `m` it is a
   * nested write. The keys are parsed as type names, so there is nothing in them to walk.
   */
  protected instantiationWrite(node: Node, op: string): void {
    const generic = field(node, F.type);
    const base = generic?.type === T.genericType ? field(generic, F.type) : null;
    const sym = base ? this.scope.resolve(base.text) : null;
    if (sym && base) this.emit("write", sym, base.startIndex, locationOf(this.sink.path, node), { operator: op, nested: true });
  }

  protected indexWrite(index: Node, op: string): void {
    const operand = field(index, F.operand);
    const target = operand ? unparen(operand) : null;
    const ref = this.mapRef(target);
    if (ref && target) {
      this.emit("write", ref.symbol, target.startIndex, locationOf(this.sink.path, index), { operator: op, base: ref.base });
    } else if (target?.type === T.indexExpression) {
      const inner = field(target, F.operand);
      const outer = inner ? unparen(inner) : null;
      const outerRef = this.mapRef(outer);
      if (outerRef && outer) {
        this.emit("write", outerRef.symbol, outer.startIndex, locationOf(this.sink.path, index), {
          operator: op,
          nested: true,
          base: outerRef.base,
        });
        this.optionalExpr(field(target, F.index));
      } else this.expr(target);
    } else if (target) this.expr(target);
    this.optionalExpr(field(index, F.index));
  }

  protected optionalExpr(node: Node | null): void {
    if (node) this.expr(node);
  }

  /** Visits an expression; `mention` (for conditions) hears of every map symbol it names. */
  protected expr(node: Node, mention?: (sym: MapSymbol) => void): void {
    switch (node.type) {
      case T.identifier: {
        const sym = this.scope.resolve(node.text);
        if (!sym) return this.structs.touch(node, this.scope, this.place());
        mention?.(sym);
        this.emit("escape", sym, node.startIndex, locationOf(this.sink.path, node), {});
        return;
      }
      case T.indexExpression: {
        const operand = field(node, F.operand);
        const target = operand ? unparen(operand) : null;
        const ref = this.mapRef(target);
        if (ref && target) {
          mention?.(ref.symbol);
          this.emit("read", ref.symbol, node.startIndex, locationOf(this.sink.path, node), { base: ref.base });
        } else if (operand) this.expr(operand, mention);
        const index = field(node, F.index);
        if (index) this.expr(index, mention);
        return;
      }
      case T.callExpression:
        return this.call(node, mention);
      case T.unaryExpression: {
        this.unaryHeard(node);
        const operand = field(node, F.operand);
        const target = operand ? unparen(operand) : null;
        const ref = operatorOf(node) === TOKEN.addressOf ? this.mapRef(target) : null;
        if (ref && target) {
          mention?.(ref.symbol);
          this.emit("address", ref.symbol, node.startIndex, locationOf(this.sink.path, node), { base: ref.base });
        } else if (operand) this.expr(operand, mention);
        return;
      }
      case T.binaryExpression:
        return this.binary(node, mention);
      case T.funcLiteral:
        return this.funcLiteral(node);
      case T.selectorExpression: {
        const whole = this.structs.fieldRef(node, this.scope);
        if (whole) {
          // `x.f` as a value: returned, passed, stored.
          mention?.(whole.symbol);
          this.emit("escape", whole.symbol, node.startIndex, locationOf(this.sink.path, node), { base: whole.base });
          return;
        }
        const operand = field(node, F.operand);
        const target = operand ? unparen(operand) : null;
        const ref = this.mapRef(target);
        // A map has no fields: `m.Set` is a method of a named map type, and a
        // method value with a pointer receiver holds `&m`.
        if (ref && target) {
          this.emit("address", ref.symbol, target.startIndex, locationOf(this.sink.path, node), { base: ref.base });
        } else if (operand && !this.structs.isFieldAccess(node, this.scope)) this.expr(operand, mention);
        return;
      }
      case T.compositeLiteral:
        this.structs.literal(node, this.place());
        for (const k of kids(node)) this.expr(k, mention);
        return;
      default:
        for (const k of kids(node)) {
          if (k.type === T.block) this.walkBody(k);
          else this.expr(k, mention);
        }
    }
  }

  /** `parts`: the callee and arguments when a subclass has fetched them already (every fetch crosses into WASM). */
  protected call(node: Node, mention?: (sym: MapSymbol) => void, parts: CallParts = callParts(node)): void {
    const { fn, args } = parts;
    if (fn && this.locks.call(node, fn, this.scope, this.closure, this.statement)) return;
    const first = args[0] ? unparen(args[0]) : null;
    const firstRef = this.mapRef(first);
    const builtin = isIdentifier(fn) && this.scope.resolve(fn.text) === null ? BUILTIN_EVENTS[fn.text] : undefined;
    if (fn && isIdentifier(fn)) this.structs.newCall(node, this.place());
    if (builtin && firstRef && first) {
      mention?.(firstRef.symbol);
      this.emit(builtin, firstRef.symbol, first.startIndex, locationOf(this.sink.path, node), { base: firstRef.base });
      for (const a of args.slice(1)) this.expr(a, mention);
      return;
    }
    if (fn?.type === T.selectorExpression) {
      const recv = field(fn, F.operand);
      const target = recv ? unparen(recv) : null;
      const ref = this.mapRef(target);
      // A method of a named map type may have a pointer receiver: `m.Set(k, v)` is `(&m).Set`.
      if (ref && target) {
        this.emit("address", ref.symbol, target.startIndex, locationOf(this.sink.path, fn), { base: ref.base });
      } else if (recv) this.expr(recv, mention);
    } else if (fn) this.expr(fn, mention);
    for (const a of args) this.expr(a, mention);
  }

  /** A unary expression about to be walked (a receive, for the concurrency half). */
  protected unaryHeard(_node: Node): void {}

  protected binary(node: Node, mention?: (sym: MapSymbol) => void): void {
    const op = operatorOf(node);
    const left = field(node, F.left);
    const right = field(node, F.right);
    if ((op === TOKEN.equal || op === TOKEN.notEqual) && left && right) {
      const [a, b] = [unparen(left), unparen(right)];
      const other = a.type === T.nil ? b : b.type === T.nil ? a : null;
      const ref = this.mapRef(other);
      if (ref && other) {
        mention?.(ref.symbol);
        this.emit("nil-compare", ref.symbol, other.startIndex, locationOf(this.sink.path, node), { base: ref.base });
        return;
      }
    }
    if (left) this.expr(left, mention);
    if (right) this.expr(right, mention);
  }

  protected funcLiteral(node: Node): void {
    const saved = { scope: this.scope, closure: this.closure, results: this.results, block: this.block, statement: this.statement };
    this.scope = new Scope(this.scope);
    this.closure = ++this.closures;
    const held = this.locks.enterLiteral(node);
    const body = field(node, F.body);
    this.declareSignature(node, body);
    if (body) this.walkBody(body);
    Object.assign(this, saved);
    this.locks.restore(held);
  }

  protected inScope(run: () => void): void {
    const saved = this.scope;
    this.scope = new Scope(saved);
    try {
      run();
    } finally {
      this.scope = saved;
    }
  }

  protected emit(
    kind: MapEventKind,
    symbol: MapSymbol,
    at: number,
    location: Location,
    extra: Pick<MapEvent, "source" | "operator" | "nested" | "base">,
  ): void {
    const { base, ...rest } = extra;
    this.sink.event({
      kind,
      symbol,
      at,
      location,
      statement: this.statement,
      ...rest,
      ...(base ? { base } : {}),
      context: {
        functionIndex: this.functionIndex,
        closure: this.closure,
        loops: this.loops.length ? [...this.loops] : [],
        block: this.block,
        guardedBy: this.guards,
        locksHeld: this.locks.held,
        goroutine: this.goroutine,
      },
    });
  }
}

export interface CallParts {
  fn: Node | null;
  args: Node[];
}

/** A call's callee and arguments (a conversion's operand when it has no argument list). */
export function callParts(node: Node): CallParts {
  const fn = field(node, F.function);
  return { fn, args: kids(field(node, F.arguments) ?? node).filter((a) => a !== fn) };
}

/** Builtins that act on the map in their first argument. */
const BUILTIN_EVENTS: Record<string, MapEventKind> = { delete: "delete", clear: "delete", len: "len" };
