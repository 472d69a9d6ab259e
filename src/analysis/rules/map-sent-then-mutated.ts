// map-sent-then-mutated: a map (a variable, a map field, or one placed in a
// composite value) sent on a channel, or passed to a goroutine whose body
// mapguard cannot see, and written by the sender afterwards in the same
// function. Sending a map sends its header: both sides share one table.
import type { MapHandOff } from "../model/goroutine-types.js";
import type { FieldBase, MapEvent, PackageModel, Span } from "../model/model-types.js";
import type { Finding } from "../types.js";
import { accessOf } from "./support/goroutine-access.js";
import { makeFinding, type Rule } from "./support/rule.js";

const messages = {
  send: "`{name}` was sent on `{channel}` at line {line} and is written here afterwards: sending a map shares it, so the receiver and this code use one table at the same time. Send a copy, or hand the map over for good and make a new one here.",
  goArg:
    "`{name}` was passed to the goroutine started at line {line} and is written here afterwards: both share one table while the goroutine runs. Pass a copy, or hand the map over for good and make a new one here.",
  sentHere: "`{name}` is sent here",
  passedHere: "`{name}` is handed to a goroutine here",
} as const;

export type MapSentThenMutatedMessage = keyof typeof messages;

export const mapSentThenMutated: Rule<MapSentThenMutatedMessage> = {
  id: "map-sent-then-mutated",
  meta: {
    id: "map-sent-then-mutated",
    severity: "warning",
    summary: "A map sent on a channel or passed to a goroutine, then written by the sender.",
  },
  messages,
  check(pkg) {
    const findings = new Map<string, Finding>();
    for (const h of pkg.concurrency.handOffs) {
      if (h.kind === "go-arg" && visibleBody(pkg, h)) continue;
      const write = writeAfter(pkg, h);
      const key = write ? `${write.statement.path}:${write.statement.startLine}:${h.symbol}` : "";
      if (write && !findings.has(key)) findings.set(key, report(pkg, h, write));
    }
    return [...findings.values()];
  },
};

/** A goroutine whose body the package holds: map-goroutine-race judges what it does with the map. */
function visibleBody(pkg: PackageModel, h: MapHandOff): boolean {
  const g = h.spawned === null ? null : pkg.concurrency.goroutines[h.spawned];
  return !g || g.closure !== null || g.target !== null;
}

const within = (span: Span, at: number): boolean => at >= span.start && at < span.end;

/** The first write by the sender that the receiver may see: after the hand-off, or earlier in the next iteration. */
function writeAfter(pkg: PackageModel, h: MapHandOff): MapEvent | null {
  const symbol = pkg.symbols[h.symbol];
  if (!symbol) return null;
  const events = (pkg.events.get(h.symbol) ?? []).filter(
    (e) =>
      e.context.functionIndex === h.functionIndex &&
      e.context.goroutine === h.goroutine &&
      e.location.path === h.location.path &&
      sameBase(e.base, h.base),
  );
  const renewed = (from: number, to: number) => events.some((e) => (e.kind === "assign" || e.kind === "nil") && e.at > from && e.at < to);
  // Waiting for an answer after handing the map over may mean the receiver is done with it.
  const waited = (from: number, to: number) =>
    pkg.concurrency.joins.some((j) => j.functionIndex === h.functionIndex && j.goroutine === h.goroutine && j.at > from && j.at < to);
  for (const e of events) {
    if (accessOf(e) !== "write" || e.at <= h.at) continue;
    if (renewed(h.at, e.at) || waited(h.at, e.at)) return null;
    return e;
  }
  const loop = h.loops[h.loops.length - 1];
  if (!loop || within(loop, symbol.at) || symbol.functionIndex !== h.functionIndex) return null;
  for (const e of events) {
    if (accessOf(e) !== "write" || !within(loop, e.at) || e.at >= h.at) continue;
    const renewedInLoop = renewed(loop.start, e.at) || renewed(h.at, loop.end);
    if (renewedInLoop || waited(loop.start, e.at) || waited(h.at, loop.end)) return null;
    return e;
  }
  return null;
}

/** A map field is the one handed over only when reached through the same value (`s.attrs`, not `t.attrs`). */
function sameBase(a: FieldBase | undefined, b: FieldBase | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.rootValue !== undefined && a.rootValue === b.rootValue && a.text === b.text;
}

function report(pkg: PackageModel, h: MapHandOff, write: MapEvent): Finding {
  const symbolName = pkg.symbols[h.symbol]?.name ?? write.symbol.name;
  const name = h.base ? `${h.base.text}.${symbolName}` : symbolName;
  const channel = h.channel ?? "the channel";
  return makeFinding(mapSentThenMutated, pkg, {
    messageId: h.kind === "send" ? "send" : "goArg",
    params: { name, channel, line: h.location.startLine },
    subject: name,
    location: write.statement,
    related: [{ location: h.location, messageId: h.kind === "send" ? "sentHere" : "passedHere" }],
  });
}
