// The nilness `callEffect` hook from callees' touched paths: a summarised
// call forgets only what its callees may change on the caller's side (plus,
// as the default does, package variables and the variables closures
// assign), instead of everything its arguments reach. A decode forgets
// what lies under its target but the maps its own effects describe.
import type { Instr, IrFunction, Path } from "../../lower/ir.js";
import type { CallNilEffect } from "../../flow/nilness.js";
import { extendsKey, pathKey, rootKey } from "../../flow/path-key.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import type { FunctionNilSummary } from "./nil-summary-types.js";
import { substitute } from "./summary-paths.js";
import { decodedMaps, decodeTargets } from "./decode-calls.js";

type CallLike = Extract<Instr, { op: "call" | "go" }>;

export function callKills(
  fn: IrFunction,
  semantic: SemanticModel,
  summaryOf: (fnId: number) => FunctionNilSummary | undefined,
  clobbered: ReadonlySet<number> | undefined,
  extra: readonly Path[],
  /** The spelling the flow uses (canonical-paths.ts): "under p" must list the paths under p in it. */
  canon: (path: Path) => Path = (path) => path,
): (instr: CallLike) => CallNilEffect | null {
  const where = new Map<Instr, { block: number; index: number }>();
  fn.blocks.forEach((b, block) => b.instrs.forEach((x, index) => where.set(x, { block, index })));
  // A kill says "what lies under p" and the flow finds the tracked paths there. Only a decode, or a callee that
  // keeps some path under a killed one, needs those paths listed one by one: the known paths, gathered on first use.
  let listed: Listed | undefined;
  const list = (): Listed => (listed ??= listedPaths(fn, clobbered, extra, canon));
  const decodes = decodeTargets(fn);
  return (instr) => {
    const decoded = instr.op === "call" ? decodes.get(instr) : undefined;
    if (decoded) {
      // The decode's own effects say what becomes of the maps it fills; it may change anything else under its target.
      const filled = new Set(decodedMaps(fn, semantic, decoded).map((p) => pathKey(canon(p))));
      const { always, under } = list();
      return { kills: [...always, ...under(decoded).filter((p) => !filled.has(pathKey(p)))] };
    }
    const ref = where.get(instr);
    const targets = ref ? (semantic.callGraph.site(fn.id, ref)?.targets ?? []) : [];
    if (targets.length === 0) return null;
    const kills: Path[] = [];
    const killsUnder: Path[] = [];
    // What an out-parameter becomes is the callee's effects' to say (callee-effects.ts), as a decode's is.
    const kept = new Set<string>();
    for (const t of targets) {
      const s = summaryOf(t.fn);
      if (!s || s.touches.all) return null;
      if (targets.length === 1)
        for (const init of s.inits) {
          if (init.state !== "kept-or-made" || init.on.kind === "result") continue;
          const path = substitute(instr.call, t.receiver, { root: init.on, fields: init.fieldPath });
          if (path) kept.add(pathKey(canon(path)));
        }
      for (const p of s.touches.paths) {
        const path = substitute(instr.call, t.receiver, p.path);
        // No caller path to name (the argument is a literal or a call): nothing of the caller's is under it, unless bound earlier.
        if (!path) {
          if (p.path.root.kind === "receiver" && t.receiver === "bound") return null;
          continue;
        }
        if (p.under) killsUnder.push(canon(path));
        else kills.push(canon(path));
      }
    }
    // As the default does, package variables and the variables closures assign are forgotten too.
    if (kept.size === 0) return { kills, killsUnder, killsShared: true };
    const { always, under } = list();
    return { kills: [...always, ...kills, ...killsUnder.flatMap(under)].filter((p) => !kept.has(pathKey(canon(p)))) };
  };
}

interface Listed {
  /** What every call forgets: the known paths under package variables and imports, and the variables closures assign. */
  always: readonly Path[];
  /** The known paths strictly under a path. */
  under(path: Path): Path[];
}

function listedPaths(fn: IrFunction, clobbered: ReadonlySet<number> | undefined, extra: readonly Path[], canon: (path: Path) => Path): Listed {
  // Kills are inclusive; "strictly under p" is spelled out as the known paths that extend p, which include every tracked one.
  const known = new Map<string, Path>();
  for (const q of [...pathsIn(fn), ...extra]) {
    const p = canon(q);
    if (!p.truncated) known.set(pathKey(p), p);
  }
  const always: Path[] = [
    ...[...known.values()].filter((p) => p.root.kind === "package" || p.root.kind === "external"),
    ...[...(clobbered ?? [])].map((v): Path => ({ root: { kind: "var", var: v }, selectors: [] })),
  ];
  // By root, and memoised: a function calls many times over the same few paths, and scanning every known path at each call was quadratic.
  const byRoot = new Map<string, [string, Path][]>();
  for (const [k, p] of known) {
    const r = rootKey(p.root);
    const entries = byRoot.get(r);
    if (entries) entries.push([k, p]);
    else byRoot.set(r, [[k, p]]);
  }
  const underCache = new Map<string, Path[]>();
  const under = (spelled: Path): Path[] => {
    const path = canon(spelled);
    const key = pathKey(path);
    let found = underCache.get(key);
    if (!found) {
      found = (byRoot.get(rootKey(path.root)) ?? []).filter(([k]) => extendsKey(k, key)).map(([, p]) => p);
      underCache.set(key, found);
    }
    return found;
  };
  return { always, under };
}

/** Every path the function mentions (instructions and branch conditions). */
function pathsIn(fn: IrFunction): Path[] {
  const out: Path[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === "object") {
      const o = x as Record<string, unknown>;
      if ("root" in o && "selectors" in o) out.push(o as unknown as Path);
      for (const k in o) if (k !== "span" && k !== "stmt") visit(o[k]);
    }
  };
  for (const b of fn.blocks) {
    visit(b.instrs);
    visit(b.term);
  }
  return out;
}
