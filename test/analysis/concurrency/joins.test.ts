import { describe, expect, it } from "vitest";
import { at, concurrencyOf } from "./helpers.js";

describe("concurrency: the spawner runs alongside its body until a join", () => {
  it("runs alongside after go and before Wait, not after Wait; called helpers count too", async () => {
    const b = await concurrencyOf(`package p

import "sync"

func touch(m map[int]int) { m[2] = 2 }

func run(m map[int]int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m[0] = 0
	}()
	m[1] = 1
	touch(m)
	wg.Wait()
	m[3] = 3
}
`);
    const body = at(b, "run$1", "m[0] = 0", "access");
    const before = b.cx.mayRunInParallel(at(b, "run", "m[1] = 1", "access"), body);
    expect(before.yes).toBe(true);
    expect(before.why).toMatch(/goroutine started at a\.go:10 runs run\$1; run continues alongside it/);
    const helper = b.cx.mayRunInParallel(at(b, "touch", "m[2] = 2", "access"), body);
    expect(helper.yes).toBe(true);
    expect(helper.why).toContain("touch is called by the spawner's side");
    expect(b.cx.mayRunInParallel(at(b, "run", "m[3] = 3", "access"), body).yes).toBe(false);
  });

  it("a Wait is no join when the body itself calls Add", async () => {
    const b = await concurrencyOf(`package p

import "sync"

func run(m map[int]int) {
	var wg sync.WaitGroup
	go func() {
		wg.Add(1)
		defer wg.Done()
		m[0] = 0
	}()
	wg.Wait()
	m[1] = 1
}
`);
    expect(b.cx.mayRunInParallel(at(b, "run", "m[1] = 1", "access"), at(b, "run$1", "m[0] = 0", "access")).yes).toBe(true);
  });

  it("a WaitGroup passed by address to a named worker joins at Wait", async () => {
    const b = await concurrencyOf(`package p

import "sync"

func worker(wg *sync.WaitGroup, m map[int]int) {
	defer wg.Done()
	m[0] = 0
}

func run(m map[int]int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&wg, m)
	m[1] = 1
	wg.Wait()
	m[2] = 2
}
`);
    const body = at(b, "worker", "m[0] = 0", "access");
    expect(b.cx.mayRunInParallel(at(b, "run", "m[1] = 1", "access"), body).yes).toBe(true);
    expect(b.cx.mayRunInParallel(at(b, "run", "m[2] = 2", "access"), body).yes).toBe(false);
  });

  it("a receive from the body's done channel joins; from another channel it does not", async () => {
    const b = await concurrencyOf(`package p

func run(m map[int]int, other chan int) {
	done := make(chan struct{})
	go func() {
		m[0] = 0
		close(done)
	}()
	<-other
	m[1] = 1
	<-done
	m[2] = 2
}
`);
    const body = at(b, "run$1", "m[0] = 0", "access");
    expect(b.cx.mayRunInParallel(at(b, "run", "m[1] = 1", "access"), body).yes).toBe(true);
    expect(b.cx.mayRunInParallel(at(b, "run", "m[2] = 2", "access"), body).yes).toBe(false);
  });

  it("ranging over a channel the body closes joins after the loop, not inside it", async () => {
    const b = await concurrencyOf(`package p

func run(m map[int]int) {
	ch := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			m[i] = i
			ch <- i
		}
		close(ch)
	}()
	for v := range ch {
		m[v+10] = v
	}
	m[99] = 0
}
`);
    const body = at(b, "run$1", "m[i] = i", "access");
    expect(b.cx.mayRunInParallel(at(b, "run", "m[v+10] = v", "access"), body).yes).toBe(true);
    expect(b.cx.mayRunInParallel(at(b, "run", "m[99] = 0", "access"), body).yes).toBe(false);
  });

  it("errgroup.Go joins at the group's Wait", async () => {
    const b = await concurrencyOf(`package p

import "golang.org/x/sync/errgroup"

func run(m map[int]int) error {
	var g errgroup.Group
	for i := 0; i < 3; i++ {
		g.Go(func() error {
			m[i] = i
			return nil
		})
	}
	m[-1] = 0
	err := g.Wait()
	m[-2] = 0
	return err
}
`);
    const group = b.cx.contexts.find((c) => c.kind === "group");
    expect(group?.selfConcurrent).toBe(true);
    const body = at(b, "run$1", "m[i] = i", "access");
    expect(b.cx.mayRunInParallel(body, body).yes).toBe(true);
    expect(b.cx.mayRunInParallel(at(b, "run", "m[-1] = 0", "access"), body).yes).toBe(true);
    expect(b.cx.mayRunInParallel(at(b, "run", "m[-2] = 0", "access"), body).yes).toBe(false);
  });

  it("two goroutines started one after the other, the first joined before the second starts, do not overlap", async () => {
    const b = await concurrencyOf(`package p

import "sync"

func run(m map[int]int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m[0] = 0
	}()
	wg.Wait()
	go func() {
		m[1] = 1
	}()
}
`);
    const first = at(b, "run$1", "m[0] = 0", "access");
    const second = at(b, "run$2", "m[1] = 1", "access");
    expect(b.cx.mayRunInParallel(first, second).yes).toBe(false);
  });
});
