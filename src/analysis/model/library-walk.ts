// The walk for library maps over one function that mentions them: declares
// the variables that start with a nil library map and classifies every later
// use of their names. It runs only on functions whose text names a library
// type (see library-shapes.ts), so it costs nothing elsewhere, and it keeps
// its facts apart from the package's map symbols (see library-types.ts).
import type { Node } from "web-tree-sitter";
import { F, isStatementType, SCOPED_STATEMENTS, T } from "../go/grammar.js";
import { expressions, field, fields, kids, operatorOf, unparen } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import type { Location } from "../types.js";
import { varDeclarationSite, varSpecs } from "./declarations.js";
import { type LibraryNames, type LibraryStruct, qualifiedName, structShape } from "./library-shapes.js";
import { LIBRARY_READ_METHODS, LIBRARY_WRITE_METHODS, type LibraryUse, type LibraryValue } from "./library-types.js";
import type { Span } from "./model-types.js";

const spanOf = (node: Node): Span => ({ start: node.startIndex, end: node.endIndex });

export class LibraryWalker {
  private closure = 0;
  private closures = 0;
  private loops: Span[] = [];
  /** Inside an if/for/switch condition, any mention may be a nil check. */
  private conditions = 0;
  private block: Span;
  private statement: Location;
  private readonly declared = new Map<string, LibraryValue[]>();

  constructor(
    private readonly path: string,
    private readonly lines: readonly string[],
    private readonly names: LibraryNames,
    private readonly functionIndex: number,
    private readonly newValue: (init: Omit<LibraryValue, "id">) => LibraryValue,
    root: Node,
  ) {
    this.block = spanOf(root);
    this.statement = locationOf(path, root);
  }

  walk(fn: Node): void {
    const body = field(fn, F.body);
    if (body) this.visit(body);
  }

