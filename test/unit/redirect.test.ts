import { safeRedirect } from "~/utils/redirect";

describe("safeRedirect", () => {
  it.each([
    ["/gestion", "/gestion"],
    ["/admin/usuarios?x=1#top", "/admin/usuarios?x=1#top"],
    ["//evil.example", "/"],
    ["https://evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/ok\nSet-Cookie: x", "/"],
    ["", "/"],
    [undefined, "/"],
    [42, "/"],
    ["gestion", "/"],
  ])("%j → %j", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });

  it("uses the given fallback", () => {
    expect(safeRedirect("//x", "/login")).toBe("/login");
  });
});
