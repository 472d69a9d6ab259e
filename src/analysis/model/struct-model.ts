// Builds the struct side of a package model before any function is walked:
// struct types from every file, one map symbol per (struct type, map field),
// and the sink through which the walk records struct variables and
// constructions.
import type { Node } from "web-tree-sitter";
import type { NamedTypes } from "./map-types.js";
import type { Construction, MapSymbol, StructType, StructValue } from "./model-types.js";
import type { StructSink } from "./struct-tracker.js";
import { constructorsOf, StructIndex, structTypeNames, structTypesOf } from "./struct-types.js";

export interface StructModel {
  sink: StructSink;
  structTypes: Map<string, StructType>;
  constructions: Construction[];
  structValues: StructValue[];
  /** Words that make a function worth walking for struct map fields. */
  words: string[];
}

export interface StructSource {
  path: string;
  top: readonly Node[];
  functions: readonly Node[];
}

export function buildStructModel(
  files: readonly StructSource[],
  named: NamedTypes,
  newSymbol: (init: Omit<MapSymbol, "id">) => MapSymbol,
): StructModel {
  const names = new Set(files.flatMap((f) => structTypeNames(f.top)));
  const structTypes = new Map<string, StructType>();
  const twice = new Set<string>();
  for (const f of files) {
    for (const t of structTypesOf(f.path, f.top, named, names)) {
      if (structTypes.has(t.name)) twice.add(t.name);
      structTypes.set(t.name, t);
    }
  }
  // Two declarations of one type are files for different builds: which fields it has is unknown.
  for (const name of twice) structTypes.delete(name);
  const bare = new StructIndex(structTypes, new Map());
  const index = new StructIndex(structTypes, constructorsOf(files.flatMap((f) => f.functions), bare));

  const fieldSymbols = new Map<string, MapSymbol>();
  for (const t of structTypes.values()) {
    for (const f of t.fields) {
      if (!f.mapType) continue;
      const symbol = newSymbol({
        name: f.name,
        kind: "field",
        owner: t.name,
        path: t.path,
        declared: f.declared,
        typeText: f.mapType,
        nilAtDeclaration: true,
        exported: /^\p{Lu}/u.test(f.name),
        declaration: null,
        at: f.at,
        functionIndex: -1,
        closure: 0,
      });
      fieldSymbols.set(`${t.name}.${f.name}`, symbol);
    }
  }

  const constructions: Construction[] = [];
  const structValues: StructValue[] = [];
  const sink: StructSink = {
    index,
    fieldSymbol: (owner, name) => fieldSymbols.get(`${owner}.${name}`) ?? null,
    newValue: (init) => {
      const value = { ...init, id: structValues.length };
      structValues.push(value);
      return value;
    },
    construction: (c) => constructions.push(c),
  };
  return { sink, structTypes, constructions, structValues, words: index.relevantWords() };
}
