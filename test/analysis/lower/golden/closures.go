package p

import "sync"

type Server struct {
	mu    sync.Mutex
	state map[string]int
}

func (s *Server) handle(k string) {}

func handle(k string) {}

func run(s *Server, keys []string) {
	count := 0
	f := func(k string) {
		count++
		g := func() {
			s.state[k] = count
		}
		g()
	}
	f("a")
	go f("b")
	go handle("c")
	go s.handle("d")
	h := s.handle
	go h("e")
	defer func() {
		s.mu.Unlock()
	}()
	defer handle("x")
	m := (*Server).handle
	m(s, "y")
	func() {
		keys[0] = "z"
	}()
}
