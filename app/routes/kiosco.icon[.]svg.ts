// GET /kiosco/icon.svg: the totem's app icon (kiosk/icon.ts).
import { KIOSK_ICON_SVG } from "../../kiosk/icon";

export async function loader() {
  return new Response(KIOSK_ICON_SVG, { headers: { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" } });
}
