// Accesses through several calls, files, func values, interfaces and cycles.
import { describe, expect, it } from "vitest";
import { summarise } from "./helpers.js";

describe("access summaries: composition over the call graph", () => {
  it("an access two calls below records every hop, across two files", async () => {
    const s = await summarise({
      "p/server.go": `package p

import "sync"

type Server struct {
	mu    sync.Mutex
	conns map[int]string
}

func (s *Server) Handle(id int) {
	s.mu.Lock()
	s.track(id)
	s.mu.Unlock()
}
`,
      "p/track.go": `package p

func (s *Server) track(id int) {
	s.remember(id, "x")
}

func (s *Server) remember(id int, name string) {
	s.conns[id] = name
}
`,
    });
    const handle = s.of("(*Server).Handle");
    expect(handle.accesses).toHaveLength(1);
    const a = handle.accesses[0];
    expect(a.chain.map((h) => `${s.pkg.ir.functions[h.fn].name}@${h.path}:${h.span.line}`)).toEqual(["(*Server).Handle@p/server.go:12", "(*Server).track@p/track.go:4"]);
    expect(`${a.origin.path}:${a.origin.span.line}`).toBe("p/track.go:8");
    expect(s.lines("(*Server).Handle")).toEqual(["write s.conns locks{s.mu:write} at (*Server).Handle@server.go:12 > (*Server).track@track.go:4 > (*Server).remember@track.go:8"]);
  });

  it("a method value called through a variable substitutes the receiver it was bound to", async () => {
    const s = await summarise(`package p

type Reg struct{ m map[string]int }

func (r *Reg) add(k string) { r.m[k] = 1 }

func Use(r *Reg) {
	f := r.add
	f("a")
}
`);
    expect(s.lines("Use")).toEqual(["write r.m at Use@a.go:9 > (*Reg).add@a.go:5"]);
  });

  it("an interface call composes every implementation of the package, each with its own locks", async () => {
    const s = await summarise(`package p

import "sync"

type Store interface{ Put(k string) }

type Plain struct{ m map[string]int }

type Locked struct {
	mu sync.Mutex
	m  map[string]int
}

func (p *Plain) Put(k string) { p.m[k] = 1 }

func (l *Locked) Put(k string) {
	l.mu.Lock()
	l.m[k] = 2
	l.mu.Unlock()
}

func Save(s Store) { s.Put("x") }
`);
    expect(s.lines("Save")).toEqual(["write s.m at Save@a.go:22 > (*Plain).Put@a.go:14", "write s.m locks{s.mu:write} at Save@a.go:22 > (*Locked).Put@a.go:18"]);
  });

  it("recursion and mutual recursion terminate with the accesses of every member", async () => {
    const s = await summarise(`package p

var seen = map[int]bool{}

func walk(n int) {
	if n == 0 {
		return
	}
	seen[n] = true
	walk(n - 1)
}

func even(n int) bool {
	if n == 0 {
		return true
	}
	seen[n] = true
	return odd(n - 1)
}

func odd(n int) bool {
	if n == 0 {
		return false
	}
	_ = seen[n]
	return even(n - 1)
}
`);
    expect(s.lines("walk")).toEqual(["write seen at walk@a.go:9"]);
    expect(s.of("walk").converged).toBe(true);
    expect(s.lines("even")).toEqual(["write seen at even@a.go:17", "read seen at even@a.go:18 > odd@a.go:25"]);
    expect(s.lines("odd")).toEqual(["read seen at odd@a.go:25", "write seen at odd@a.go:26 > even@a.go:17"]);
  });

  it("a closure started with go that calls a method is a goroutine of its spawner, not an access of it", async () => {
    const s = await summarise(`package p

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) refresh() { c.items["t"] = 1 }

func (c *Cache) Start(wg *sync.WaitGroup) {
	for i := 0; i < 3; i++ {
		go func() {
			c.refresh()
		}()
	}
	wg.Wait()
}
`);
    const start = s.of("(*Cache).Start");
    expect(start.accesses).toEqual([]);
    expect(start.goroutines.map((g) => ({ targets: g.targets.map((t) => s.pkg.ir.functions[t].name), inLoop: g.inLoop, line: g.origin.span.line }))).toEqual([
      { targets: ["(*Cache).Start$1"], inLoop: true, line: 14 },
    ]);
    expect(s.lines("(*Cache).Start$1")).toEqual(["write c.items at (*Cache).Start$1@a.go:15 > (*Cache).refresh@a.go:10"]);
    expect(start.waits.map((w) => w.kind)).toEqual(["wait"]);
  });

  it("goroutines a callee starts are the caller's too, with the receiver substituted", async () => {
    const s = await summarise(`package p

type W struct{ m map[int]int }

func (w *W) loop() { w.m[1] = 1 }

func (w *W) start() { go w.loop() }

func Run(x *W) { x.start() }
`);
    const run = s.of("Run");
    expect(run.goroutines).toHaveLength(1);
    expect(s.lines("Run")).toEqual(["go (*W).loop recv x at Run@a.go:9 > (*W).start@a.go:7"]);
  });
});

describe("access summaries: built on demand", () => {
  // Callers, callees, a cycle, a literal handed to a callee that runs it, and a lock helper: every kind of read a summary makes.
  const source = `package p

import "sync"

type Store struct {
	mu   sync.Mutex
	data map[string]int
}

func (s *Store) lock() { s.mu.Lock() }

func (s *Store) put(k string) { s.data[k] = 1 }

func (s *Store) Put(k string) {
	s.lock()
	s.put(k)
	s.mu.Unlock()
}

func even(s *Store, n int) {
	if n > 0 {
		odd(s, n-1)
	}
	s.data["even"] = n
}

func odd(s *Store, n int) {
	if n > 0 {
		even(s, n-1)
	}
	delete(s.data, "odd")
}

func run(f func()) { f() }

func Walk(s *Store) {
	run(func() { s.put("walk") })
	even(s, 3)
}
`;

  it("a summary is the same whichever function is asked for first", async () => {
    const forward = await summarise(source);
    const backward = await summarise(source);
    const names = forward.pkg.ir.functions.map((f) => f.name);
    const inOrder = names.map((n) => forward.lines(n));
    const reversed = [...names].reverse().map((n) => backward.lines(n)).reverse();
    expect(reversed).toEqual(inOrder);
    // The composition the order must not change: Walk reaches both maps of the cycle and the literal's write, under no
    // lock, each by its shortest chain (even's own write, not even's write again through odd).
    expect(forward.lines("Walk")).toEqual([
      "write s.data at Walk@a.go:37 > Walk$1@a.go:37 > (*Store).put@a.go:12",
      "delete s.data at Walk@a.go:38 > even@a.go:22 > odd@a.go:31",
      "write s.data at Walk@a.go:38 > even@a.go:24",
    ]);
    expect(forward.lines("(*Store).Put")).toEqual(["write s.data locks{s.mu:write} at (*Store).Put@a.go:16 > (*Store).put@a.go:12"]);
  });

  it("every function's summary is there when all are asked for after one", async () => {
    const s = await summarise(source);
    s.of("(*Store).put");
    expect(s.summaries.summaries.map((x) => x.fn)).toEqual(s.pkg.ir.functions.map((f) => f.id));
    expect(() => s.summaries.summaryOf(s.pkg.ir.functions.length)).toThrow(/no function/);
  });
});
