// Field initialisation: which map fields a function makes non-nil on its
// receiver, pointer parameters and struct results, and which it leaves nil.
import { describe, expect, it } from "vitest";
import { describeNilSummary } from "../../../../src/analysis/summaries/nil/describe-nil-summary.js";
import { lineOf, summarise } from "./helpers.js";

const store = `package p

type Store struct {
	labels map[string]string
	annos  map[string]string
	name   string
}
`;

describe("field initialisation", () => {
  it("a constructor making one of two map fields initialises only that one, and leaves the other nil from the literal", async () => {
    const src = `${store}
func NewStore() *Store {
	return &Store{labels: make(map[string]string)} // LIT
}
`;
    const s = await summarise(src);
    const id = s.id("NewStore");
    expect(s.summaries.initialises(id).map((i) => [i.type, i.fieldPath.join("."), i.on.kind])).toEqual([["Store", "labels", "result"]]);
    const left = s.summaries.leavesNil(id);
    expect(left.map((i) => i.fieldPath.join("."))).toEqual(["annos"]);
    expect(left[0].origins.map((o) => [o.kind, o.span.line])).toEqual([["omitted", lineOf(src, "// LIT")]]);
    expect(s.summaries.resultNil(id, 0, ["annos"])?.kind).toBe("always");
    expect(s.summaries.resultNil(id, 0, ["labels"])?.kind).toBe("never");
  });

  it("a literal, new(T) and a zero value each leave the field nil", async () => {
    const src = `${store}
func lit() Store { return Store{name: "x"} }
func fresh() *Store { return new(Store) }
func zero() (s Store) { return }
func local() *Store {
	var s Store
	return &s
}
`;
    const s = await summarise(src);
    for (const [name, kind] of [
      ["lit", "omitted"],
      ["fresh", "new"],
      ["zero", "zero"],
      ["local", "zero"],
    ] as const) {
      const r = s.summaries.resultNil(s.id(name), 0, ["labels"]);
      expect(r?.kind, name).toBe("always");
      expect(r?.origins[0]?.kind, name).toBe(kind);
    }
  });

  it("an init method and a lazy init on the receiver initialise; a value receiver's do not", async () => {
    const src = `${store}
func (s *Store) init() { s.labels = make(map[string]string) }
func (s *Store) ensure() {
	if s.annos == nil {
		s.annos = map[string]string{}
	}
}
func (s Store) lost() { s.labels = make(map[string]string) }
func (s *Store) reset() { s.labels = nil }
`;
    const s = await summarise(src);
    expect(s.summaries.initialises(s.id("(*Store).init")).map((i) => [i.on.kind, i.fieldPath.join(".")])).toEqual([["receiver", "labels"]]);
    expect(s.summaries.initialises(s.id("(*Store).ensure")).map((i) => i.fieldPath.join("."))).toEqual(["annos"]);
    expect(s.summaries.initialises(s.id("(Store).lost"))).toEqual([]);
    expect(s.summaries.leavesNil(s.id("(*Store).reset")).map((i) => i.fieldPath.join("."))).toEqual(["labels"]);
  });

  it("a constructor calling an init method, or applying a functional option, initialises through the callee", async () => {
    const src = `${store}
type Option func(*Store)

func (s *Store) init() { s.labels = make(map[string]string) }

func initAnnos(s *Store) { s.annos = make(map[string]string) }

func New() *Store {
	s := &Store{}
	s.init()
	initAnnos(s)
	return s
}

func Half() *Store {
	s := &Store{}
	s.init()
	return s
}
`;
    const s = await summarise(src);
    expect(s.summaries.initialises(s.id("initAnnos")).map((i) => [i.on, i.fieldPath.join(".")])).toEqual([[{ kind: "param", index: 0 }, "annos"]]);
    expect(s.summaries.resultNil(s.id("New"), 0, ["labels"])?.kind).toBe("never");
    expect(s.summaries.resultNil(s.id("New"), 0, ["annos"])?.kind).toBe("never");
    expect(s.summaries.resultNil(s.id("Half"), 0, ["labels"])?.kind).toBe("never");
    expect(describeNilSummary(s.summaries, "New")).toContain("init result0 Store.annos");
  });
});
