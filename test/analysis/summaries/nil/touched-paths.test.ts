// What a function may change on its caller's side (touched-paths.ts): the
// receiver, parameter and package paths it assigns, directly or through its
// callees, with an entry another one covers left out.
import { describe, expect, it } from "vitest";
import { describePath } from "../../../../src/analysis/summaries/nil/summary-paths.js";
import { summarise } from "./helpers.js";

const src = `package p

type Store struct {
	labels map[string]string
	annos  map[string]string
	inner  *Store
}

var global = map[string]int{}

func (s *Store) setLabels() { s.labels = map[string]string{} }

func (s *Store) setAnnos() { s.annos = map[string]string{} }

func (s *Store) both() {
	s.setLabels()
	s.setAnnos()
}

func reset(s *Store) { *s = Store{} }

func (s *Store) resetAll() {
	s.setLabels()
	reset(s)
	s.inner.annos = nil
}

func (s *Store) deep() {
	s.inner.labels = nil
	s.inner.setAnnos()
}

func pkg() { global = nil }
`;

const touches = async (name: string): Promise<string[] | "all"> => {
  const s = await summarise(src);
  const t = s.summaries.summary(s.id(name))?.touches;
  if (!t) throw new Error(`no summary of ${name}`);
  return t.all ? "all" : t.paths.map((p) => `${p.under ? "under " : ""}${describePath(p.path)}`);
};

describe("touched paths", () => {
  it("a callee's touches come back in the caller's terms", async () => {
    expect(await touches("(*Store).both")).toEqual(["recv.labels", "recv.annos"]);
    expect(await touches("pkg")).toEqual(["global"]);
  });

  it("a path under one already touched is left out, and one that covers others replaces them", async () => {
    // reset(s) assigns *s (a summary path does not tell s from *s): that covers s.labels before it and s.inner.annos after it.
    expect(await touches("(*Store).resetAll")).toEqual(["recv"]);
    // s.inner.labels and the callee's s.inner.annos stay two entries: neither covers the other.
    expect(await touches("(*Store).deep")).toEqual(["recv.inner.labels", "recv.inner.annos"]);
  });
});
