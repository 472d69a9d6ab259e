// map-handler-write: a net/http handler writes a map every request shares
// (package-level, captured from the function that registers the handler, or
// a field of the handler's receiver) with no lock held. The server runs the
// handler concurrently for concurrent requests, so the handler races itself.
import type { Goroutine } from "../model/goroutine-types.js";
import type { MapEvent, PackageModel } from "../model/model-types.js";
import type { Finding } from "../types.js";
import { accessOf, allAccesses, inBody, underOnce } from "./support/goroutine-access.js";
import { mutexWrapFix } from "./support/mutex-wrap-fix.js";
import { makeFinding, type Rule } from "./support/rule.js";

const FATAL = 'two requests at once stop the whole server with "fatal error: concurrent map writes"';

const messages = {
  package: `\`{name}\` is a package-level map written here, in the handler {handler}, with no lock held: net/http runs handlers concurrently, and ${FATAL}. {hint}`,
  captured: `\`{name}\` is declared outside the handler registered at line {line} and written here with no lock held: every request shares it, and ${FATAL}. {hint}`,
  field: `\`{name}\` is a map field of the handler's receiver, written here with no lock held: net/http runs {handler} concurrently on the one value, and ${FATAL}. {hint}`,
  handlerHere: "the handler, which net/http runs once per request, concurrently",
} as const;

export type MapHandlerWriteMessage = keyof typeof messages;

const HINT = "Guard it with a sync.Mutex (sync.RWMutex when reads dominate), or use sync.Map if each key is written once and read many times.";

export const mapHandlerWrite: Rule<MapHandlerWriteMessage> = {
  id: "map-handler-write",
  meta: {
    id: "map-handler-write",
    severity: "error",
    summary: "A net/http handler writes a shared map (package-level or a receiver field) with no lock held.",
  },
  messages,
  check(pkg) {
    const handlers = pkg.concurrency.goroutines.filter((g) => g.kind === "handler");
    if (handlers.length === 0) return [];
    const writes = allAccesses(pkg).filter((e) => accessOf(e) === "write" && e.context.locksHeld.length === 0 && !underOnce(pkg, e));
    const findings = new Map<string, Finding>();
    for (const h of handlers) {
      for (const e of writes) {
        if (!inBody(h, e)) continue;
        const messageId = sharedKind(pkg, h, e);
        const key = `${e.statement.path}:${e.statement.startLine}:${e.symbol.id}`;
        if (messageId && !findings.has(key)) findings.set(key, report(pkg, h, e, messageId));
      }
    }
    return [...findings.values()];
  },
};

/** How every request comes to share the written map, or null when it is the request's own. */
function sharedKind(pkg: PackageModel, h: Goroutine, e: MapEvent): MapHandlerWriteMessage | null {
  const s = e.symbol;
  if (s.kind === "package") return "package";
  if (s.kind === "field") {
    const fn = h.target === null ? null : pkg.functions[h.target];
    return e.base?.rootKind === "receiver" && e.base.direct && fn?.receiver === s.owner ? "field" : null;
  }
  // A literal handler sees the variables of the function that registers it, made once for all requests.
  if (h.body && s.functionIndex === h.functionIndex && s.path === h.path && s.at < h.site.start && s.kind !== "result") {
    return "captured";
  }
  return null;
}

function report(pkg: PackageModel, h: Goroutine, e: MapEvent, messageId: MapHandlerWriteMessage): Finding {
  const fn = h.target === null ? null : pkg.functions[h.target];
  const handler = fn ? `\`${fn.receiver ? `${fn.receiver}.` : ""}${fn.name}\`` : `registered at line ${h.spawn.startLine}`;
  const wrap = mutexWrapFix(pkg, e.symbol, e);
  const hint = wrap ? `\`${wrap.mutex}\` guards \`${e.symbol.name}\` elsewhere: hold it here too.` : HINT;
  return makeFinding(mapHandlerWrite, pkg, {
    messageId,
    params: { name: e.symbol.name, handler, line: h.spawn.startLine, hint },
    subject: e.symbol.name,
    location: e.statement,
    related: [{ location: h.spawn, messageId: "handlerHere" }],
    ...(wrap ? { fix: wrap.fix } : {}),
  });
}
