// Short names of places and contexts for the `why` of an answer, e.g.
// "goroutine started at worker.go:12 runs (*Cache).put".
import type { PackageIr, Span } from "../lower/ir.js";
import type { ExecutionContext } from "./context-types.js";

export function placeOf(ir: PackageIr, fnId: number, span: Span): string {
  const path = ir.functions[fnId]?.path ?? "?";
  return `${path.slice(path.lastIndexOf("/") + 1)}:${span.line}`;
}

export function fnName(ir: PackageIr, fnId: number): string {
  return ir.functions[fnId]?.name ?? `#${fnId}`;
}

const NOUN: Record<ExecutionContext["kind"], string> = {
  go: "goroutine",
  group: "group goroutine",
  timer: "timer callback",
  callback: "callback goroutine",
  handler: "handler",
  "concurrent-methods": "concurrently called method",
};

/** "goroutine started at a.go:12", "handler serve", "concurrently called methods of Cache". */
export function describeContext(ir: PackageIr, c: ExecutionContext): string {
  if (c.kind === "handler") return `handler ${c.roots.map((r) => fnName(ir, r)).join(", ")}`;
  if (c.kind === "concurrent-methods") return c.why;
  const where = c.spawn ? ` started at ${placeOf(ir, c.spawn.fn, c.spawn.span)}` : "";
  const via = c.via ? ` (handed over at ${placeOf(ir, c.via.fn, c.via.span)})` : "";
  return `${NOUN[c.kind]}${where}${via}`;
}
