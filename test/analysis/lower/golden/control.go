package p

func loops(m map[string]int, xs []int, ch chan int, seq func(func(int) bool)) int {
	total := 0
	for i := 0; i < len(xs); i++ {
		if xs[i] < 0 {
			continue
		}
		total += xs[i]
	}
	for k, v := range m {
		if v == 0 {
			delete(m, k)
		}
	}
	for _, x := range xs {
		total += x
	}
	for v := range ch {
		total += v
	}
	for i := range 10 {
		total += i
	}
	for x := range seq {
		total += x
	}
	for total < 100 {
		total *= 2
	}
outer:
	for {
		for j := 0; ; j++ {
			if j > 3 {
				break outer
			}
			if j == 2 {
				continue outer
			}
		}
	}
	if len(m) == 0 {
		clear(m)
	}
	goto done
done:
	return total
}

func conds(m map[string]int, p *int, ok bool) {
	if m != nil && len(m) > 0 {
		m["a"] = 1
	} else if p == nil || !ok {
		return
	} else {
		panic("no")
	}
	if nil == m {
		m = make(map[string]int)
	}
}
