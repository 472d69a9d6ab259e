import { describe, expect, it } from "vitest";
import { calleesAt, calleesOf, fn, lineOf, modelOf } from "./helpers.js";

describe("call graph: methods", () => {
  it("resolves methods by the receiver's type, promoted methods through embedding included", async () => {
    const src = `package p

type Base struct{}

func (b *Base) Close() {}
func (b Base) Name() string { return "" }

type Mid struct{ *Base }
type Top struct {
	Mid
	other int
}

func (t *Top) Name() string { return "top" }

func f(t *Top, mid Mid) {
	t.Close()
	t.Name()
	mid.Name()
	t.Mid.Base.Close()
}
`;
    const m = await modelOf(src);
    expect(calleesAt(m, "f", lineOf(src, "t.Close()"))).toEqual(["(*Base).Close"]);
    // Top's own Name shadows the promoted one.
    expect(calleesAt(m, "f", lineOf(src, "t.Name()"))).toEqual(["(*Top).Name"]);
    expect(calleesAt(m, "f", lineOf(src, "mid.Name()"))).toEqual(["(Base).Name"]);
    expect(calleesAt(m, "f", lineOf(src, "t.Mid.Base.Close()"))).toEqual(["(*Base).Close"]);
  });

  it("finds no method where two embedded types at the same depth both have it", async () => {
    const src = `package p

type A struct{}
type B struct{}

func (A) Reset() {}
func (B) Reset() {}
func (B) Only()  {}

type Both struct {
	A
	B
}

func f(x Both) {
	x.Reset()
	x.Only()
}
`;
    const m = await modelOf(src);
    expect(calleesAt(m, "f", lineOf(src, "x.Reset()"))).toEqual([]);
    const reset = m.callGraph.sites.find((s) => s.span.line === lineOf(src, "x.Reset()"));
    expect(reset?.how).toBe("unresolved");
    expect(calleesAt(m, "f", lineOf(src, "x.Only()"))).toEqual(["(B).Only"]);
  });

  it("resolves method values and method expressions, called later through a variable", async () => {
    const src = `package p

type S struct{}

func (s *S) Serve(n int) {}
func (s *S) Stop()       {}

func f(s *S) {
	serve := s.Serve
	serve(1)
	stop := (*S).Stop
	stop(s)
}
`;
    const m = await modelOf(src);
    const f = fn(m, "f");
    const sites = m.callGraph.sites.filter((s) => s.fn === f.id);
    expect(sites.map((s) => s.targets.map((t) => [m.ir.functions[t.fn].name, t.receiver]))).toEqual([
      [["(*S).Serve", "bound"]],
      [["(*S).Stop", "arg0"]],
    ]);
  });

  it("resolves a lock on a struct that embeds sync.Mutex to the embedded mutex, and a package Lock method to its code", async () => {
    const src = `package p

import "sync"

type Counter struct {
	sync.Mutex
	n map[string]int
}

type Custom struct{ mu sync.Mutex }

func (c *Custom) Lock()   { c.mu.Lock() }
func (c *Custom) Unlock() { c.mu.Unlock() }

func f(c *Counter, d *Custom) {
	c.Lock()
	c.n["x"]++
	c.Unlock()
	d.Lock()
	defer d.Unlock()
}
`;
    const m = await modelOf(src);
    const f = fn(m, "f");
    const lock = f.blocks[0].instrs.find((i) => i.op === "lock");
    expect(lock?.op).toBe("lock");
    if (lock?.op !== "lock") return;
    expect(m.methodReceiverPath(f, lock.mutex, "Lock")).toEqual({
      root: lock.mutex.root,
      selectors: [{ kind: "field", name: "Mutex" }],
    });
    expect(calleesAt(m, "f", lineOf(src, "c.Lock()"))).toEqual([]);
    expect(calleesAt(m, "f", lineOf(src, "d.Lock()"))).toEqual(["(*Custom).Lock"]);
    expect(calleesAt(m, "f", lineOf(src, "defer d.Unlock()"))).toEqual(["(*Custom).Unlock"]);
  });
});

