import { describe, expect, it } from "vitest";
import { at, concurrencyOf, contextsRooted, fn, only, reachableNames } from "./helpers.js";

const SERVER = `package p

import "net/http"

type Store struct{ m map[string]string }

var store = &Store{m: map[string]string{}}

func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.m[r.URL.Path] = "x"
}

func lookup(k string) string { return store.m[k] }

func get(w http.ResponseWriter, r *http.Request) {
	_ = lookup(r.URL.Path)
}

func main() {
	http.HandleFunc("/", get)
	http.Handle("/s", store)
	lookup("boot")
	http.ListenAndServe(":80", nil)
}
`;

describe("concurrency contexts: request handlers", () => {
  it("finds handlers by registration and ServeHTTP methods by name, both self-concurrent", async () => {
    const b = await concurrencyOf(SERVER);
    const get = only(contextsRooted(b, "get", "handler"));
    expect(get.selfConcurrent).toBe(true);
    expect(get.why).toMatch(/registered with net\/http\.HandleFunc at a\.go:20/);
    expect(get.spawn?.fn).toBe(fn(b, "main").id);
    const serve = only(contextsRooted(b, "(*Store).ServeHTTP", "handler"));
    expect(serve.selfConcurrent).toBe(true);
    expect(b.cx.contexts.filter((c) => c.kind === "handler")).toHaveLength(2);
  });

  it("a handler reaches its helpers, which then run concurrently with themselves", async () => {
    const b = await concurrencyOf(SERVER);
    const get = only(contextsRooted(b, "get", "handler"));
    expect(reachableNames(b, get)).toEqual(["get", "lookup"]);
    const read = at(b, "lookup", "return store.m[k]", "access");
    const write = at(b, "(*Store).ServeHTTP", "s.m[r.URL.Path]", "access");
    const ans = b.cx.mayRunInParallel(read, write);
    expect(ans.yes).toBe(true);
    expect(ans.why).toContain("handler get runs lookup");
    expect(ans.why).toContain("handler (*Store).ServeHTTP runs (*Store).ServeHTTP");
    // main itself is no handler: its code does not run with itself.
    expect(b.cx.contextsOf(fn(b, "main").id)).toEqual([]);
  });

  it("recognises gin handlers by their *gin.Context parameter", async () => {
    const b = await concurrencyOf(`package p

import "github.com/gin-gonic/gin"

var hits = map[string]int{}

func count(c *gin.Context) { hits[c.FullPath()]++ }

func notHandler(n int) { hits["n"] = n }
`);
    expect(only(contextsRooted(b, "count", "handler")).selfConcurrent).toBe(true);
    expect(contextsRooted(b, "notHandler")).toEqual([]);
  });
});
