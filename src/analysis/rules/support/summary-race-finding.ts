// The finding for a race found through calls: on the side to fix (the one
// without a lock when the other holds one, else the write), naming both
// sides, the other access and every call on the way to each side as related
// locations.
import type { PackageFacts } from "../../package-facts.js";
import type { Finding, Location } from "../../types.js";
import { formatMessage, makeFinding, type Rule } from "./rule.js";
import { locationOf } from "./line-text.js";
import { contextText, hops, sideText } from "./race-side-text.js";
import type { RaceSide } from "./race-side-index.js";
import type { SummaryRace } from "./summary-races.js";

type Key = "throughCalls" | "otherThroughCalls" | "hop" | "otherHop" | "start";

const HINT = "Guard both sides with one sync.Mutex, or let one goroutine own the map and send it changes over a channel.";

export function reportThroughCalls<K extends string>(rule: Rule<K | Key>, pkg: PackageFacts, race: SummaryRace): Finding {
  const [access, other] = fixSideFirst(race);
  const ir = pkg.ir;
  const guard = access.locks.length === 0 ? other.locks.find((l) => l.mode === "write" || !access.write) : undefined;
  const params: Record<string, string | number> = {
    name: access.name,
    verb: verb(access),
    otherVerb: other.write ? "writes" : "reads",
    where: sideText(ir, access),
    otherWhere: access.context === other.context && !other.alongside ? `another copy of ${contextText(ir, other.context)}` : sideText(ir, other),
    fatal: fatalText(access, other),
    hint: guard ? `The other side holds \`${guard.key}\`: hold it here too.` : HINT,
  };
  const finding = makeFinding(rule, pkg, {
    messageId: "throughCalls",
    params,
    subject: access.name,
    location: accessLocation(access),
    related: [{ location: accessLocation(other), messageId: "otherThroughCalls" }],
  });
  const hopRelated = (s: RaceSide, key: Key) =>
    hops(ir, s).map((h) => ({ location: h.location, message: formatMessage(rule.messages[key], { caller: h.caller, callee: h.callee }) }));
  const start = access.alongside ? null : access.context.spawn;
  if (start) finding.related.push({ location: locationOf(ir.functions[start.fn]?.path ?? "", start.span), message: formatMessage(rule.messages.start, { context: contextText(ir, access.context) }) });
  const sameChain = access.access.origin === other.access.origin && access.access.chain === other.access.chain;
  finding.related.push(...hopRelated(access, "hop"), ...(sameChain ? [] : hopRelated(other, "otherHop")));
  return finding;
}

/** The side a fix goes on first: the unguarded one against a guarded one, else the write. */
function fixSideFirst(race: SummaryRace): [RaceSide, RaceSide] {
  const { access, other } = race;
  if ((access.locks.length === 0) !== (other.locks.length === 0)) return access.locks.length === 0 ? [access, other] : [other, access];
  return access.write || !other.write ? [access, other] : [other, access];
}

/** The access's statement; for a compound one (`for k := range m {`), the access itself. */
function accessLocation(s: RaceSide): Location {
  const o = s.access.origin;
  return locationOf(o.path, o.stmt.line === o.stmt.endLine ? o.stmt : o.span);
}

function verb(s: RaceSide): string {
  switch (s.access.kind) {
    case "delete":
      return "deleted from";
    case "range":
      return "iterated";
    case "replace":
      return "replaced";
    case "clear":
      return "cleared";
    default:
      return s.write ? "written" : "read";
  }
}

function fatalText(a: RaceSide, b: RaceSide): string {
  if (a.write && b.write) return "concurrent map writes";
  if (a.access.kind === "range" || b.access.kind === "range") return "concurrent map iteration and map write";
  return "concurrent map read and map write";
}
