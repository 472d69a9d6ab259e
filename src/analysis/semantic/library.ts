// The few types of other packages mapguard knows, recognised by import path
// (never by the name a file imports them under): maps in disguise
// (http.Header, url.Values), the structs that hold them, the sync types and
// errgroup. Everything else from another package is unknown, and queries
// about it answer "don't know" rather than guess.
import type { TypeRef } from "../lower/ir.js";
import { BOOL, named, STRING, pointerTo, sliceOf, type NamedRef } from "./type-refs.js";

export type LibraryKind =
  | "http.Header"
  | "url.Values"
  | "http.Request"
  | "http.Response"
  | "url.URL"
  | "mutex"
  | "rwmutex"
  | "sync.Map"
  | "waitgroup"
  | "once"
  | "errgroup";

const KINDS: ReadonlyMap<string, LibraryKind> = new Map([
  ["net/http.Header", "http.Header"],
  ["net/url.Values", "url.Values"],
  ["net/http.Request", "http.Request"],
  ["net/http.Response", "http.Response"],
  ["net/url.URL", "url.URL"],
  ["sync.Mutex", "mutex"],
  ["sync.RWMutex", "rwmutex"],
  ["sync.Map", "sync.Map"],
  ["sync.WaitGroup", "waitgroup"],
  ["sync.Once", "once"],
  ["golang.org/x/sync/errgroup.Group", "errgroup"],
]);

export function libraryKind(t: NamedRef): LibraryKind | null {
  return t.pkg ? (KINDS.get(`${t.pkg}.${t.name}`) ?? null) : null;
}

const HEADER = named("Header", "net/http");
const VALUES = named("Values", "net/url");
const STRINGS_MAP: Extract<TypeRef, { kind: "map" }> = { kind: "map", text: "map[string][]string", key: STRING, value: sliceOf(STRING) };

/** The map underneath a library map type. */
export function libraryMap(kind: LibraryKind): Extract<TypeRef, { kind: "map" }> | null {
  return kind === "http.Header" || kind === "url.Values" ? STRINGS_MAP : null;
}

const FIELDS: ReadonlyMap<string, TypeRef> = new Map([
  ["http.Request.Header", HEADER],
  ["http.Request.Trailer", HEADER],
  ["http.Request.Form", VALUES],
  ["http.Request.PostForm", VALUES],
  ["http.Request.URL", pointerTo(named("URL", "net/url"))],
  ["http.Response.Header", HEADER],
  ["http.Response.Trailer", HEADER],
  ["http.Response.Request", pointerTo(named("Request", "net/http"))],
]);

export function libraryField(kind: LibraryKind, name: string): TypeRef | null {
  return FIELDS.get(`${kind}.${name}`) ?? null;
}

const METHOD_RESULTS: ReadonlyMap<string, TypeRef[]> = new Map([
  ["http.Header.Clone", [HEADER]],
  ["url.Values.Get", [STRING]],
  ["http.Header.Get", [STRING]],
  ["url.URL.Query", [VALUES]],
  ["sync.Map.Load", [named("any"), BOOL]],
  ["sync.Map.LoadOrStore", [named("any"), BOOL]],
  ["sync.Map.LoadAndDelete", [named("any"), BOOL]],
  ["mutex.TryLock", [BOOL]],
  ["rwmutex.TryLock", [BOOL]],
  ["rwmutex.TryRLock", [BOOL]],
]);

export function libraryMethodResults(kind: LibraryKind, name: string): TypeRef[] | null {
  return METHOD_RESULTS.get(`${kind}.${name}`) ?? null;
}

/** Methods of the library types, so method sets of structs embedding them are known. */
const METHODS: ReadonlyMap<LibraryKind, readonly string[]> = new Map<LibraryKind, readonly string[]>([
  ["mutex", ["Lock", "Unlock", "TryLock"]],
  ["rwmutex", ["Lock", "Unlock", "TryLock", "RLock", "RUnlock", "TryRLock", "RLocker"]],
  ["waitgroup", ["Add", "Done", "Wait", "Go"]],
  ["once", ["Do"]],
  ["errgroup", ["Go", "Wait", "SetLimit", "TryGo"]],
  ["sync.Map", ["Load", "Store", "LoadOrStore", "LoadAndDelete", "Delete", "Swap", "CompareAndSwap", "CompareAndDelete", "Range", "Clear"]],
]);

export function libraryMethods(kind: LibraryKind): readonly string[] | null {
  return METHODS.get(kind) ?? null;
}

const FUNC_RESULTS: ReadonlyMap<string, TypeRef[]> = new Map([
  ["net/url.ParseQuery", [VALUES, named("error")]],
  ["net/url.Parse", [pointerTo(named("URL", "net/url")), named("error")]],
  ["net/http.NewRequest", [pointerTo(named("Request", "net/http")), named("error")]],
  ["net/http.NewRequestWithContext", [pointerTo(named("Request", "net/http")), named("error")]],
]);

export function libraryFuncResults(pkg: string, name: string): TypeRef[] | null {
  return FUNC_RESULTS.get(`${pkg}.${name}`) ?? null;
}

/**
 * Interfaces of other packages whose methods the package's own types often
 * implement, so a call through one reaches those implementations. Any other
 * interface of another package is unknown: its calls reach nothing.
 */
const INTERFACES: ReadonlyMap<string, readonly string[]> = new Map([
  ["error", ["Error"]],
  ["fmt.Stringer", ["String"]],
  ["io.Reader", ["Read"]],
  ["io.Writer", ["Write"]],
  ["io.Closer", ["Close"]],
  ["io.ReadCloser", ["Read", "Close"]],
  ["io.WriteCloser", ["Write", "Close"]],
  ["io.ReadWriter", ["Read", "Write"]],
  ["net/http.Handler", ["ServeHTTP"]],
  ["net/http.RoundTripper", ["RoundTrip"]],
  ["sort.Interface", ["Len", "Less", "Swap"]],
  ["context.Context", ["Deadline", "Done", "Err", "Value"]],
]);

/** Method names of a known interface of another package (or the builtin `error`). */
export function libraryInterface(t: NamedRef): readonly string[] | null {
  return INTERFACES.get(t.pkg ? `${t.pkg}.${t.name}` : t.name) ?? null;
}
