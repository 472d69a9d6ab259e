// The expression half of the walk over a function: name resolution, map
// events, and the context (closure, loops, guards) every event carries.
// Statements, which open scopes and declare names, are in function-walk.ts.
import type { Node } from "web-tree-sitter";
import { F, T, TOKEN } from "../go/grammar.js";
import { field, isIdentifier, kids, operatorOf, unparen } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import type { Location } from "../types.js";
import { bodyOpenLine, declareParameters, type SymbolFactory } from "./declarations.js";
import type { AssignSource, MapEvent, MapEventKind, MapSymbol, Span } from "./model-types.js";
import { classifyValue } from "./map-types.js";
import { relevanceTest } from "./relevance.js";
import { Scope } from "./scope.js";

export interface EventSink extends SymbolFactory {
  /** The file's source text. */
  readonly text: string;
  /** Names that make a statement worth walking: named map types, package-level maps. */
  readonly relevantWords: readonly string[];
  event(event: MapEvent): void;
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

  constructor(
    protected readonly sink: EventSink,
    packageScope: Scope,
    protected readonly functionIndex: number,
    root: Node,
  ) {
    this.scope = new Scope(packageScope);
    this.block = spanOf(root);
    this.statement = locationOf(sink.path, root);
    this.words = new Set([...sink.relevantWords, ...STATEMENT_WORDS]);
  }

  /**
   * Whether a statement can matter: it mentions `map`, a map's name, `func` or
   * `goto`. One that does not can neither touch nor declare nor hide a map,
   * and skipping it keeps the walk cheap.
   */
  protected mayMatter(node: Node): boolean {
    this.wordTest ??= relevanceTest(this.words);
    return this.wordTest(this.sink.text.slice(node.startIndex, node.endIndex));
  }

  protected noteMapName(name: string): void {
    if (this.words.has(name)) return;
    this.words.add(name);
    this.wordTest = null;
  }

  private readonly words: Set<string>;
  private wordTest: ((text: string) => boolean) | null = null;

  /** Walks the body of a function literal (a statement). */
  protected abstract walkBody(body: Node): void;

