// GET /kiosco/manifest.webmanifest: the totem's web-app manifest (kiosk/manifest.json).
import manifest from "../../kiosk/manifest.json";

export async function loader() {
  return new Response(JSON.stringify(manifest), {
    headers: { "Content-Type": "application/manifest+json; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