describe("call graph: interfaces", () => {
  it("sends an interface method call to every package type that implements the interface", async () => {
    const m = await modelOf({
      "p/iface.go": `package p

type Store interface {
	Get(k string) int
	Put(k string, v int)
}

func use(s Store) { s.Put("a", 1) }
`,
      "p/impl.go": `package p

type mem struct{ m map[string]int }

func (x *mem) Get(k string) int     { return x.m[k] }
func (x *mem) Put(k string, v int) { x.m[k] = v }

type disk struct{}

func (disk) Get(k string) int     { return 0 }
func (disk) Put(k string, v int) {}

type partial struct{}

func (partial) Put(k string, v int) {}

type wrapped struct{ *mem }
`,
    });
    // partial lacks Get; wrapped implements Store through *mem, whose Put it runs.
    expect(calleesOf(m, "use")).toEqual(["(*mem).Put", "(disk).Put"]);
    expect(m.callGraph.site(fn(m, "use").id, { block: 0, index: 0 })?.how).toBe("interface");
  });

  it("sends calls through error and http.Handler to the package's implementations", async () => {
    const src = `package p

import "net/http"

type myErr struct{}

func (myErr) Error() string { return "x" }

type api struct{}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

func f(err error, h http.Handler) {
	_ = err.Error()
	h.ServeHTTP(nil, nil)
}
`;
    const m = await modelOf(src);
    expect(calleesOf(m, "f")).toEqual(["(*api).ServeHTTP", "(myErr).Error"]);
  });
});

describe("call graph: func values", () => {
  it("follows function values through locals, struct fields and parameters", async () => {
    const src = `package p

type Server struct {
	onClose func()
	route   map[string]func(int)
}

func cleanup()     {}
func index(n int)  {}
func other(n int)  {}
func notCalled()   {}

func apply(fn func(int), n int) { fn(n) }

func setup(s *Server) {
	s.onClose = cleanup
	s.route = map[string]func(int){"/": index}
	apply(other, 1)
	local := notCalled
	_ = local
}

func (s *Server) run() {
	s.onClose()
	s.route["/"](2)
	for _, h := range s.route {
		h(3)
	}
}
`;
    const m = await modelOf(src);
    expect(calleesOf(m, "(*Server).run")).toEqual(["cleanup", "index"]);
    expect(calleesOf(m, "apply")).toEqual(["other"]);
    const run = fn(m, "(*Server).run");
    expect(m.callGraph.callersOf(fn(m, "index").id).every((s) => s.fn === run.id)).toBe(true);
    expect(m.callGraph.callersOf(fn(m, "notCalled").id)).toEqual([]);
  });

  it("gathers a parameter's func values from every call site, and follows func slices through copies and append", async () => {
    const src = `package p

type Bus struct{ subs []func(string) }

func a(s string) {}
func b(s string) {}
func c(s string) {}

func (bus *Bus) On(f func(string)) { bus.subs = append(bus.subs, f) }

func (bus *Bus) Emit(msg string) {
	subs := bus.subs
	for _, f := range subs {
		f(msg)
	}
}

func wire(bus *Bus) {
	bus.On(a)
	bus.On(b)
	_ = c
}
`;
    const m = await modelOf(src);
    expect(calleesOf(m, "(*Bus).Emit")).toEqual(["a", "b"]);
    expect(calleesOf(m, "wire")).toEqual(["(*Bus).On"]);
    expect(m.callGraph.callersOf(fn(m, "a").id).map((site) => m.ir.functions[site.fn].name)).toEqual(["(*Bus).Emit"]);
  });

  it("follows func values kept in package variables, set in their initialisers or in init", async () => {
    const m = await modelOf({
      "p/vars.go": `package p

var onStart = func() {}

var hooks = map[string]func(){"a": hookA}

var late func()

func init() { late = hookB }
`,
      "p/run.go": `package p

func hookA() {}
func hookB() {}

func run() {
	onStart()
	hooks["a"]()
	late()
}
`,
    });
    expect(calleesOf(m, "run")).toEqual(["<vars>$1", "hookA", "hookB"]);
  });

  it("follows func values returned by functions and sent over channels", async () => {
    const src = `package p

func worker() {}

func pick() func() { return worker }

func f(jobs chan func()) {
	g := pick()
	g()
	jobs <- worker
}

func drain(jobs chan func()) {
	for j := range jobs {
		j()
	}
}
`;
    const m = await modelOf(src);
    expect(calleesAt(m, "f", lineOf(src, "g()"))).toEqual(["worker"]);
    // drain's channel is only its parameter: the send in f reaches it through the call graph of nobody, so no target.
    expect(calleesOf(m, "drain")).toEqual([]);
  });

  it("follows a func value sent on a channel to its receiver in the same function", async () => {
    const src = `package p

func worker() {}

func f() {
	jobs := make(chan func(), 1)
	jobs <- worker
	j := <-jobs
	j()
}
`;
    const m = await modelOf(src);
    expect(calleesOf(m, "f")).toEqual(["worker"]);
  });
});

