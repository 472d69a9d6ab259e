// The goroutine facts and the rules built on them, on small shapes the
// fixtures do not spell out: joins in loops, recover, parameters, related locations.
import { describe, expect, it } from "vitest";
import { analyze, lines } from "../helpers.js";

const race = "map-goroutine-race";

describe("map-goroutine-race", () => {
  it("names the other access and says recover does not help", async () => {
    const result = await analyze(`package p

import "sync"

func f(xs []int) map[int]int {
	m := map[int]int{}
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func(x int) {
			defer wg.Done()
			defer func() { _ = recover() }()
			m[x] = x
		}(x)
	}
	wg.Wait()
	return m
}
`);
    const [finding] = result.findings.filter((f) => f.ruleId === race);
    expect(finding?.location.startLine).toBe(13);
    expect(finding?.message).toContain("recover()");
    expect(finding?.message).toContain("fatal error: concurrent map writes");
    expect(finding?.related[0]?.location.startLine).toBe(10);
  });

  it("treats a Wait at the end of the loop body that spawns as a join for code after the loop", async () => {
    const result = await analyze(`package p

import "sync"

func f(m map[int]int) {
	for i := 0; i < 2; i++ {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = m[1]
		}()
		wg.Wait()
	}
	m[2] = 2
}
`);
    expect(lines(result, race)).toEqual([]);
  });

  it("follows a map passed to a package function started with go", async () => {
    const result = await analyze(`package p

func fill(m map[string]int) {
	m["a"] = 1
}

func f() map[string]int {
	m := map[string]int{}
	go fill(m)
	m["b"] = 2
	return m
}

func g() map[string]int {
	m := map[string]int{}
	done := make(chan bool)
	go func() {
		fill(m)
		close(done)
	}()
	<-done
	m["b"] = 2
	return m
}
`);
    expect(lines(result, race)).toEqual([10]);
    expect(result.findings.find((f) => f.ruleId === race)?.related[0]?.location.startLine).toBe(4);
  });

  it("treats ranging over a channel the goroutine closes as a join for code after the loop only", async () => {
    const result = await analyze(`package p

func f(keys []string) map[string]bool {
	m := map[string]bool{}
	ch := make(chan string)
	go func() {
		for _, k := range keys {
			m[k] = true
			ch <- k
		}
		close(ch)
	}()
	for k := range ch {
		_ = m[k]
	}
	m["done"] = true
	return m
}
`);
    // The read inside the loop runs alongside the goroutine's write (reported there); the write after it does not.
    expect(lines(result, race)).toEqual([8]);
    expect(result.findings.find((f) => f.ruleId === race)?.related[0]?.location.startLine).toBe(14);
  });

  it("takes a closure variable started with go as the goroutine body, unless it is also called or reassigned", async () => {
    const result = await analyze(`package p

func f(m map[string]int) {
	w := func() { m["a"] = 1 }
	go w()
	m["b"] = 2
}

func g(m map[string]int) {
	w := func() { m["a"] = 1 }
	w()
	go w()
	m["b"] = 2
}

func h(m map[string]int) {
	for i := 0; i < 3; i++ {
		w := func(i int) { m["a"] = i }
		go w(i)
	}
}
`);
    expect(lines(result, race)).toEqual([6, 18]);
  });

  it("stays silent for reads on both sides and for maps made inside the goroutine", async () => {
    const result = await analyze(`package p

func f(m map[string]int) int {
	go func() {
		_ = m["a"]
		own := map[string]int{}
		own["x"] = len(m)
	}()
	return m["b"]
}
`);
    expect(lines(result, race)).toEqual([]);
  });
});

describe("map-handler-write and map-sent-then-mutated", () => {
  it("reports a gin handler literal writing a package-level map, not a per-request one", async () => {
    const result = await analyze(`package p

import "github.com/gin-gonic/gin"

var seen = map[string]bool{}

func routes(r *gin.Engine) {
	r.GET("/x", func(c *gin.Context) {
		local := map[string]bool{}
		local[c.Param("id")] = true
		seen[c.Param("id")] = true
	})
}
`);
    expect(lines(result, "map-handler-write")).toEqual([11]);
  });

  it("reports a write after a send only until the map is replaced", async () => {
    const result = await analyze(`package p

func f(out chan map[string]int) {
	m := map[string]int{}
	out <- m
	m["a"] = 1
	m = map[string]int{}
	m["b"] = 2
}
`);
    expect(lines(result, "map-sent-then-mutated")).toEqual([6]);
  });

  it("follows a map field through the value it was sent from, and maps inside a sent struct", async () => {
    const result = await analyze(`package p

type msg struct{ tags map[string]string }

type S struct {
	out   chan map[string]string
	attrs map[string]string
}

func (s *S) C(o *S, msgs chan msg) {
	s.out <- s.attrs
	o.attrs["x"] = "1"
	s.attrs["y"] = "2"
	tags := map[string]string{}
	msgs <- msg{tags: tags}
	tags["late"] = "1"
}
`);
    expect(lines(result, "map-sent-then-mutated")).toEqual([13, 16]);
    expect(result.findings.find((f) => f.ruleId === "map-sent-then-mutated")?.message).toContain("`s.attrs`");
  });
});
