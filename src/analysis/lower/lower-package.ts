// The entry point of lowering: every function, method and function literal
// of a package's files into the IR, in file order then source order, plus one
// synthetic `<vars>` function per file holding its package-level variable
// declarations. Trees belong to the caller, who frees them after this returns:
// nothing in the IR refers to a node.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import { importTable } from "../go/import-table.js";
import { FunctionBuilder } from "./function-builder.js";
import type { PackageIr } from "./ir.js";
import { type FileState, lowerClosure, lowerDeclaration } from "./lower-function.js";
import { FunctionContext, type PackageState } from "./lowering-context.js";
import { addPackageNames, emptyPackageNames } from "./package-names.js";
import { lowerVarDeclaration } from "./simple-statement.js";
import { SourceText } from "./source-text.js";
import { lowerStatement } from "./statements.js";
import { FreshTops, topKids } from "./syntax.js";
import { lowerValue } from "./values.js";
import { dropUnreachable } from "./finish.js";
import { relevantDeclarations } from "./relevance.js";
import { type Budget, OverBudgetError } from "../budget.js";
import { LoweringError } from "./lowering-error.js";

export interface LowerInput {
  path: string;
  text: string;
  /** The file's tree-sitter `source_file` node. */
  root: Node;
}

export interface LowerOptions {
  /** Lower every body in full (golden tests, `mapguard ir`); otherwise only those relevance.ts keeps. */
  all?: boolean;
  /** Checked once per declaration. */
  budget?: Budget;
}

export function lowerPackage(files: readonly LowerInput[], options: LowerOptions = {}): PackageIr {
  const tops = files.map((f) => topKids(f.root));
  const relevant = options.all ? null : relevantDeclarations(files.map((f, i) => ({ text: f.text, top: tops[i] })));
  const names = emptyPackageNames();
  files.forEach((f, i) => addPackageNames(names, tops[i], f.text));
  const pkg: PackageState = {
    functions: [],
    names,
    lower: { value: lowerValue, statement: lowerStatement, closure: lowerClosure },
  };
  let inits = 0;
  const nameOf = (name: string): string => (name === "init" && ++inits > 1 ? `init#${inits}` : name);
  files.forEach((f, i) => {
    try {
      lowerFile(f, i);
    } catch (error) {
      // Which file failed, so the analysis can set it aside and keep the others.
      if (error instanceof OverBudgetError) throw error;
      throw new LoweringError(f.path, error);
    }
  });
  return { functions: pkg.functions };

  function lowerFile(f: LowerInput, i: number): void {
    const imports = importTable(tops[i].filter((k) => k.type === T.importDeclaration).map((k) => k.node));
    const file: FileState = { src: new SourceText(f.path, f.text), imports };
    let vars: FunctionContext | null = null;
    const fresh = new FreshTops(f.root);
    try {
      for (const top of tops[i]) {
        const { type } = top;
        options.budget?.check("lowering");
        if (type === T.functionDeclaration || type === T.methodDeclaration) {
          const full = relevant?.[i].has(top.node.startIndex) ?? true;
          lowerDeclaration(pkg, file, full ? fresh.of(top) : top.node, nameOf, full);
        } else if (type === T.varDeclaration) {
          const decl = fresh.of(top);
          vars ??= varsFunction(pkg, file, decl);
          extendSpan(vars, decl);
          lowerVarDeclaration(vars, decl, "package");
        }
      }
    } finally {
      fresh.delete();
    }
    if (vars) {
      if (vars.b.open) vars.b.terminate({ kind: "return" });
      dropUnreachable(vars.b.fn);
    }
  }
}

/** The `<vars>` function of a file, made at its first package-level var declaration. */
function varsFunction(pkg: PackageState, file: FileState, first: Node): FunctionContext {
  const b = new FunctionBuilder(
    {
      id: pkg.functions.length,
      name: "<vars>",
      path: file.src.path,
      kind: "func",
      receiver: null,
      typeParams: [],
      parent: null,
      span: file.src.spanOf(first),
    },
    null,
  );
  pkg.functions.push(b.fn);
  return new FunctionContext(pkg, file.src, file.imports, b, null, 0);
}

function extendSpan(cx: FunctionContext, decl: Node): void {
  const end = cx.src.spanOf(decl);
  const fn = cx.b.fn;
  fn.span = { ...fn.span, endLine: end.endLine, endColumn: end.endColumn };
  if (decl.hasError) cx.b.fn.broken = true;
}
