package cache

import (
	"sync"
	"time"
)

var global = map[string]int{}
var mu sync.Mutex

type Cache struct {
	mu    sync.RWMutex
	items map[string]int
}

func NewCache() *Cache {
	return &Cache{items: make(map[string]int, 10)}
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items == nil && k != "" {
		c.items = map[string]int{}
	}
	c.items[k] = v
	c.items[k] += 2
	x, ok := c.items[k]
	_ = x
	if !ok {
		return
	}
	for k, v := range c.items {
		global[k] = v
	}
	go func() {
		c.items[k]++
	}()
	time.AfterFunc(time.Second, c.evict)
}
