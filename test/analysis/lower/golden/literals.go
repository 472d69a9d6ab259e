package p

type Point struct{ X, Y int }

type Node struct {
	Name     string
	Children []*Node
	Attrs    map[string]string
	At       Point
}

func build(name string, extra map[string]string) *Node {
	pos := Point{1, 2}
	table := [...]int{1, 2, 3}
	byIndex := []string{0: "a", 5: name}
	_, _ = table, byIndex
	n := &Node{
		Name:     name,
		Children: []*Node{{Name: "child"}, &Node{Name: "other", Attrs: extra}},
		Attrs:    map[string]string{"k": name, name: "v"},
		At:       pos,
	}
	grid := map[Point]map[string]int{{1, 2}: {"a": 1}, pos: nil}
	_ = grid
	anon := struct{ m map[string]int }{m: make(map[string]int)}
	_ = anon
	return n
}

// Tables read from the text: keyed elements, elided rows, comments between rows.
var table = [][2]int{
	// first block
	{1, 2}, {3, 4}, // trailing
	/* second */ {5, 6},
}

var byKey = map[string]*Point{"a:b": {1, 2}, "c": {X: 3}}

var sparse = [8]uint16{0x4: 0x08, 0x7: limit /* last */}

const limit = 9
