package p

import (
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

type Store struct {
	mu sync.RWMutex
	m  map[string]int
}

func (s *Store) Get(k string) (int, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.m[k]
	return v, ok
}

func work(s *Store, keys []string) error {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			s.mu.Lock()
			s.m[k]++
			s.mu.Unlock()
		}(k)
	}
	wg.Wait()
	var g errgroup.Group
	g.Go(func() error {
		s.m["g"] = 1
		return nil
	})
	wg.Go(s.flush)
	t := time.AfterFunc(time.Second, func() {
		delete(s.m, "t")
	})
	defer t.Stop()
	ch := make(chan int, 1)
	ch <- len(s.m)
	<-ch
	n := <-ch + 1
	_ = n
	return g.Wait()
}

func (s *Store) flush() {}
