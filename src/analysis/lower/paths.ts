// Access paths of expressions: `a.b[k].c` is root a with .b [] .c. Every
// index expression passed on the way is a read of the value it indexes, and
// its key is lowered for its own effects; a root that is no variable (a call,
// a literal, an assertion) is first stored in a temp.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import type { FunctionContext } from "./lowering-context.js";
import { MAX_PATH_DEPTH, type Path, type PathRoot, type Selector } from "./ir.js";
import { resolveName } from "./resolve-name.js";
import { type Kid, namedKids, SIMPLE_CHAIN } from "./syntax.js";
import { DEREF, INDEX, none, varPath } from "./shared-values.js";

type Step = Selector | { kind: "key"; key: Kid | null; node: Node };

/** The path `node` denotes, emitting reads for the index expressions inside it. */
export function pathOf(cx: FunctionContext, kid: Kid): Path {
  const steps: Step[] = [];
  let k = kid;
  let root: Path | null = null;
  for (;;) {
    const type = k.type;
    if (type === T.identifier) {
      root = identifierPath(cx, cx.textOf(k.node), steps);
      break;
    }
    if (type === T.selectorExpression) {
      const text = cx.textOf(k.node);
      if (SIMPLE_CHAIN.test(text)) {
        root = chainRoot(cx, text.split("."), steps);
        break;
      }
      const [operand, field] = namedKids(k.node);
      if (!operand) break;
      if (field) steps.push({ kind: "field", name: cx.textOf(field.node) });
      k = operand;
    } else if (type === T.indexExpression) {
      const [operand, key] = namedKids(k.node);
      if (!operand) break;
      steps.push({ kind: "key", key: key ?? null, node: k.node });
      k = operand;
    } else if (type === T.parenthesizedExpression) {
      const inner = namedKids(k.node)[0];
      if (!inner) break;
      k = inner;
    } else if (type === T.unaryExpression && operatorAt(cx, k.node) === "*") {
      const operand = namedKids(k.node)[0];
      if (!operand) break;
      steps.push(DEREF);
      k = operand;
    } else break;
  }
  root ??= materialise(cx, k);
  return extend(cx, root, steps);
}

/** The path of an identifier chain `a.b.c` (already split). */
export function chainPath(cx: FunctionContext, names: string[]): Path {
  const steps: Step[] = [];
  return extend(cx, chainRoot(cx, names, steps), steps);
}

function chainRoot(cx: FunctionContext, names: string[], steps: Step[]): Path {
  for (let i = names.length - 1; i >= 1; i--) steps.push({ kind: "field", name: names[i] });
  return identifierPath(cx, names[0], steps);
}

/** The path of a root that is no variable: the value stored in a temp (a call writes its result there itself). */
export function materialise(cx: FunctionContext, kid: Kid): Path {
  const value = cx.pkg.lower.value(cx, kid);
  if (value.kind === "path") return value.path;
  const temp = cx.b.temp();
  cx.b.emit({ op: "assign", ...cx.at(kid.node), targets: [temp], value, define: true });
  return temp;
}

export function withSelector(cx: FunctionContext, path: Path, selector: Selector): Path {
  if (path.selectors.length >= MAX_PATH_DEPTH) {
    cx.b.note(`path cut at depth ${MAX_PATH_DEPTH}`);
    return { root: path.root, selectors: path.selectors, truncated: true };
  }
  const out: Path = { root: path.root, selectors: [...path.selectors, selector] };
  if (path.truncated) out.truncated = true;
  return out;
}

/** Applies the collected steps (outermost first in `steps`) from the root outwards. */
function extend(cx: FunctionContext, root: Path, steps: Step[]): Path {
  let path = root;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    if (step.kind === "key") {
      cx.b.emit({ op: "access", ...cx.at(step.node), kind: "read", path });
      if (step.key) cx.pkg.lower.value(cx, step.key);
      path = withSelector(cx, path, INDEX);
    } else path = withSelector(cx, path, step);
  }
  return path;
}

/** The root for identifier `name`; `pkg.Name` of an import consumes the first field step. */
function identifierPath(cx: FunctionContext, name: string, steps: Step[]): Path {
  const ref = resolveName(cx, name);
  if (ref.kind === "var") return varPath(ref.var);
  const next = steps[steps.length - 1];
  if (next?.kind === "field") {
    const pkg = cx.importPath(name);
    if (pkg !== null) {
      steps.pop();
      return { root: { kind: "external", pkg, name: next.name }, selectors: none<Selector>() };
    }
  }
  return { root: packageRoot(name), selectors: none<Selector>() };
}

function packageRoot(name: string): PathRoot {
  return { kind: "package", name };
}

/** A unary expression's operator, read from the source (it is the node's first token). */
export function operatorAt(cx: FunctionContext, node: Node): string {
  const text = cx.src.text;
  const at = node.startIndex;
  return text.startsWith("<-", at) ? "<-" : text[at];
}
