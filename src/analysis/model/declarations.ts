// Turning declarations (parameters, results, var specs) into symbols, and
// recording whether a declaration sits alone on its line so a fix may rewrite it.
import type { Node } from "web-tree-sitter";
import { F, T } from "../go/grammar.js";
import { field, fields, kids } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import type { DeclarationSite, MapSymbol, SymbolKind } from "./model-types.js";
import { mapTypeText, type NamedTypes } from "./map-types.js";

export interface SymbolFactory {
  readonly named: NamedTypes;
  readonly path: string;
  readonly lines: readonly string[];
  newSymbol(init: Omit<MapSymbol, "id">): MapSymbol;
}

export interface DeclaredName {
  name: string;
  symbol: MapSymbol | null;
  /** The declaring identifier and its type, for names that are not maps but may be structs. */
  nameNode: Node;
  typeNode: Node | null;
}

export interface SymbolPlace {
  kind: SymbolKind;
  functionIndex: number;
  closure: number;
}

/** The names a parameter list declares; map-typed ones become symbols. */
export function declareParameters(
  factory: SymbolFactory,
  list: Node | null,
  place: SymbolPlace,
  bodyOpenLine: number | null,
): DeclaredName[] {
  if (!list || list.type !== T.parameterList) return [];
  const out: DeclaredName[] = [];
  for (const param of kids(list)) {
    if (param.type !== T.parameterDeclaration && param.type !== T.variadicParameterDeclaration) continue;
    const typeNode = field(param, F.type);
    const typeText = param.type === T.parameterDeclaration ? mapTypeText(typeNode, factory.named) : null;
    for (const nameNode of fields(param, F.name)) {
      const symbol = typeText
        ? factory.newSymbol({
            name: nameNode.text,
            kind: place.kind,
            path: factory.path,
            declared: locationOf(factory.path, nameNode),
            at: nameNode.startIndex,
            typeText,
            nilAtDeclaration: place.kind === "result",
            exported: false,
            declaration:
              place.kind === "result"
                ? { line: nameNode.startPosition.row + 1, indent: "", trailing: "", form: "named-result", bodyOpenLine }
                : null,
            functionIndex: place.functionIndex,
            closure: place.closure,
          })
        : null;
      out.push({ name: nameNode.text, symbol, nameNode, typeNode });
    }
  }
  return out;
}

/** The var_spec nodes of a var_declaration, and whether they sit in a `var ( ... )` group. */
export function varSpecs(declaration: Node): { spec: Node; grouped: boolean }[] {
  const out: { spec: Node; grouped: boolean }[] = [];
  for (const child of kids(declaration)) {
    if (child.type === T.varSpec) out.push({ spec: child, grouped: false });
    else if (child.type === T.varSpecList) {
      for (const spec of kids(child)) if (spec.type === T.varSpec) out.push({ spec, grouped: true });
    }
  }
  return out;
}

/**
 * Where a single-name var declaration can be rewritten as a whole line: the
 * statement (or the spec, inside a group) must be alone on one line, with at
 * most a trailing comment.
 */
export function varDeclarationSite(
  lines: readonly string[],
  declaration: Node,
  spec: Node,
  grouped: boolean,
): DeclarationSite | null {
  if (fields(spec, F.name).length !== 1) return null;
  const node = grouped ? spec : declaration;
  if (!aloneOnLine(lines, node)) return null;
  const line = lines[node.startPosition.row] ?? "";
  return {
    line: node.startPosition.row + 1,
    indent: line.slice(0, node.startPosition.column),
    trailing: line.slice(node.endPosition.column),
    form: grouped ? "var-spec" : "var",
    bodyOpenLine: null,
  };
}

export function aloneOnLine(lines: readonly string[], node: Node): boolean {
  const line = lines[node.startPosition.row] ?? "";
  return aloneOnLineText(line, node.startPosition.row === node.endPosition.row, node.startPosition.column, node.endPosition.column) !== null;
}

/**
 * Splits `line` around the code at columns [start, end) (0-based, UTF-16)
 * when that code is alone on the line: only indentation before, at most a
 * comment after. Null otherwise.
 */
export function aloneOnLineText(line: string, singleLine: boolean, start: number, end: number): { indent: string; trailing: string } | null {
  if (!singleLine) return null;
  const indent = line.slice(0, start);
  const trailing = line.slice(end);
  const after = trailing.trim();
  if (indent.trim() !== "" || (after !== "" && !after.startsWith("//"))) return null;
  return { indent, trailing };
}

/** The line of a function body's `{` when nothing follows it on that line, else null. */
export function bodyOpenLine(lines: readonly string[], body: Node | null): number | null {
  if (!body) return null;
  const row = body.startPosition.row;
  const rest = (lines[row] ?? "").slice(body.startPosition.column + 1).trim();
  return rest === "" ? row + 1 : null;
}
