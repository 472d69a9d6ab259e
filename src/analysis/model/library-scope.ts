// The declaring half of the library walk: which statements start a variable
// with a nil library map, and how later mentions of its name resolve to it
// (innermost declaration in scope) and are recorded as uses. The visiting
// half, which classifies each mention, is library-walk.ts.
import type { Node } from "web-tree-sitter";
import { F, T } from "../go/grammar.js";
import { expressions, field, fields, unparen } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import type { Location } from "../types.js";
import { varDeclarationSite, varSpecs } from "./declarations.js";
import { type LibraryNames, type LibraryStruct, qualifiedName, structKey, structShapes } from "./library-shapes.js";
import type { LibraryUse, LibraryValue } from "./library-types.js";
import type { Span } from "./model-types.js";

export const spanOf = (node: Node): Span => ({ start: node.startIndex, end: node.endIndex });

export abstract class LibraryScope {
  protected closure = 0;
  protected closures = 0;
  protected loops: Span[] = [];
  /** Inside an if/for/switch condition, any mention may be a nil check. */
  protected conditions = 0;
  protected block: Span;
  protected statement: Location;
  private readonly declared = new Map<string, LibraryValue[]>();

  constructor(
    protected readonly path: string,
    protected readonly lines: readonly string[],
    protected readonly names: LibraryNames,
    private readonly functionIndex: number,
    private readonly newValue: (init: Omit<LibraryValue, "id">) => LibraryValue,
    root: Node,
  ) {
    this.block = spanOf(root);
    this.statement = locationOf(path, root);
  }

  protected abstract visit(node: Node): void;

  protected varDeclaration(node: Node): void {
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
      const key = structKey(typeNode);
      const structs = key ? this.names.structs.get(key) : undefined;
      const common = { name, end: node.endIndex, statement: locationOf(this.path, node) };
      if (qualified && mapType && nilValue && values.length <= 1) {
        const declaration = varDeclarationSite(this.lines, node, spec, grouped);
        this.declare({ ...common, form: "var", field: null, typeText: qualified, mapText: name.text, mapTypeText: qualified, create: mapType.create, declaration, literal: null });
      } else if (key && structs && values.length === 0) {
        for (const struct of structs) this.declareStruct(common, "zero", key, struct, null);
      } else if (!typeNode && value) {
        this.declareShape(common, value);
      }
    }
  }

  protected shortVar(node: Node): void {
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
    for (const shape of structShapes(value, this.names, this.lines)) this.declareStruct(common, shape.form, shape.type, shape.struct, shape.literal);
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


  protected useName(name: string, at: number, kind: LibraryUse["kind"], how: string): void {
    for (const value of this.resolveAll(name, at)) this.use(value, at, kind, how);
  }

  protected use(value: LibraryValue | null, at: number, kind: LibraryUse["kind"], how: string): void {
    if (!value) return;
    const k = this.conditions > 0 && kind !== "write" ? "other" : kind;
    value.uses.push({ kind: k, how, at, statement: this.statement, closure: this.closure, loops: [...this.loops] });
  }

  /** The innermost tracked variable of that name in scope at `at`: one value per map it holds (`Header`, `Trailer`). */
  protected resolveAll(name: string, at: number): LibraryValue[] {
    const list = this.declared.get(name) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const v = list[i];
      if (at >= v.after && at < v.block.end) return list.filter((o) => o.at === v.at);
    }
    return [];
  }
}

interface DeclarationCommon {
  name: Node;
  /** End of the declaring statement: uses inside it refer to an outer variable. */
  end: number;
  statement: Location;
}