  protected declareSignature(fn: Node, body: Node | null): void {
    const place = { functionIndex: this.functionIndex, closure: this.closure };
    for (const p of declareParameters(this.sink, field(fn, F.receiver), { ...place, kind: "receiver" }, null)) {
      this.scope.declare(p.name, p.symbol);
      if (p.symbol) this.noteMapName(p.name);
    }
    for (const p of declareParameters(this.sink, field(fn, F.parameters), { ...place, kind: "param" }, null)) {
      this.scope.declare(p.name, p.symbol);
      if (p.symbol) this.noteMapName(p.name);
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

  protected assignTo(target: Node, value: Node | "multi" | AssignSource, op: string): void {
    const t = unparen(target);
    if (t.type === T.identifier) {
      const sym = this.scope.resolve(t.text);
      if (!sym || op !== TOKEN.assign) return;
      const source = typeof value === "string" ? value : classifyValue(value, this.sink.named).source;
      const loc = locationOf(this.sink.path, t);
      if (source === "nil") this.emit("nil", sym, t.startIndex, loc, {});
      else this.emit("assign", sym, t.startIndex, loc, { source });
      return;
    }
    if (t.type === T.indexExpression) return this.indexWrite(t, op);
    this.expr(t);
  }

  protected indexWrite(index: Node, op: string): void {
    const operand = field(index, F.operand);
    const target = operand ? unparen(operand) : null;
    const sym = isIdentifier(target) ? this.scope.resolve(target.text) : null;
    if (sym && target) {
      this.emit("write", sym, target.startIndex, locationOf(this.sink.path, index), { operator: op });
    } else if (target?.type === T.indexExpression) {
      const inner = field(target, F.operand);
      const outer = inner ? unparen(inner) : null;
      const outerSym = isIdentifier(outer) ? this.scope.resolve(outer.text) : null;
      if (outerSym && outer) {
        this.emit("write", outerSym, outer.startIndex, locationOf(this.sink.path, index), { operator: op, nested: true });
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
        if (!sym) return;
        mention?.(sym);
        this.emit("escape", sym, node.startIndex, locationOf(this.sink.path, node), {});
        return;
      }
      case T.indexExpression: {
        const operand = field(node, F.operand);
        const target = operand ? unparen(operand) : null;
        const sym = isIdentifier(target) ? this.scope.resolve(target.text) : null;
        if (sym) {
          mention?.(sym);
          this.emit("read", sym, node.startIndex, locationOf(this.sink.path, node), {});
        } else if (operand) this.expr(operand, mention);
        const index = field(node, F.index);
        if (index) this.expr(index, mention);
        return;
      }
      case T.callExpression:
        return this.call(node, mention);
      case T.unaryExpression: {
        const operand = field(node, F.operand);
        const target = operand ? unparen(operand) : null;
        const sym = isIdentifier(target) ? this.scope.resolve(target.text) : null;
        if (sym && operatorOf(node) === TOKEN.addressOf) {
          mention?.(sym);
          this.emit("address", sym, node.startIndex, locationOf(this.sink.path, node), {});
        } else if (operand) this.expr(operand, mention);
        return;
      }
      case T.binaryExpression:
        return this.binary(node, mention);
      case T.funcLiteral:
        return this.funcLiteral(node);
      case T.selectorExpression: {
        const operand = field(node, F.operand);
        const target = operand ? unparen(operand) : null;
        const sym = isIdentifier(target) ? this.scope.resolve(target.text) : null;
        // A map has no fields: `m.Set` is a method of a named map type, and a
        // method value with a pointer receiver holds `&m`.
        if (sym && target) this.emit("address", sym, target.startIndex, locationOf(this.sink.path, node), {});
        else if (operand) this.expr(operand, mention);
        return;
      }
      default:
        for (const k of kids(node)) {
          if (k.type === T.block) this.walkBody(k);
          else this.expr(k, mention);
        }
    }
  }

  protected call(node: Node, mention?: (sym: MapSymbol) => void): void {
    const fn = field(node, F.function);
    const args = kids(field(node, F.arguments) ?? node).filter((a) => a !== fn);
    const first = args[0] ? unparen(args[0]) : null;
    const firstSym = isIdentifier(first) ? this.scope.resolve(first.text) : null;
    const builtin = isIdentifier(fn) && this.scope.resolve(fn.text) === null ? BUILTIN_EVENTS[fn.text] : undefined;
    if (builtin && firstSym && first) {
      mention?.(firstSym);
      this.emit(builtin, firstSym, first.startIndex, locationOf(this.sink.path, node), {});
      for (const a of args.slice(1)) this.expr(a, mention);
      return;
    }
    if (fn?.type === T.selectorExpression) {
      const recv = field(fn, F.operand);
      const target = recv ? unparen(recv) : null;
      const sym = isIdentifier(target) ? this.scope.resolve(target.text) : null;
      // A method of a named map type may have a pointer receiver: `m.Set(k, v)` is `(&m).Set`.
      if (sym && target) this.emit("address", sym, target.startIndex, locationOf(this.sink.path, fn), {});
      else if (recv) this.expr(recv, mention);
    } else if (fn) this.expr(fn, mention);
    for (const a of args) this.expr(a, mention);
  }

  protected binary(node: Node, mention?: (sym: MapSymbol) => void): void {
    const op = operatorOf(node);
    const left = field(node, F.left);
    const right = field(node, F.right);
    if ((op === TOKEN.equal || op === TOKEN.notEqual) && left && right) {
      const [a, b] = [unparen(left), unparen(right)];
      const other = a.type === T.nil ? b : b.type === T.nil ? a : null;
      const sym = isIdentifier(other) ? this.scope.resolve(other.text) : null;
      if (sym && other) {
        mention?.(sym);
        this.emit("nil-compare", sym, other.startIndex, locationOf(this.sink.path, node), {});
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
    const body = field(node, F.body);
    this.declareSignature(node, body);
    if (body) this.walkBody(body);
    Object.assign(this, saved);
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
    extra: Pick<MapEvent, "source" | "operator" | "nested">,
  ): void {
    this.sink.event({
      kind,
      symbol,
      at,
      location,
      statement: this.statement,
      ...extra,
      context: {
        functionIndex: this.functionIndex,
        closure: this.closure,
        loops: this.loops.length ? [...this.loops] : [],
        block: this.block,
        guardedBy: this.guards,
        locksHeld: [],
        goroutine: null,
      },
    });
  }
}

/** Builtins that act on the map in their first argument. */
const BUILTIN_EVENTS: Record<string, MapEventKind> = { delete: "delete", clear: "delete", len: "len" };