  private visit(node: Node): void {
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

  private varDeclaration(node: Node): void {
    for (const { spec, grouped } of varSpecs(node)) {
      const names = fields(spec, F.name);
      const typeNode = field(spec, F.type);
      const values = expressions(field(spec, F.value));
      for (const v of values) this.visit(v);
      for (const n of names) this.useName(n.text, n.startIndex, "other", "");
      const name = names.length === 1 ? names[0] : undefined;
      if (!name) continue;
      const qualified = qualifiedName(typeNode);
      const value = values.length === 1 ? values[0] : null;
      const nilValue = value === null || unparen(value).type === T.nil;
      const mapType = qualified ? this.names.maps.get(qualified) : undefined;
      const struct = qualified ? this.names.structs.get(qualified) : undefined;
      const common = { name, end: node.endIndex, statement: locationOf(this.path, node) };
      if (qualified && mapType && nilValue && values.length <= 1) {
        const declaration = varDeclarationSite(this.lines, node, spec, grouped);
        this.declare({ ...common, form: "var", field: null, typeText: qualified, mapText: name.text, mapTypeText: qualified, create: mapType.create, declaration, literal: null });
      } else if (qualified && struct && values.length === 0) {
        this.declareStruct(common, "zero", qualified, struct, null);
      } else if (!typeNode && value) {
        this.declareShape(common, value);
      }
    }
  }

  private shortVar(node: Node): void {
    const left = expressions(field(node, F.left));
    const right = expressions(field(node, F.right));
    for (const r of right) this.visit(r);
    left.forEach((l, i) => {
      this.useName(l.text, l.startIndex, "other", "");
      const value = right.length === left.length ? right[i] : undefined;
      if (l.type === T.identifier && value) this.declareShape({ name: l, end: node.endIndex, statement: locationOf(this.path, node) }, value);
    });
  }

  private declareShape(common: DeclarationCommon, value: Node): void {
    const shape = structShape(value, this.names, this.lines);
    if (shape) this.declareStruct(common, shape.form, shape.type, shape.struct, shape.literal);
  }

  private declareStruct(
    common: DeclarationCommon,
    form: LibraryValue["form"],
    typeText: string,
    struct: LibraryStruct,
    literal: LibraryValue["literal"],
  ): void {
    const { alias, type } = struct;
    const mapTypeText = `${alias}.${type.fieldType}`;
    const mapText = `${common.name.text}.${type.field}`;
    this.declare({ ...common, form, field: type.field, typeText, mapText, mapTypeText, create: "make", declaration: null, literal });
  }

  private declare(init: DeclarationCommon & Pick<LibraryValue, "form" | "field" | "typeText" | "mapText" | "mapTypeText" | "create" | "declaration" | "literal">): void {
    const { name, end, ...rest } = init;
    const value = this.newValue({
      ...rest,
      name: name.text,
      path: this.path,
      functionIndex: this.functionIndex,
      closure: this.closure,
      declared: locationOf(this.path, name),
      at: name.startIndex,
      after: end,
      block: this.block,
      loops: [...this.loops],
      uses: [],
    });
    const list = this.declared.get(name.text);
    if (list) list.push(value);
    else this.declared.set(name.text, [value]);
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
    const owner = operand && !target ? this.structOf(unparen(operand)) : null;
    const len = fn?.type === T.identifier && fn.text === "len" && args.length === 1 ? this.mapTarget(unparen(args[0])) : null;
    if (target && method && operand) {
      const kind = LIBRARY_WRITE_METHODS.has(method) ? "write" : LIBRARY_READ_METHODS.has(method) ? "read" : "other";
      this.use(target, operand.startIndex, kind, method);
    } else if (owner && operand) {
      // A method of the struct (`req.ParseForm()`) may set its map.
      this.use(owner, operand.startIndex, "other", "");
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
    const owner = operand ? this.structOf(unparen(operand)) : null;
    if (target) this.use(target, node.startIndex, "other", "");
    else if (owner && operand) this.use(owner, operand.startIndex, "read", "");
    else if (operand) this.visit(operand);
  }

  /** The tracked value whose map `node` denotes: `h` for a map variable, `req.Header` for a struct. */
  private mapTarget(node: Node): LibraryValue | null {
    if (node.type === T.identifier) {
      const value = this.resolve(node.text, node.startIndex);
      return value?.form === "var" ? value : null;
    }
    if (node.type !== T.selectorExpression) return null;
    const operand = field(node, F.operand);
    const owner = operand ? this.structOf(unparen(operand)) : null;
    return owner && field(node, F.field)?.text === owner.field ? owner : null;
  }

  /** The tracked struct value `node` is: `req` or `(*req)`. */
  private structOf(node: Node): LibraryValue | null {
    let n = node;
    if (n.type === T.unaryExpression && operatorOf(n) === "*") {
      const operand = field(n, F.operand);
      if (!operand) return null;
      n = unparen(operand);
    }
    const value = n.type === T.identifier ? this.resolve(n.text, n.startIndex) : null;
    return value && value.form !== "var" ? value : null;
  }

  private useName(name: string, at: number, kind: LibraryUse["kind"], how: string): void {
    const value = this.resolve(name, at);
    if (value) this.use(value, at, kind, how);
  }

  private use(value: LibraryValue | null, at: number, kind: LibraryUse["kind"], how: string): void {
    if (!value) return;
    const k = this.conditions > 0 && kind !== "write" ? "other" : kind;
    value.uses.push({ kind: k, how, at, statement: this.statement, closure: this.closure, loops: [...this.loops] });
  }

  /** The innermost tracked variable of that name in scope at `at`. */
  private resolve(name: string, at: number): LibraryValue | null {
    const list = this.declared.get(name);
    for (let i = (list?.length ?? 0) - 1; list && i >= 0; i--) {
      const v = list[i];
      if (at >= v.after && at < v.block.end) return v;
    }
    return null;
  }
}

interface DeclarationCommon {
  name: Node;
  /** End of the declaring statement: uses inside it refer to an outer variable. */
  end: number;
  statement: Location;
}
