// Request handlers: the server runs each request in its own goroutine, so a
// handler runs concurrently with itself and with everything else. Found by
// signature — (http.ResponseWriter, *http.Request), gin's (*gin.Context),
// any ServeHTTP method — and by registration: a func value handed to
// net/http (HandleFunc, Handle, HandlerFunc(...)) or to a router method
// named like one.
import type { IrFunction, TypeRef } from "../lower/ir.js";
import type { CallbackEscape } from "../semantic/call-graph.js";

const ROUTER_METHODS = new Set([".Handle", ".HandleFunc", ".HandlerFunc", ".GET", ".POST", ".PUT", ".PATCH", ".DELETE", ".HEAD", ".OPTIONS", ".Any", ".Use"]);

/** Callees that run the func values handed to them in goroutines of their own. */
export function startsConcurrently(callee: string): boolean {
  return callee.startsWith("net/http.") || ROUTER_METHODS.has(callee);
}

export function isHandlerFunction(fn: IrFunction): boolean {
  if (fn.kind === "method" && fn.name.endsWith(".ServeHTTP")) return true;
  const types: (TypeRef | null)[] = [];
  for (const v of fn.params) {
    const param = fn.vars[v];
    if (param && param.kind === "param") types.push(param.type);
  }
  if (types.length === 2) return isNamed(types[0], "net/http", "ResponseWriter") && isPointerTo(types[1], "net/http", "Request");
  return types.length === 1 && isPointerTo(types[0], "github.com/gin-gonic/gin", "Context");
}

/** Registrations by function id: the first call that hands each function to a server. */
export function registrations(escapes: readonly CallbackEscape[]): Map<number, CallbackEscape> {
  const out = new Map<number, CallbackEscape>();
  for (const e of escapes) {
    if (!startsConcurrently(e.callee)) continue;
    for (const t of e.targets) if (!out.has(t)) out.set(t, e);
  }
  return out;
}

function isNamed(t: TypeRef | null, pkg: string, name: string): boolean {
  return t !== null && t.kind === "named" && t.pkg === pkg && t.name === name;
}

function isPointerTo(t: TypeRef | null, pkg: string, name: string): boolean {
  return t !== null && t.kind === "pointer" && isNamed(t.elem, pkg, name);
}
