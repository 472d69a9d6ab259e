// map-handler-write: a net/http handler writes a map
// every request shares (package-level, captured from the function that
// registers a literal handler, or a field of the handler's own receiver)
// with no lock held on any path to the write (flow/locks-held.ts).
import type { Span } from "../lower/ir.js";
import type { PackageFacts } from "../package-facts.js";
import type { Finding, Location } from "../types.js";
import { makeFinding, type Rule } from "./support/rule.js";
import { guardWrapFix } from "./support/guard-wrap-fix.js";
import { type Handler, handlerOfFunction, handlers, onceBodies } from "./support/handler-bodies.js";
import { type AccessSite, mapAccessSites, originOf } from "./support/map-access-sites.js";
import { locationOf } from "./support/line-text.js";
import { methodLabel } from "./support/ir-locations.js";
import { oncePerPackage } from "./support/once-per-package.js";

const FATAL = 'two requests at once stop the whole server with "fatal error: concurrent map writes"';

const messages = {
  package: `\`{name}\` is a package-level map written here, in the handler {handler}, with no lock held: net/http runs handlers concurrently, and ${FATAL}. {hint}`,
  captured: `\`{name}\` is declared outside the handler registered at line {line} and written here with no lock held: every request shares it, and ${FATAL}. {hint}`,
  field: `\`{name}\` is a map field of the handler's receiver, written here with no lock held: net/http runs {handler} concurrently on the one value, and ${FATAL}. {hint}`,
  handlerHere: "the handler, which net/http runs once per request, concurrently",
} as const;

export type MapHandlerWriteMessage = keyof typeof messages;

const HINT = "Guard it with a sync.Mutex (sync.RWMutex when reads dominate), or use sync.Map if each key is written once and read many times.";

export const mapHandlerWrite: Rule<MapHandlerWriteMessage> = oncePerPackage({
  id: "map-handler-write",
  meta: {
    id: "map-handler-write",
    severity: "error",
    summary: "A net/http handler writes a shared map (package-level or a receiver field) with no lock held.",
  },
  messages,
  check(pkg) {
    if (handlers(pkg).length === 0) return [];
    const owner = handlerOfFunction(pkg);
    const once = onceBodies(pkg);
    const found = new Map<string, { handler: Handler; site: AccessSite; messageId: MapHandlerWriteMessage }>();
    for (const site of mapAccessSites(pkg)) {
      if (site.access !== "write" || site.held.length > 0 || once.has(site.fn.id)) continue;
      const handler = owner.get(site.fn.id);
      if (!handler) continue;
      const messageId = sharedKind(pkg, handler, site);
      const key = `${site.fn.path}:${site.instr.stmt.line}:${site.map.key}`;
      if (messageId && !found.has(key)) found.set(key, { handler, site, messageId });
    }
    return [...found.values()].map(({ handler, site, messageId }) => report(pkg, handler, site, messageId));
  },
});

/** How every request comes to share the written map, or null when it is the request's own. */
function sharedKind(pkg: PackageFacts, h: Handler, site: AccessSite): MapHandlerWriteMessage | null {
  const map = site.map;
  if (map.kind === "package") return "package";
  if (map.kind === "field") {
    const recv = h.fn.receiver;
    // The handler's own receiver, also as a literal it calls in place captures it.
    const origin = map.base?.root.kind === "var" ? originOf(pkg, site.fn.id, map.base.root.var) : null;
    const root = origin ? pkg.ir.functions[origin.fn]?.vars[origin.var] : undefined;
    return h.decl && recv && origin?.fn === h.fn.id && root?.kind === "receiver" && map.direct && map.owner === recv.type ? "field" : null;
  }
  // A literal handler sees the variables of the function that registers it, made once for all requests.
  if (h.decl || !map.origin) return null;
  const v = pkg.ir.functions[map.origin.fn]?.vars[map.origin.var];
  if (!v?.declared || v.kind === "result") return null;
  return before(v.declared, h.fn.span) && !within(v.declared, h.fn.span) ? "captured" : null;
}

const before = (a: Span, b: Span): boolean => a.line < b.line || (a.line === b.line && a.column < b.column);
const within = (a: Span, b: Span): boolean => !before(a, b) && (a.line < b.endLine || (a.line === b.endLine && a.column < b.endColumn));

function report(pkg: PackageFacts, h: Handler, site: AccessSite, messageId: MapHandlerWriteMessage): Finding {
  const spawn: Location = locationOf(h.fn.path, h.site);
  const handler = h.decl ? `\`${methodLabel(h.fn)}\`` : `registered at line ${spawn.startLine}`;
  const wrap = guardWrapFix(pkg, site);
  const hint = wrap ? `\`${wrap.mutex}\` guards \`${site.map.name}\` elsewhere: hold it here too.` : HINT;
  return makeFinding(mapHandlerWrite, pkg, {
    messageId,
    params: { name: site.map.name, handler, line: spawn.startLine, hint },
    subject: site.map.name,
    location: locationOf(site.fn.path, site.instr.stmt),
    related: [{ location: spawn, messageId: "handlerHere" }],
    ...(wrap ? { fix: wrap.fix } : {}),
  });
}
