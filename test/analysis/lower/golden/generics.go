package p

type Set[K comparable] struct {
	items map[K]struct{}
}

func (s *Set[K]) Add(k K) {
	s.items[k] = struct{}{}
}

func Keys[K comparable, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func use() {
	s := &Set[string]{items: map[string]struct{}{}}
	s.Add("a")
	ks := Keys[string, int](map[string]int{"a": 1})
	_ = ks
	k2 := Keys(map[int]bool{})
	_ = k2
}
