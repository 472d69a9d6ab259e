// One walk over one function body: resolves names through scopes and records
// what happens to every map symbol, in order, with the context rules need.
import type { Node } from "web-tree-sitter";
import { F, SCOPED_STATEMENTS, T } from "../go/grammar.js";
import { expressions, field, fields, isIdentifier, kids, operatorOf, unparen } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import type { Location } from "../types.js";
import { bodyOpenLine, declareParameters, type SymbolFactory, varDeclarationSite, varSpecs } from "./declarations.js";
import type { AssignSource, MapEvent, MapEventKind, MapSymbol, Span } from "./model-types.js";
import { classifyValue, mapTypeText } from "./map-types.js";
import { Scope } from "./scope.js";

export interface EventSink extends SymbolFactory {
  event(event: MapEvent): void;
}

const NO_GUARDS: ReadonlySet<number> = new Set();
const spanOf = (node: Node): Span => ({ start: node.startIndex, end: node.endIndex });

export interface WalkResult {
  hasGoto: boolean;
}

export class FunctionWalker {
  private scope: Scope;
  private closure = 0;
  private closures = 0;
  private loops: Span[] = [];
  private block: Span;
  private guards: ReadonlySet<number> = NO_GUARDS;
  /** Named results of the innermost function: a `return x` assigns them. */
  private results: MapSymbol[] = [];
  private statement: Location;
  private hasGoto = false;

  constructor(
    private readonly sink: EventSink,
    packageScope: Scope,
    private readonly functionIndex: number,
    root: Node,
  ) {
    this.scope = new Scope(packageScope);
    this.block = spanOf(root);
    this.statement = locationOf(sink.path, root);
  }

  /** Walks a function or method declaration. */
  walkDeclaration(fn: Node): WalkResult {
    const body = field(fn, F.body);
    this.declareSignature(fn, body);
    if (body) this.stmt(body);
    return { hasGoto: this.hasGoto };
  }

  /** Walks a package-level initialiser expression (it may hold function literals). */
  walkExpression(expr: Node): WalkResult {
    this.statement = locationOf(this.sink.path, expr);
    this.expr(expr);
    return { hasGoto: this.hasGoto };
  }

  private declareSignature(fn: Node, body: Node | null): void {
    const place = { functionIndex: this.functionIndex, closure: this.closure };
    for (const p of declareParameters(this.sink, field(fn, F.receiver), { ...place, kind: "receiver" }, null)) {
      this.scope.declare(p.name, p.symbol);
    }
    for (const p of declareParameters(this.sink, field(fn, F.parameters), { ...place, kind: "param" }, null)) {
      this.scope.declare(p.name, p.symbol);
    }
    const openLine = bodyOpenLine(this.sink.lines, body);
    this.results = [];
    for (const r of declareParameters(this.sink, field(fn, F.result), { ...place, kind: "result" }, openLine)) {
      this.scope.declare(r.name, r.symbol);
      if (r.symbol) {
        this.results.push(r.symbol);
        this.emit("declare", r.symbol, r.symbol.at, r.symbol.declared, {});
      }
    }
  }

  private stmt(node: Node): void {
    const type = node.type;
    if (type === T.block) return this.inScope(() => this.blockBody(node));
    if (SCOPED_STATEMENTS.has(type)) return this.inScope(() => this.scoped(node));
    if (type !== T.statementList && type !== T.labeledStatement) this.statement = locationOf(this.sink.path, node);
    switch (type) {
      case T.statementList:
      case T.labeledStatement:
        for (const k of kids(node)) this.stmt(k);
        return;
      case T.varDeclaration:
        return this.localVar(node);
      case T.shortVarDeclaration:
        return this.shortVar(node);
      case T.assignmentStatement:
        return this.assignment(node);
      case T.incStatement:
      case T.decStatement:
        return this.incDec(node);
      case T.returnStatement:
        return this.returnStmt(node);
      case T.gotoStatement:
        this.hasGoto = true;
        return;
      case T.constDeclaration:
        for (const spec of kids(node)) for (const n of fields(spec, F.name)) this.scope.declare(n.text, null);
        for (const spec of kids(node)) for (const v of expressions(field(spec, F.value))) this.expr(v);
        return;
      case T.typeDeclaration:
        return;
      case T.receiveStatement:
        return this.receive(node);
      default:
        for (const k of kids(node)) this.stmtOrExpr(k);
    }
  }

