// The tablet's binding to its kiosk, in localStorage: the device credential (sent as
// `Authorization: Bearer …`; never a cookie, so it cannot ride along with a staff session) and the
// kiosk's last known settings (so the screens work offline). Neither is personal data: the idle
// reset keeps them and clears everything else.
import type { KioskConfig } from "../app/domain/kiosk/totem";

const CREDENTIAL = "oirs.kiosk.credential";
const CONFIG = "oirs.kiosk.config";
export const DEVICE_KEYS = [CREDENTIAL, CONFIG] as const;

export type Device = { credential: string; config: KioskConfig | null };

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function loadDevice(): Device | null {
  const s = storage();
  const credential = s?.getItem(CREDENTIAL);
  if (!s || !credential) return null;
  let config: KioskConfig | null = null;
  try {
    config = JSON.parse(s.getItem(CONFIG) ?? "null") as KioskConfig | null;
  } catch {
    config = null;
  }
  return { credential, config };
}

export function saveDevice(credential: string, config: KioskConfig | null) {
  const s = storage();
  if (!s) return;
  s.setItem(CREDENTIAL, credential);
  if (config) s.setItem(CONFIG, JSON.stringify(config));
}

export function saveConfig(config: KioskConfig) {
  storage()?.setItem(CONFIG, JSON.stringify(config));
}

/** Everything in this origin's web storage except the device binding (the idle reset). */
export function clearPersonalStorage() {
  const s = storage();
  if (s) {
    for (let i = s.length - 1; i >= 0; i--) {
      const key = s.key(i);
      if (key && !(DEVICE_KEYS as readonly string[]).includes(key)) s.removeItem(key);
    }
  }
  try {
    window.sessionStorage.clear();
  } catch {
    // no session storage: nothing to clear
  }
}
