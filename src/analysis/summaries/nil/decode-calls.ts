// Calls that decode into a value: json.Unmarshal(data, &x),
// json.NewDecoder(r).Decode(&x) and the yaml equivalents, by import path.
// A decode leaves a map field as it was when the input lacks its key (nil
// if it was nil) and overwrites a made map with nil when the input says
// `null`. After it, a map decoded into is maybe-nil, made before or not
// (`null` is a whole input, and a common one); a struct's map field that
// was nil (or unknown) is maybe-nil, while one made before it, a default,
// is taken to survive (an explicit `null` for one field is rare).
import type { Instr, IrFunction, Path, Value } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { mapFieldsOf } from "./map-fields.js";

const DECODER_PACKAGES: ReadonlySet<string> = new Set([
  "encoding/json",
  "gopkg.in/yaml.v2",
  "gopkg.in/yaml.v3",
  "sigs.k8s.io/yaml",
  "github.com/ghodss/yaml",
  "encoding/xml",
]);

type CallInstr = Extract<Instr, { op: "call" }>;

/** Temps holding `json.NewDecoder(r)` (and the like), so `t.Decode(&x)` is known to decode. */
function decoderVars(fn: IrFunction): Set<number> {
  const vars = new Set<number>();
  for (const b of fn.blocks)
    for (const x of b.instrs) {
      if (x.op !== "call" || x.call.callee.kind !== "external") continue;
      const { pkg, name } = x.call.callee;
      const target = x.results[0];
      if (DECODER_PACKAGES.has(pkg) && name === "NewDecoder" && target?.root.kind === "var" && target.selectors.length === 0) vars.add(target.root.var);
    }
  return vars;
}

/** The path whose maps a decode fills: `&x` is x, a pointer `p` is p itself (its fields are `p.f`). */
function targetOf(arg: Value | undefined): Path | null {
  if (!arg) return null;
  if (arg.kind === "addr" || arg.kind === "path") return arg.path;
  return null;
}

/** The decode calls of a function and the path each one decodes into. */
export function decodeTargets(fn: IrFunction): Map<CallInstr, Path> {
  const found = new Map<CallInstr, Path>();
  let decoders: Set<number> | undefined;
  for (const b of fn.blocks)
    for (const x of b.instrs) {
      if (x.op !== "call") continue;
      const c = x.call.callee;
      let target: Path | null = null;
      if (c.kind === "external" && DECODER_PACKAGES.has(c.pkg) && c.name === "Unmarshal") target = targetOf(x.call.args[1]);
      else if (c.kind === "method" && c.name === "Decode" && c.recv.root.kind === "var" && c.recv.selectors.length === 0) {
        decoders ??= decoderVars(fn);
        if (decoders.has(c.recv.root.var)) target = targetOf(x.call.args[0]);
      }
      if (target && !target.truncated) found.set(x, target);
    }
  return found;
}

/** The map paths a decode into `target` fills: the target itself when it is a map, and the map fields under it. */
export function decodedMaps(fn: IrFunction, semantic: SemanticModel, target: Path): Path[] {
  const type = semantic.typeOf(fn, target);
  const out: Path[] = semantic.isMapType(type) ? [target] : [];
  for (const f of mapFieldsOf(semantic, type)) {
    out.push({ root: target.root, selectors: [...target.selectors, ...f.path.map((name) => ({ kind: "field" as const, name }))] });
  }
  return out;
}
