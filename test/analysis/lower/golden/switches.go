package p

import (
	"errors"
	"fmt"
)

func exprSwitch(x int, m map[string]int) string {
	switch x {
	case 1, 2:
		return "small"
	case 3:
		m["three"] = 3
		fallthrough
	case 4:
		return "four"
	default:
		return "big"
	}
}

func tagless(m map[string]int, err error) {
	switch {
	case m == nil:
		m = map[string]int{}
	case err != nil, len(m) > 10:
		return
	}
	m["x"] = 1
}

func typeSwitch(v any) error {
	switch t := v.(type) {
	case string:
		return errors.New(t)
	case int, int64:
		return fmt.Errorf("%v", t)
	case nil:
		return nil
	default:
		_ = t
	}
	return nil
}

func sel(a, b chan int, done chan struct{}, m map[string]int) {
loop:
	for {
		select {
		case v := <-a:
			m["a"] = v
		case v, ok := <-b:
			if !ok {
				break loop
			}
			m["b"] = v
		case done <- struct{}{}:
			return
		case <-done:
			break loop
		default:
		}
	}
	select {}
}
