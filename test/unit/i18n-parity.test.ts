// English must be complete: the browser's i18next has no Spanish fallback (app/i18n/i18n.client.ts),
// so a key missing in one language would show as a raw key there, and differ from the server's render.
import { describe, expect, it } from "vitest";
import { resources } from "~/i18n/resources";

function keysOf(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe("translations: Spanish and English have the same keys", () => {
  it.each(Object.keys(resources.es) as Array<keyof typeof resources.es>)("%s", (ns) => {
    const es = keysOf(resources.es[ns]).sort();
    const en = keysOf(resources.en[ns]).sort();
    expect(en.filter((k) => !es.includes(k)), "only in English").toEqual([]);
    expect(es.filter((k) => !en.includes(k)), "only in Spanish").toEqual([]);
  });
});
