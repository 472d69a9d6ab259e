// The walk for library maps over one function that mentions them: declares
// the variables that start with a nil library map (library-scope.ts) and
// classifies every later use of their names. It runs only on functions whose
// text names a library type (see library-shapes.ts), so it costs nothing
// elsewhere, and it keeps its facts apart from the package's map symbols
// (see library-types.ts).
import type { Node } from "web-tree-sitter";
import { F, isStatementType, SCOPED_STATEMENTS, T } from "../go/grammar.js";
import { expressions, field, kids, operatorOf, unparen } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import { LibraryScope, spanOf } from "./library-scope.js";
import { LIBRARY_READ_METHODS, LIBRARY_WRITE_METHODS, type LibraryValue } from "./library-types.js";

export class LibraryWalker extends LibraryScope {
  walk(fn: Node): void {
    const body = field(fn, F.body);
    if (body) this.visit(body);
  }

  protected visit(node: Node): void {
    const saved = this.statement;
    this.visitNode(node);
    this.statement = saved;
  }

  private visitNode(node: Node): void {
    const type = node.type;
    if (isStatementType(type) && type !== T.block && type !== T.statementList && !SCOPED_STATEMENTS.has(type)) {
      this.statement = locationOf(this.path, node);
    }
    if (type === T.block || SCOPED_STATEMENTS.has(type)) return this.scoped(node);
    switch (type) {
      // A deferred or spawned call runs later, like a closure.
      case T.deferStatement:
      case T.goStatement:
      case T.funcLiteral: {
        const saved = { closure: this.closure, block: this.block };
        this.closure = ++this.closures;
        this.block = spanOf(node);
        for (const k of kids(node)) this.visit(k);
        Object.assign(this, saved);
        return;
      }
      case T.varDeclaration:
        return this.varDeclaration(node);
      case T.shortVarDeclaration:
        return this.shortVar(node);
      case T.assignmentStatement:
        return this.assignment(node);
      case T.callExpression:
        return this.call(node);
      case T.indexExpression:
        return this.index(node, "read");
      case T.selectorExpression:
        return this.selector(node);
      case T.rangeClause: {
        const right = field(node, F.right);
        const target = right ? this.mapTarget(unparen(right)) : null;
        if (target && right) this.use(target, right.startIndex, "read", "range");
        else if (right) this.visit(right);
        for (const l of expressions(field(node, F.left))) this.visit(l);
        return;
      }
      case T.identifier:
        return this.useName(node.text, node.startIndex, "other", "");
      default:
        for (const k of kids(node)) this.visit(k);
    }
  }

  /** A block or a statement with a scope of its own; loops and conditions noted on the way. */
  private scoped(node: Node): void {
    const saved = this.block;
    const loop = node.type === T.forStatement;
    if (loop) this.loops.push(spanOf(node));
    this.block = spanOf(node);
    for (const k of kids(node)) {
      if (k.type === T.forClause) {
        for (const part of kids(k)) {
          if (part.startIndex === field(k, F.condition)?.startIndex) this.condition(part);
          else this.visit(part);
        }
      } else if (isStatementType(k.type) || k.type === T.rangeClause || k.type === T.funcLiteral) this.visit(k);
      else if (node.type === T.block) this.visit(k);
      else this.condition(k);
    }
    this.block = saved;
    if (loop) this.loops.pop();
  }

  private condition(node: Node): void {
    this.conditions++;
    this.visit(node);
    this.conditions--;
  }


  private assignment(node: Node): void {
    for (const l of expressions(field(node, F.left))) {
      const t = unparen(l);
      // Every assignment operator stores into the indexed map.
      if (t.type === T.indexExpression) this.index(t, "write");
      else if (t.type === T.selectorExpression && this.mapTarget(t)) this.use(this.mapTarget(t), t.startIndex, "other", "");
      else this.visit(t);
    }
    for (const r of expressions(field(node, F.right))) this.visit(r);
  }

  private call(node: Node): void {
    const fn = field(node, F.function);
    const args = kids(field(node, F.arguments) ?? node).filter((a) => a !== fn);
    const operand = fn?.type === T.selectorExpression ? field(fn, F.operand) : null;
    const method = fn?.type === T.selectorExpression ? field(fn, F.field)?.text : undefined;
    const target = operand ? this.mapTarget(unparen(operand)) : null;
    const owners = operand && !target ? this.structOf(unparen(operand)) : [];
    const len = fn?.type === T.identifier && fn.text === "len" && args.length === 1 ? this.mapTarget(unparen(args[0])) : null;
    if (target && method && operand) {
      const kind = LIBRARY_WRITE_METHODS.has(method) ? "write" : LIBRARY_READ_METHODS.has(method) ? "read" : "other";
      this.use(target, operand.startIndex, kind, method);
    } else if (owners.length > 0 && operand) {
      // A method of the struct (`req.ParseForm()`) may set its maps.
      for (const owner of owners) this.use(owner, operand.startIndex, "other", "");
    } else if (len) {
      this.use(len, node.startIndex, "read", "len");
      return;
    } else if (fn) this.visit(fn);
    for (const a of args) this.visit(a);
  }

  private index(node: Node, kind: "read" | "write"): void {
    const operand = field(node, F.operand);
    const target = operand ? this.mapTarget(unparen(operand)) : null;
    if (target && operand) this.use(target, operand.startIndex, kind, "index");
    else if (operand) this.visit(operand);
    const index = field(node, F.index);
    if (index) this.visit(index);
  }

  /** `x.f` outside a call or index: another field of a struct is only read; the map itself escapes. */
  private selector(node: Node): void {
    const operand = field(node, F.operand);
    const target = this.mapTarget(node);
    const owners = operand ? this.structOf(unparen(operand)) : [];
    if (target) this.use(target, node.startIndex, "other", "");
    else if (owners.length > 0 && operand) for (const owner of owners) this.use(owner, operand.startIndex, "read", "");
    else if (operand) this.visit(operand);
  }

  /** The tracked value whose map `node` denotes: `h` for a map variable, `req.Header` for a struct. */
  private mapTarget(node: Node): LibraryValue | null {
    if (node.type === T.identifier) {
      return this.resolveAll(node.text, node.startIndex).find((v) => v.form === "var") ?? null;
    }
    if (node.type !== T.selectorExpression) return null;
    const operand = field(node, F.operand);
    const name = field(node, F.field)?.text;
    const owners = operand ? this.structOf(unparen(operand)) : [];
    return owners.find((o) => o.field === name) ?? null;
  }

  /** The tracked struct value `node` is (`req` or `(*req)`): one entry per map field it leaves nil. */
  private structOf(node: Node): LibraryValue[] {
    let n = node;
    if (n.type === T.unaryExpression && operatorOf(n) === "*") {
      const operand = field(n, F.operand);
      if (!operand) return [];
      n = unparen(operand);
    }
    const values = n.type === T.identifier ? this.resolveAll(n.text, n.startIndex) : [];
    return values.filter((v) => v.form !== "var");
  }
}
