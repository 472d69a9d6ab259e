// The library-map facts of a package: for each file that imports net/http or
// net/url, the functions whose text names one of the library types are
// walked by library-walk.ts; every other function costs one regular
// expression test over its text.
import type { Node } from "web-tree-sitter";
import { packageLibraryValues } from "./library-package.js";
import { libraryNames, ownLibraryFields } from "./library-shapes.js";
import type { LibraryFacts, LibraryValue } from "./library-types.js";
import { LibraryWalker } from "./library-walk.js";
import type { FunctionModel, StructType } from "./model-types.js";

export interface LibrarySource {
  path: string;
  text: string;
  lines: readonly string[];
  top: readonly Node[];
  functions: readonly Node[];
}

export function buildLibraryFacts(
  files: readonly LibrarySource[],
  functions: readonly FunctionModel[],
  structTypes: Iterable<StructType>,
): LibraryFacts {
  const values: LibraryValue[] = [];
  const newValue = (init: Omit<LibraryValue, "id">): LibraryValue => {
    const value = { ...init, id: values.length };
    values.push(value);
    return value;
  };
  const indexOf = new Map(functions.map((f) => [`${f.path}:${f.span.start}`, f.index]));
  const own = ownLibraryFields(new Map(files.map((f) => [f.path, f.top])), structTypes);
  for (const file of files) {
    const names = file.functions.length > 0 ? libraryNames(file.top, own) : null;
    if (!names || !names.mentioned.test(file.text)) continue;
    for (const fn of file.functions) {
      const index = indexOf.get(`${file.path}:${fn.startIndex}`);
      // A broken function's facts are incomplete; `goto` breaks "before" as textual order.
      if (index === undefined || fn.hasError) continue;
      const text = file.text.slice(fn.startIndex, fn.endIndex);
      if (!names.mentioned.test(text) || /\bgoto\b/.test(text)) continue;
      new LibraryWalker(file.path, file.lines, names, index, newValue, fn).walk(fn);
    }
  }
  packageLibraryValues(files, functions, newValue);
  return { values };
}