  private stmtOrExpr(node: Node): void {
    if (isStatementLike(node.type)) this.stmt(node);
    else this.expr(node);
  }

  private blockBody(node: Node): void {
    const saved = this.block;
    this.block = spanOf(node);
    for (const k of kids(node)) this.stmt(k);
    this.block = saved;
  }

  /** if / for / switch / select and their clauses: header first, then the body with its guards. */
  private scoped(node: Node): void {
    const isLoop = node.type === T.forStatement;
    if (isLoop) this.loops.push(spanOf(node));
    const savedGuards = this.guards;
    const aliasAt = node.type === T.typeSwitchStatement ? field(node, F.alias)?.startIndex : undefined;
    for (const k of kids(node)) {
      if (k.type === T.forClause) {
        this.optionalStmt(field(k, F.initializer));
        this.guarded(field(k, F.condition));
        this.optionalStmt(field(k, F.update));
      } else if (k.type === T.rangeClause) {
        this.rangeClause(k);
      } else if (k.type === T.receiveStatement) {
        this.receive(k);
      } else if (k.startIndex === aliasAt) {
        // `switch v := x.(type)`: v is declared anew in every clause, never a known map.
        for (const alias of expressions(k)) this.scope.declare(alias.text, null);
      } else if (isStatementLike(k.type)) {
        this.stmt(k);
      } else this.guarded(k);
    }
    this.guards = savedGuards;
    if (isLoop) this.loops.pop();
  }

  private receive(node: Node): void {
    this.optionalExpr(field(node, F.right));
    const defines = node.children.some((c) => c?.type === ":=");
    for (const l of expressions(field(node, F.left))) {
      if (defines && isIdentifier(l)) this.scope.declare(l.text, null);
      else this.assignTo(l, "other", "=");
    }
  }

  /** A condition (or switch tag) whose map symbols guard what follows it in the same statement. */
  private guarded(cond: Node | null): void {
    if (!cond) return;
    const before = this.guards;
    const mentioned = new Set(before);
    const sizeBefore = mentioned.size;
    this.expr(cond, (sym) => mentioned.add(sym.id));
    if (mentioned.size !== sizeBefore) this.guards = mentioned;
  }

  private optionalStmt(node: Node | null): void {
    if (node) this.stmt(node);
  }

  private rangeClause(clause: Node): void {
    const right = field(clause, F.right);
    if (right) {
      const target = unparen(right);
      const sym = isIdentifier(target) ? this.scope.resolve(target.text) : null;
      if (sym) this.emit("range", sym, target.startIndex, locationOf(this.sink.path, target), {});
      else this.expr(right);
    }
    const left = expressions(field(clause, F.left));
    const defines = clause.children.some((c) => c?.type === ":=");
    for (const l of left) {
      if (defines && isIdentifier(l)) this.scope.declare(l.text, null);
      else this.assignTo(l, "other", "=");
    }
  }

  private localVar(node: Node): void {
    for (const { spec, grouped } of varSpecs(node)) {
      const names = fields(spec, F.name);
      const values = expressions(field(spec, F.value));
      for (const v of values) this.expr(v);
      const declaredType = mapTypeText(field(spec, F.type), this.sink.named);
      names.forEach((nameNode, i) => {
        const value = values.length === names.length ? values[i] : undefined;
        const facts = value ? classifyValue(value, this.sink.named) : null;
        const typeText = declaredType ?? facts?.mapType ?? null;
        if (!typeText) return this.scope.declare(nameNode.text, null);
        const nil = values.length === 0 || facts?.source === "nil";
        const symbol = this.newLocal(nameNode, typeText, nil, nil ? varDeclarationSite(this.sink.lines, node, spec, grouped) : null);
        const source = values.length === 0 ? undefined : values.length === names.length ? facts?.source : "multi";
        this.emit("declare", symbol, symbol.at, symbol.declared, { source: source === "nil" ? undefined : source });
      });
    }
  }

