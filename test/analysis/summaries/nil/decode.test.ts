// Decoding leaves a map it decodes into maybe nil, and the map fields of a
// struct it decodes into maybe nil unless they were made before (a default).
import { describe, expect, it } from "vitest";
import { lineOf, summarise } from "./helpers.js";

describe("decoding", () => {
  it("json.Unmarshal into a struct leaves its map field maybe nil, with the decode as origin; a default made before survives", async () => {
    const src = `package p

import "encoding/json"

type Config struct {
	Values map[string]string
	Name   string
}

func load(data []byte) (*Config, error) {
	c := &Config{}
	if err := json.Unmarshal(data, c); err != nil { // DECODE
		return nil, err
	}
	return c, nil
}

func withDefault(data []byte) *Config {
	c := &Config{Values: map[string]string{}}
	json.Unmarshal(data, c)
	return c
}

func made() *Config {
	return &Config{Values: map[string]string{}}
}
`;
    const s = await summarise(src);
    const r = s.summaries.resultNil(s.id("load"), 0, ["Values"]);
    expect(r?.kind).toBe("maybe");
    expect(r?.origins.map((o) => [o.kind, o.span.line])).toEqual([["decode", lineOf(src, "// DECODE")]]);
    expect(s.summaries.resultNil(s.id("made"), 0, ["Values"])?.kind).toBe("never");
    expect(s.summaries.resultNil(s.id("withDefault"), 0, ["Values"])?.kind).toBe("never");
  });

  it("a decoder's Decode and yaml by import path decode too; a map decoded into is maybe nil itself, made before or not (`null`)", async () => {
    const src = `package p

import (
	"encoding/json"
	"io"

	yaml "sigs.k8s.io/yaml"
)

type Config struct{ Values map[string]string }

func fromReader(r io.Reader) (c Config) {
	json.NewDecoder(r).Decode(&c)
	return
}

func fromYAML(data []byte) map[string]int {
	m := map[string]int{}
	yaml.Unmarshal(data, &m)
	return m
}
`;
    const s = await summarise(src);
    expect(s.summaries.resultNil(s.id("fromReader"), 0, ["Values"])?.origins[0]?.kind).toBe("decode");
    expect(s.summaries.resultNil(s.id("fromYAML"), 0)).toMatchObject({ kind: "maybe", origins: [{ kind: "decode" }] });
  });
});
