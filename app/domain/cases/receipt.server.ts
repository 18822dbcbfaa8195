// The receipt shown right after filing. The access code is shown once, so it travels from the
// action to the receipt page in a signed, short-lived, HttpOnly cookie (post/redirect/get: a
// reload or a print does not file the request again).
import { createCookie } from "@remix-run/node";
import QRCode from "qrcode";
import type { CreatedCase } from "./create-case.server";
import { secureCookies } from "~/utils/env.server";

export const receiptCookie = createCookie("oirs_receipt", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: secureCookies(),
  maxAge: 60 * 60,
  secrets: [process.env.SESSION_SECRET ?? "oirs-development-only-secret"],
});

export type Receipt = {
  folio: string;
  accessCode: string;
  kind: string;
  subject: string;
  submittedAt: string;
  receivedAt: string;
  dueAt: string;
  targetDays: number;
  trackingUrl: string;
  emailed: boolean;
  /** Set when an officer registered the case: the receipt links back to it. */
  staffCaseId?: string;
};

export function receiptFrom(created: CreatedCase, subject: string): Receipt {
  return {
    folio: created.folio,
    accessCode: created.accessCode,
    kind: created.kind,
    subject: subject.slice(0, 150),
    submittedAt: created.submittedAt.toISOString(),
    receivedAt: created.receivedAt.toISOString(),
    dueAt: created.dueAt.toISOString(),
    targetDays: created.targetDays,
    trackingUrl: created.trackingUrl,
    emailed: created.emailed,
  };
}

export async function readReceipt(request: Request): Promise<Receipt | null> {
  const value = (await receiptCookie.parse(request.headers.get("Cookie"))) as Receipt | null;
  return value && typeof value.folio === "string" && typeof value.accessCode === "string" ? value : null;
}

/** An SVG QR code for a URL, sized by the page's CSS. */
export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
