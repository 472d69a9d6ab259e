// The map writes the nil-map-field rules ask about, read off the IR: an
// index write `x.f[k] = v` / `x[k] = v`, or a library map's writing method
// (`h.Set`, `v.Add`), on a path of at most one field below its root.
import type { Instr, IrFunction, Path } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";

/** Methods of http.Header and url.Values that write to the map underneath (`Del` on a nil map is a no-op). */
export const LIBRARY_WRITE_METHODS: ReadonlySet<string> = new Set(["Set", "Add"]);
export const LIBRARY_READ_METHODS: ReadonlySet<string> = new Set(["Get", "Values", "Has", "Del", "Clone", "Encode", "Write", "WriteSubset"]);

export interface MapWrite {
  instr: Instr;
  /** The map written: `x.f` or `x`. */
  path: Path;
  /** `index` or the library method. */
  how: string;
}

export function isLibraryMap(semantic: SemanticModel, fn: IrFunction, path: Path): boolean {
  const kind = semantic.libraryKind(semantic.typeOf(fn, path));
  return kind === "http.Header" || kind === "url.Values";
}

/** Library maps come from net/http and net/url: a package importing neither writes none through their methods. */
const importsLibraryMaps = new WeakMap<SemanticModel, boolean>();

function mayHoldLibraryMaps(semantic: SemanticModel): boolean {
  let known = importsLibraryMaps.get(semantic);
  if (known === undefined) {
    known = semantic.decls.files.some((f) => [...f.imports.values()].some((path) => path === "net/http" || path === "net/url"));
    importsLibraryMaps.set(semantic, known);
  }
  return known;
}

/** Writes on paths of at most one field below their root, in source order. */
export function mapWritesOf(fn: IrFunction, semantic: SemanticModel): MapWrite[] {
  const library = mayHoldLibraryMaps(semantic);
  const out: MapWrite[] = [];
  for (const block of fn.blocks)
    for (const instr of block.instrs) {
      if (instr.op === "access" && instr.kind === "write" && shallow(instr.path)) out.push({ instr, path: instr.path, how: "index" });
      else if (library && instr.op === "call" && instr.call.callee.kind === "method" && LIBRARY_WRITE_METHODS.has(instr.call.callee.name)) {
        const recv = instr.call.callee.recv;
        if (shallow(recv) && isLibraryMap(semantic, fn, recv)) out.push({ instr, path: recv, how: instr.call.callee.name });
      }
    }
  return out.sort((a, b) => a.instr.at - b.instr.at);
}

function shallow(path: Path): boolean {
  return !path.truncated && path.selectors.length <= 1 && path.selectors.every((s) => s.kind === "field");
}

export function fieldOf(path: Path): string | null {
  const s = path.selectors[0];
  return s?.kind === "field" ? s.name : null;
}

