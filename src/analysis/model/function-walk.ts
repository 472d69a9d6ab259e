// One walk over one function body: resolves names through scopes and records
// what happens to every map symbol, in order, with the context rules need.
import type { Node } from "web-tree-sitter";
import { F, isStatementType, SCOPED_STATEMENTS, T, TOKEN } from "../go/grammar.js";
import { expressions, field, fields, isIdentifier, kids, operatorOf, unparen } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import { varDeclarationSite, varSpecs } from "./declarations.js";
import { spanOf } from "./expression-walk.js";
import { GoroutineWalker } from "./goroutine-walk.js";
import type { MapSymbol } from "./model-types.js";
import { classifyValue, mapTypeText } from "./map-types.js";

export type { EventSink } from "./expression-walk.js";

export interface WalkResult {
  hasGoto: boolean;
}

export class FunctionWalker extends GoroutineWalker {
  /** Walks a function or method declaration. */
  walkDeclaration(fn: Node): WalkResult {
    const body = field(fn, F.body);
    this.locks.enterDeclaration(fn, this.sink.lines);
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

  protected walkBody(body: Node): void {
    this.stmt(body);
  }

  private stmt(node: Node): void {
    const type = node.type;
    // A `return` assigns named results without naming them.
    if (type !== T.returnStatement && !this.mayMatter(node)) return;
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
      case T.goStatement:
        return this.goStatement(node);
      case T.sendStatement:
        return this.sendStatement(node);
      case T.receiveStatement:
        return this.receive(node);
      case T.deferStatement:
        // `defer mu.Unlock()` keeps the lock held to the end of the function.
        if (this.locks.deferred(node, this.scope, this.closure, this.statement)) return;
        for (const k of kids(node)) this.stmtOrExpr(k);
        return;
      default:
        for (const k of kids(node)) this.stmtOrExpr(k);
    }
  }

  private stmtOrExpr(node: Node): void {
    if (isStatementType(node.type)) this.stmt(node);
    else this.expr(node);
  }

  private blockBody(node: Node): void {
    const saved = this.block;
    const held = this.locks.held;
    this.block = spanOf(node);
    for (const k of kids(node)) this.stmt(k);
    this.block = saved;
    this.locks.restore(held);
  }

  /** if / for / switch / select and their clauses: header first, then the body with its guards. */
  private scoped(node: Node): void {
    const isLoop = node.type === T.forStatement;
    if (isLoop) this.loops.push(spanOf(node));
    const savedGuards = this.guards;
    // What a branch locks or unlocks is not known to hold after it.
    const held = this.locks.held;
    const aliasAt = node.type === T.typeSwitchStatement ? field(node, F.alias)?.startIndex : undefined;
    for (const k of kids(node)) {
      // Read once: every `.type` is a call into WASM.
      const kType = k.type;
      if (kType === T.forClause) {
        this.optionalStmt(field(k, F.initializer));
        this.guarded(field(k, F.condition));
        this.optionalStmt(field(k, F.update));
      } else if (kType === T.rangeClause) {
        this.rangeClause(k);
      } else if (kType === T.receiveStatement) {
        this.receive(k);
      } else if (k.startIndex === aliasAt) {
        // `switch v := x.(type)`: v is declared anew in every clause, never a known map.
        for (const alias of expressions(k)) this.scope.declare(alias.text, null);
      } else if (isStatementType(kType)) {
        this.stmt(k);
      } else this.guarded(k);
    }
    this.guards = savedGuards;
    this.locks.restore(held);
    if (isLoop) this.loops.pop();
  }

  private receive(node: Node): void {
    this.optionalExpr(field(node, F.right));
    const defines = node.children.some((c) => c?.type === TOKEN.define);
    for (const l of expressions(field(node, F.left))) {
      if (defines && isIdentifier(l)) this.scope.declare(l.text, null);
      else this.assignTo(l, "other", TOKEN.assign);
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
      const ref = this.mapRef(target);
      if (ref) this.emit("range", ref.symbol, target.startIndex, locationOf(this.sink.path, target), { base: ref.base });
      else {
        this.expr(right);
        this.rangeJoin(target);
      }
    }
    const left = expressions(field(clause, F.left));
    const defines = clause.children.some((c) => c?.type === TOKEN.define);
    for (const l of left) {
      if (defines && isIdentifier(l)) this.scope.declare(l.text, null);
      else this.assignTo(l, "other", TOKEN.assign);
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
        if (!typeText) {
          this.scope.declare(nameNode.text, null);
          if (this.declareStructName(nameNode, field(spec, F.type), value ?? null, "local")) this.noteMapName(nameNode.text);
          return;
        }
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
    // `f := func() {...}` started only by `go f()`: walked as that goroutine's body.
    const [name] = left;
    const [value] = right;
    const single = left.length === 1 && right.length === 1 && isIdentifier(name) && value !== undefined;
    if (!single || !this.boundGoroutineLiteral(name, value)) for (const r of right) this.expr(r);
    left.forEach((l, i) => {
      if (!isIdentifier(l)) return;
      const value = right.length === left.length ? right[i] : undefined;
      if (this.scope.declaresHere(l.text)) return this.assignTo(l, value ?? "multi", TOKEN.assign);
      const facts = value ? classifyValue(value, this.sink.named) : null;
      if (!facts?.mapType) {
        this.scope.declare(l.text, null);
        if (this.declareStructName(l, null, value ?? null, "local")) this.noteMapName(l.text);
        return;
      }
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
    this.noteMapName(nameNode.text);
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
  private incDec(node: Node): void {
    const operand = kids(node)[0];
    if (!operand) return;
    const op = node.type === T.incStatement ? TOKEN.increment : TOKEN.decrement;
    const t = unparen(operand);
    if (t.type === T.indexExpression) this.indexWrite(t, op);
    else if (t.type === T.typeInstantiationExpression) this.instantiationWrite(t, op);
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

}
