// Finds a Chromium for Playwright: $CHROMIUM_PATH, then Debian's /usr/bin/chromium, then
// Playwright's own download. Never skips silently: without one, the tests fail with how to install it.
import fs from "node:fs";
import { chromium } from "@playwright/test";

export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const candidate of candidates) if (candidate && fs.existsSync(candidate)) return candidate;
  try {
    const bundled = chromium.executablePath();
    if (bundled && fs.existsSync(bundled)) return bundled;
  } catch {
    // Playwright's own browser is not installed.
  }
  return undefined;
}

export const CHROMIUM_MISSING =
  "No Chromium found for the end-to-end tests. Install one:\n" +
  "  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium\n" +
  "  elsewhere:     npx playwright install chromium\n" +
  "or point CHROMIUM_PATH at a Chromium or Chrome executable.";
