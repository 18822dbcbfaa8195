// What a page sends the browser: only the translations its render looked up (app/i18n/payload.ts),
// safe inside <script>, and the route that serves any other namespace later.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { createI18n, recordUsedTranslations, translationsVersion } from "~/i18n/i18n.server";
import { serializePayload } from "~/i18n/payload";
import { resources } from "~/i18n/resources";
import { loader } from "~/routes/i18n.$lng.$ns";

const load = (path: string, params: Record<string, string>) =>
  loader({ request: new Request(`http://localhost${path}`), params, context: {} } as LoaderFunctionArgs);

describe("the translations payload", () => {
  it("holds exactly the (language, namespace) pairs the render looked up, including a clone's", async () => {
    const i18n = await createI18n("es");
    const payload = recordUsedTranslations(i18n, "es");
    i18n.getFixedT("es", "auth")("login.title");
    i18n.t("common:appName");
    // The kiosk renders with its own clone in another language; clones share the store.
    i18n.cloneInstance({ lng: "en" }).getFixedT("en", "kiosk")("thanks.title");
    const sent = payload();
    expect(sent.lng).toBe("es");
    expect(sent.version).toBe(translationsVersion);
    expect(sent.languages).toEqual(["es", "en"]);
    expect(sent.namespaces).toEqual(Object.keys(resources.es));
    expect(Object.keys(sent.resources.es!).sort()).toEqual(["auth", "common"]);
    expect(Object.keys(sent.resources.en!)).toEqual(["kiosk"]);
    expect(sent.resources.es!.auth).toEqual(resources.es.auth);
  });

  it("cannot close the script element or open a comment, whatever the strings hold", () => {
    const text = serializePayload({
      version: "v",
      lng: "es",
      languages: ["es"],
      namespaces: ["common"],
      resources: { es: { common: { evil: "</script><script>alert(1)</script><!-- \u2028" } } },
    });
    expect(text).not.toMatch(/<|>|\u2028/);
    expect(JSON.parse(text).resources.es.common.evil).toBe("</script><script>alert(1)</script><!-- \u2028");
  });
});

describe("GET /i18n/<lng>/<ns>", () => {
  it("serves a namespace, cached for good when the version is current", async () => {
    const res = await load(`/i18n/en/kiosk?v=${translationsVersion}`, { lng: "en", ns: "kiosk" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toContain("immutable");
    expect(await res.json()).toEqual(resources.en.kiosk);
  });

  it("revalidates a stale version", async () => {
    const res = await load("/i18n/es/common?v=old", { lng: "es", ns: "common" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-cache");
  });

  it.each([
    ["xx", "common"],
    ["es", "nope"],
    ["es", "__proto__"],
    ["../es", "common"],
  ])("answers 404 for %s/%s", async (lng, ns) => {
    const res = await load(`/i18n/${lng}/${ns}`, { lng, ns });
    expect(res.status).toBe(404);
  });
});
