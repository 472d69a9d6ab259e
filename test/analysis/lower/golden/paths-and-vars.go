package p

import (
	"net/http"
	"sync"
)

type Inner struct{ m map[string]int }

type Outer struct {
	Inner
	*sync.Mutex
	next *Outer
}

var (
	cache      = map[string]int{}
	registry   map[string]*Outer
	mu         sync.Mutex
	defaultOut = &Outer{Inner: Inner{m: map[string]int{}}}
	handler    = func(w http.ResponseWriter, r *http.Request) { r.Header.Set("a", "b") }
)

var a, b = split()

func split() (int, int) { return 1, 2 }

func init() {
	registry = make(map[string]*Outer)
}

func init() {
	cache["x"] = 1
}

func deep(o *Outer, grid [][]map[string]int) {
	o.m["k"] = 1
	o.Inner.m["k"] = 2
	o.Lock()
	o.next.next.next.next.m["k"] = 3
	(*o).next.m["k"] = 4
	grid[0][1]["k"] = 5
	http.DefaultClient.Timeout = 0
	x := o.next.Inner.m
	_ = x
	o.Unlock()
}
