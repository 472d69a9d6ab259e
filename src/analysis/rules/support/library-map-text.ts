// How a nil library map is named in messages and created in fixes, as the
// file writes its types: `make(nethttp.Header)`, `url.Values{}`.
import type { TypeRef } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { formatMessage } from "./rule.js";

export interface LibraryMapType {
  /** The map's type as the file writes it: `http.Header`. */
  text: string;
  /** The expression that creates one: `make(http.Header)`, `url.Values{}`. */
  create: string;
}

/** The map's type: `type` itself (`field` null), or its field `field` (`Header` of `http.Request`, a package struct's `http.Header` field). */
export function libraryMapType(semantic: SemanticModel, type: TypeRef, field: string | null): LibraryMapType | null {
  if (field === null) return created(semantic.libraryKind(type), type.text);
  const owner = semantic.libraryKind(type);
  if (owner === "http.Request" || owner === "http.Response") {
    // Header and Trailer are both http.Header, named through the same import as the struct.
    const named = type.kind === "pointer" ? type.elem.text : type.text;
    return created("http.Header", `${named.slice(0, named.lastIndexOf(".") + 1)}Header`);
  }
  // A package struct's library map field: the rule before the semantic layer creates it with `make`, url.Values included.
  const member = semantic.member(type, field);
  const made = member?.kind === "field" ? created(semantic.libraryKind(member.type), member.type.text) : null;
  return made ? { text: made.text, create: `make(${made.text})` } : null;
}

function created(kind: string | null, text: string): LibraryMapType | null {
  if (kind === "http.Header") return { text, create: `make(${text})` };
  if (kind === "url.Values") return { text, create: `${text}{}` };
  return null;
}

/** "`req.Header.Set` writes to the nil map underneath and panics", or for an index write "writing to it panics". */
export function mapWriteText(messages: { libraryWriteIndex: string; libraryWriteMethod: string }, target: string, how: string): string {
  return how === "index" ? messages.libraryWriteIndex : formatMessage(messages.libraryWriteMethod, { target, method: how });
}
