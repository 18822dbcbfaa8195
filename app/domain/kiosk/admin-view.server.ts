// What the admin pages show for an issued enrolment code: the code, its expiry, the activation
// address (PUBLIC_URL/kiosco/activar?codigo=…) and its QR code.
import { qrSvg } from "~/domain/cases/receipt.server";
import { publicUrl } from "~/utils/env.server";
import type { IssuedCode } from "./kiosks.server";

export async function issuedCodeView(issued: IssuedCode) {
  const activateUrl = `${publicUrl()}/kiosco/activar?${new URLSearchParams({ codigo: issued.code })}`;
  return { name: issued.name, code: issued.code, expiresAt: issued.expiresAt.toISOString(), activateUrl, qrSvg: await qrSvg(activateUrl) };
}
