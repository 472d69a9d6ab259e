// How a nil library map is named in messages and created in fixes, as the
// file writes its types: `make(nethttp.Header)`, `url.Values{}`.
import type { TypeRef } from "../../../lower/ir.js";
import type { SemanticModel } from "../../../semantic/semantic-model.js";
import { formatMessage } from "../../support/rule.js";

export interface LibraryMapType {
  /** The map's type as the file writes it: `http.Header`. */
  text: string;
  /** The expression that creates one: `make(http.Header)`, `url.Values{}`. */
  create: string;
}

/** The map's type: `type` itself (`field` null), or its field `field` (`Header` of `http.Request`, a package struct's `http.Header` field). */
export function libraryMapType(semantic: SemanticModel, type: TypeRef, field: string | null): LibraryMapType | null {
  let text: string;
  if (field === null) text = type.text;
  else {
    const owner = semantic.libraryKind(type);
    if (owner === "http.Request" || owner === "http.Response") {
      const named = type.kind === "pointer" ? type.elem.text : type.text;
      text = `${named.slice(0, named.lastIndexOf(".") + 1)}Header`;
    } else {
      const member = semantic.member(type, field);
      if (member?.kind !== "field") return null;
      text = member.type.text;
    }
  }
  const kind = semantic.libraryKind(field === null ? type : (semantic.member(type, field) as { type?: TypeRef } | null)?.type ?? null);
  if (kind === "http.Header" || (field !== null && kind === null && text.endsWith(".Header"))) return { text, create: `make(${text})` };
  if (kind === "url.Values") return { text, create: `${text}{}` };
  return null;
}

/** "`req.Header.Set` writes to the nil map underneath and panics", or for an index write "writing to it panics". */
export function mapWriteText(messages: { libraryWriteIndex: string; libraryWriteMethod: string }, target: string, how: string): string {
  return how === "index" ? messages.libraryWriteIndex : formatMessage(messages.libraryWriteMethod, { target, method: how });
}