  private shortVar(node: Node): void {
    const left = expressions(field(node, F.left));
    const right = expressions(field(node, F.right));
    for (const r of right) this.expr(r);
    left.forEach((l, i) => {
      if (!isIdentifier(l)) return;
      const value = right.length === left.length ? right[i] : undefined;
      if (this.scope.declaresHere(l.text)) return this.assignTo(l, value ?? "multi", "=");
      const facts = value ? classifyValue(value, this.sink.named) : null;
      if (!facts?.mapType) return this.scope.declare(l.text, null);
      const symbol = this.newLocal(l, facts.mapType, false, null);
      this.emit("declare", symbol, symbol.at, symbol.declared, { source: facts.source === "nil" ? undefined : facts.source });
    });
  }

  private newLocal(nameNode: Node, typeText: string, nil: boolean, site: MapSymbol["declaration"]): MapSymbol {
    const symbol = this.sink.newSymbol({
      name: nameNode.text,
      kind: "local",
      path: this.sink.path,
      declared: locationOf(this.sink.path, nameNode),
      at: nameNode.startIndex,
      typeText,
      nilAtDeclaration: nil,
      exported: false,
      declaration: site,
      functionIndex: this.functionIndex,
      closure: this.closure,
    });
    this.scope.declare(nameNode.text, symbol);
    return symbol;
  }

  private assignment(node: Node): void {
    const left = expressions(field(node, F.left));
    const right = expressions(field(node, F.right));
    const op = operatorOf(node);
    for (const r of right) this.expr(r);
    left.forEach((l, i) => this.assignTo(l, right.length === left.length ? right[i] : "multi", op));
  }

  /** Records an assignment to `target` (an identifier, `m[k]`, or anything else). */
  private assignTo(target: Node, value: Node | "multi" | AssignSource, op: string): void {
    const t = unparen(target);
    if (t.type === T.identifier) {
      const sym = this.scope.resolve(t.text);
      if (!sym || op !== "=") return;
      const source = typeof value === "string" ? value : classifyValue(value, this.sink.named).source;
      const loc = locationOf(this.sink.path, t);
      if (source === "nil") this.emit("nil", sym, t.startIndex, loc, {});
      else this.emit("assign", sym, t.startIndex, loc, { source });
      return;
    }
    if (t.type === T.indexExpression) return this.indexWrite(t, op);
    this.expr(t);
  }

  private indexWrite(index: Node, op: string): void {
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

  private incDec(node: Node): void {
    const operand = kids(node)[0];
    if (!operand) return;
    const op = node.type === T.incStatement ? "++" : "--";
    const t = unparen(operand);
    if (t.type === T.indexExpression) this.indexWrite(t, op);
    else this.expr(t);
  }

  private returnStmt(node: Node): void {
    const values = kids(node).flatMap((k) => expressions(k));
    for (const v of values) this.expr(v);
    if (values.length === 0) return;
    for (const result of this.results) {
      this.emit("assign", result, node.startIndex, locationOf(this.sink.path, node), { source: "return" });
    }
  }

  private optionalExpr(node: Node | null): void {
    if (node) this.expr(node);
  }

  /** Visits an expression; `mention` (for conditions) hears of every map symbol it names. */
  private expr(node: Node, mention?: (sym: MapSymbol) => void): void {
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
        if (sym && operatorOf(node) === "&") {
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
        if (operand) this.expr(operand, mention);
        return;
      }
      default:
        for (const k of kids(node)) {
          if (k.type === T.block) this.stmt(k);
          else this.expr(k, mention);
        }
    }
  }

  private call(node: Node, mention?: (sym: MapSymbol) => void): void {
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

  private binary(node: Node, mention?: (sym: MapSymbol) => void): void {
    const op = operatorOf(node);
    const left = field(node, F.left);
    const right = field(node, F.right);
    if ((op === "==" || op === "!=") && left && right) {
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

  private funcLiteral(node: Node): void {
    const saved = { scope: this.scope, closure: this.closure, results: this.results, block: this.block, statement: this.statement };
    this.scope = new Scope(this.scope);
    this.closure = ++this.closures;
    const body = field(node, F.body);
    this.declareSignature(node, body);
    if (body) this.stmt(body);
    Object.assign(this, saved);
  }

  private inScope(run: () => void): void {
    const saved = this.scope;
    this.scope = new Scope(saved);
    try {
      run();
    } finally {
      this.scope = saved;
    }
  }

  private emit(
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

function isStatementLike(type: string): boolean {
  return (
    type.endsWith("_statement") ||
    type.endsWith("_declaration") ||
    type === T.block ||
    type === T.statementList ||
    SCOPED_STATEMENTS.has(type)
  );
}
