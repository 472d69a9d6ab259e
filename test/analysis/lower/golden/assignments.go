package p

import "errors"

type T struct {
	A    int
	B    map[string]int
	Next *T
}

func f(m map[string]int, ch chan int, x any) (n int, err error) {
	a, b := 1, 2
	a, b = b, a
	v, ok := m["k"]
	s, isString := x.(string)
	r, open := <-ch
	got, err := g(a)
	_, _, _, _, _, _, _ = v, ok, s, isString, r, open, got
	var zero T
	var mm map[string]int
	var p = &T{A: 1, B: map[string]int{"a": 1}}
	p.Next = &zero
	mm = nil
	ts := []T{{A: 1}, {A: 2, B: mm}}
	ps := []*T{{A: 3}}
	_, _ = ts, ps
	if err != nil {
		return 0, errors.New("x")
	}
	return
}

func g(int) (int, error) { return 0, nil }
