// How a race found through calls is told: where each side runs (the
// goroutine, the handler, the spawner before its join, a method of a type
// whose methods run concurrently) and the calls from that context's root down
// to the access, each a related location.
import type { ExecutionContext } from "../../concurrency/context-types.js";
import type { PackageIr } from "../../lower/ir.js";
import type { Location } from "../../types.js";
import { locationOf } from "./line-text.js";
import { methodLabel } from "./ir-locations.js";
import type { RaceSide } from "./race-side-index.js";

const fileOf = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

function label(ir: PackageIr, fnId: number): string {
  const fn = ir.functions[fnId];
  if (!fn) return "?";
  if (fn.kind !== "closure") return methodLabel(fn);
  const top = fn.parent !== null ? label(ir, fn.parent) : "?";
  return `the function literal in ${top}`;
}

/** "the goroutine started at worker.go:12", "the handler Server.serve", "Cache.Get (Cache's methods run concurrently: Cache.Put takes its mutex)". */
export function contextText(ir: PackageIr, c: ExecutionContext): string {
  const at = c.spawn ? ` started at ${fileOf(ir.functions[c.spawn.fn]?.path ?? "")}:${c.spawn.span.line}` : "";
  switch (c.kind) {
    case "go":
      return `the goroutine${at}`;
    case "group":
      return `the group goroutine${at}`;
    case "timer":
      return `the timer callback${at}`;
    case "callback":
      return `the callback goroutine${at}`;
    case "handler":
      return `the handler ${c.roots.map((r) => label(ir, r)).join(", ")}`;
    case "concurrent-methods":
      return `the methods of ${ir.functions[c.roots[0]]?.receiver?.type ?? "its type"}, which run concurrently (they take its mutex)`;
  }
}

/** Where one side runs, from its context down to the function that makes the access. */
export function sideText(ir: PackageIr, s: RaceSide): string {
  const at = label(ir, s.access.origin.fn);
  if (s.alongside) {
    const started = contextText(ir, s.context);
    return `${at}, which runs after ${started.replace(/^the /, "the start of the ")} and before any join`;
  }
  if (s.context.kind === "concurrent-methods") {
    return s.root.id === s.access.origin.fn ? `${at}, one of ${contextText(ir, s.context)}` : `${at}, called from ${label(ir, s.root.id)}, one of ${contextText(ir, s.context)}`;
  }
  const via = s.root.id === s.access.origin.fn ? "" : `, through ${label(ir, s.root.id)}`;
  return `${at}, run by ${contextText(ir, s.context)}${via}`;
}

/** The calls from the side's root to its access: where each is, who calls whom. */
export function hops(ir: PackageIr, s: RaceSide): { location: Location; caller: string; callee: string }[] {
  const chain = s.access.chain;
  return chain.map((hop, i) => {
    const next = i + 1 < chain.length ? chain[i + 1].fn : s.access.origin.fn;
    return { location: locationOf(hop.path, hop.span), caller: label(ir, hop.fn), callee: label(ir, next) };
  });
}
