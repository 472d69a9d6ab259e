import { describe, expect, it } from "vitest";
import { webOrigin } from "../../src/github/types.js";

describe("webOrigin", () => {
  it("takes permalinks' host from the pull request's own page, so GitHub Enterprise links stay on its host", () => {
    expect(webOrigin("https://github.com/acme/service/pull/42")).toBe("https://github.com");
    expect(webOrigin("https://ghe.example.com/acme/service/pull/42")).toBe("https://ghe.example.com");
    expect(webOrigin(undefined)).toBeUndefined();
    expect(webOrigin("not a url")).toBeUndefined();
  });
});