describe("call graph: closures", () => {
  it("resolves closures called directly, through a variable, and passed as a callback", async () => {
    const src = `package p

import "sort"

func each(xs []int, visit func(int)) {
	for _, x := range xs {
		visit(x)
	}
}

func f(xs []int) {
	func() {}()
	later := func() {}
	later()
	each(xs, func(x int) {})
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
	go func() {}()
	defer func() {}()
}
`;
    const m = await modelOf(src);
    expect(calleesOf(m, "f")).toEqual(["each", "f$1", "f$2", "f$5", "f$6"]);
    expect(calleesOf(m, "each")).toEqual(["f$3"]);
    // The closure given to sort.Slice runs in code mapguard cannot see.
    expect(m.callGraph.callbackEscapes.map((e) => [e.callee, e.arg, e.targets.map((t) => m.ir.functions[t].name)])).toEqual([
      ["sort.Slice", 1, ["f$4"]],
    ]);
  });

  it("records handlers registered with net/http as escaping callbacks, method values included", async () => {
    const src = `package p

import "net/http"

type app struct{}

func (a *app) users(w http.ResponseWriter, r *http.Request) {}

func health(w http.ResponseWriter, r *http.Request) {}

func main() {
	a := &app{}
	http.HandleFunc("/users", a.users)
	h := health
	http.HandleFunc("/health", h)
	http.Handle("/x", http.HandlerFunc(health))
}
`;
    const m = await modelOf(src);
    const names = m.callGraph.callbackEscapes.map((e) => `${e.callee}:${e.targets.map((t) => m.ir.functions[t].name).join(",")}`);
    expect(names).toEqual(["net/http.HandleFunc:(*app).users", "net/http.HandleFunc:health", "net/http.HandlerFunc:health"]);
  });

  it("resolves go and errgroup bodies, and a closure capturing a func value", async () => {
    const src = `package p

import "golang.org/x/sync/errgroup"

func job() error { return nil }

func f() error {
	var g errgroup.Group
	g.Go(job)
	run := job
	g.Go(func() error { return run() })
	return g.Wait()
}
`;
    const m = await modelOf(src);
    expect(calleesOf(m, "f")).toEqual(["f$1", "job"]);
    expect(calleesOf(m, "f$1")).toEqual(["job"]);
    const f = fn(m, "f");
    expect(m.callGraph.sites.filter((s) => s.fn === f.id).map((s) => s.op)).toEqual(["go", "go"]);
  });
});

describe("call graph: generics", () => {
  it("resolves a generic function called with type arguments and a method of a generic type", async () => {
    const src = `package p

type List[T any] struct{ items []T }

func (l *List[T]) Push(v T) { l.items = append(l.items, v) }

func Map[T, U any](xs []T, f func(T) U) []U { return nil }

func double(x int) int { return 2 * x }

func f(l *List[int], xs []int) {
	l.Push(1)
	Map[int, int](xs, double)
	Map(xs, double)
}

func g[T any](l *List[T], v T) { l.Push(v) }
`;
    const m = await modelOf(src);
    expect(calleesAt(m, "f", lineOf(src, "l.Push(1)"))).toEqual(["(*List).Push"]);
    expect(calleesAt(m, "f", lineOf(src, "Map[int, int](xs, double)"))).toEqual(["Map"]);
    expect(calleesAt(m, "f", lineOf(src, "Map(xs, double)"))).toEqual(["Map"]);
    expect(calleesOf(m, "g")).toEqual(["(*List).Push"]);
  });
});

describe("call graph: strongly connected components", () => {
  it("orders components callees first and groups mutual recursion", async () => {
    const src = `package p

func even(n int) bool {
	if n == 0 {
		return true
	}
	return odd(n - 1)
}

func odd(n int) bool {
	if n == 0 {
		return false
	}
	return even(n - 1)
}

func leaf() {}

func top() {
	even(3)
	leaf()
}
`;
    const m = await modelOf(src);
    const names = m.callGraph.stronglyConnectedComponents().map((c) => c.map((i) => m.ir.functions[i].name).sort());
    const at = (name: string) => names.findIndex((c) => c.includes(name));
    expect(names[at("even")]).toEqual(["even", "odd"]);
    expect(at("even")).toBeLessThan(at("top"));
    expect(at("leaf")).toBeLessThan(at("top"));
    expect(names.flat().sort()).toEqual(["even", "leaf", "odd", "top"]);
  });
});
