// map-goroutine-race: a map written on one side and read or written on the
// other by code that runs at the same time, with no lock common to both.
import type { Goroutine } from "../model/goroutine-types.js";
import type { MapEvent, PackageModel } from "../model/model-types.js";
import type { Finding } from "../types.js";
import { accessOf } from "./support/goroutine-access.js";
import { type PairShape, type RacePair, racePairs } from "./support/goroutine-race-pairs.js";
import { mutexWrapFix } from "./support/mutex-wrap-fix.js";
import { makeFinding, type Rule } from "./support/rule.js";

const FATAL = 'the runtime stops the whole process with "fatal error: {fatal}"';

const messages = {
  spawner: `\`{name}\` is {verb} here while the goroutine started at line {goLine} {otherVerb} it, with no lock held by both: ${FATAL}.{recover} {hint}`,
  inGoroutine: `\`{name}\` is {verb} here, in the goroutine started at line {goLine}, while the function that started it {otherVerb} it at line {otherLine}, with no lock held by both: ${FATAL}.{recover} {hint}`,
  copies: `\`{name}\` is written here by every copy of the goroutine started in a loop at line {goLine}; the copies run at the same time and share one map: ${FATAL}.{recover} {hint}`,
  goroutines: `\`{name}\` is {verb} here while the goroutine started at line {otherGoLine} {otherVerb} it, with no lock held by both: ${FATAL}.{recover} {hint}`,
  handler: `\`{name}\` is written here by a goroutine that runs on its own while the handler {handler} reads it for every request, with no lock held by both: ${FATAL}.{recover} {hint}`,
  otherInGoroutine: "the other access, in the goroutine started at line {goLine}",
  otherInSpawner: "the other access, in the function that started the goroutine, after the `go` statement",
  goStatement: "the `go` statement, inside a loop: each iteration starts another copy",
  otherGoroutine: "the other access, in the goroutine started at line {otherGoLine}",
  otherHandler: "the other access, in the handler {handler}",
} as const;

export type MapGoroutineRaceMessage = keyof typeof messages;

const HINTS: Record<PairShape, string> = {
  spawner: "Hand the map over to the goroutine for good (channel ownership), or guard both sides with one sync.Mutex.",
  copies: "Guard the map with a sync.Mutex, or send each result on a channel and let one goroutine write the map.",
  goroutines: "Guard both sides with one sync.Mutex, or let one goroutine own the map and send it changes over a channel.",
  handler: "Guard it with a sync.RWMutex, or use sync.Map if each key is written once and read many times.",
};

const RECOVER = " `recover()` in the goroutine does not catch this: it is a fatal error, not a panic.";

export const mapGoroutineRace: Rule<MapGoroutineRaceMessage> = {
  id: "map-goroutine-race",
  meta: {
    id: "map-goroutine-race",
    severity: "error",
    summary: "A map written by one goroutine while another goroutine reads or writes it, with no common lock.",
  },
  messages,
  check(pkg) {
    const findings = new Map<string, Finding>();
    for (const pair of racePairs(pkg)) {
      const key = `${pair.access.statement.path}:${pair.access.statement.startLine}:${pair.shared}`;
      if (!findings.has(key)) findings.set(key, report(pkg, pair));
    }
    return [...findings.values()];
  },
};

function report(pkg: PackageModel, pair: RacePair): Finding {
  const { access, other } = pair;
  const name = pkg.symbols[pair.shared]?.name ?? access.symbol.name;
  const spawned = pair.goroutine ?? pair.otherGoroutine;
  const wrap = mutexWrapFix(pkg, access.symbol, access);
  const hint = wrap ? `\`${wrap.mutex}\` guards \`${name}\` elsewhere: hold it here too.` : HINTS[pair.shape];
  const recovers = [pair.goroutine, pair.otherGoroutine].some((g) => g?.recovers === true);
  const params: Record<string, string | number> = {
    name,
    verb: verb(access),
    otherVerb: accessOf(other) === "write" ? "writes" : "reads",
    goLine: spawned?.spawn.startLine ?? 0,
    otherGoLine: pair.otherGoroutine?.spawn.startLine ?? 0,
    otherLine: other.location.startLine,
    fatal: fatalText(access, other),
    recover: recovers ? RECOVER : "",
    hint,
    handler: handlerName(pkg, pair.otherGoroutine),
  };
  const [messageId, related] = texts(pair);
  return makeFinding(mapGoroutineRace, pkg, {
    messageId,
    params,
    subject: name,
    location: access.statement,
    related: [{ location: pair.shape === "copies" && spawned ? spawned.spawn : other.statement, messageId: related }],
    ...(wrap ? { fix: wrap.fix } : {}),
  });
}

function texts(pair: RacePair): [MapGoroutineRaceMessage, MapGoroutineRaceMessage] {
  switch (pair.shape) {
    case "spawner":
      return pair.goroutine ? ["inGoroutine", "otherInSpawner"] : ["spawner", "otherInGoroutine"];
    case "copies":
      return ["copies", "goStatement"];
    case "goroutines":
      return ["goroutines", "otherGoroutine"];
    case "handler":
      return ["handler", "otherHandler"];
  }
}

function verb(e: MapEvent): string {
  if (e.kind === "delete") return "deleted from";
  if (e.kind === "range") return "iterated";
  return accessOf(e) === "write" ? "written" : "read";
}

function fatalText(a: MapEvent, b: MapEvent): string {
  if (accessOf(a) === "write" && accessOf(b) === "write") return "concurrent map writes";
  if (a.kind === "range" || b.kind === "range") return "concurrent map iteration and map write";
  return "concurrent map read and map write";
}

function handlerName(pkg: PackageModel, g: Goroutine | null): string {
  if (!g || g.kind !== "handler") return "";
  const fn = g.closure === null && g.target !== null ? pkg.functions[g.target] : null;
  return fn ? `\`${fn.receiver ? `${fn.receiver}.` : ""}${fn.name}\`` : `registered at line ${g.spawn.startLine}`;
}
