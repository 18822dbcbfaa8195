// Email attachments that are built when the email is sent, not when it is queued: the outbox row
// holds a small JSON descriptor ({ kind, ...parameters }), and the worker asks the resolver of that
// kind for the file. The outbox never stores the file's bytes, and the file is current at sending.
// A descriptor nobody can resolve (unknown kind, resolver says null) fails the email for good; a
// resolver that throws (database down) lets the outbox retry later.
import { implementationReportAttachment } from "~/domain/committee/report-attachment.server";

/** JSON-serialisable description of a file to attach, e.g. { kind: "implementation-report", year: 2026, lng: "es" }. */
export type AttachmentRef = { kind: string } & Record<string, string | number | boolean | null>;

export type ResolvedAttachment = { filename: string; content: Buffer; contentType: string };

export type AttachmentResolver = (ref: AttachmentRef, context: { institutionId: string | null }) => Promise<ResolvedAttachment | null>;

/** One per worker batch: several emails of a batch with the same descriptor share one build. */
export type ResolvedAttachmentCache = Map<string, Promise<ResolvedAttachment | null>>;

// Wrapped so the map never reads an import during module evaluation (safe under import cycles).
export const ATTACHMENT_RESOLVERS: Record<string, AttachmentResolver> = {
  "implementation-report": (ref, context) => implementationReportAttachment(ref, context),
};

function isRef(value: unknown): value is AttachmentRef {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { kind?: unknown }).kind === "string";
}

export async function resolveAttachments(
  refs: unknown[],
  context: { institutionId: string | null },
  cache: ResolvedAttachmentCache = new Map(),
  resolvers: Record<string, AttachmentResolver> = ATTACHMENT_RESOLVERS,
): Promise<{ ok: true; attachments: ResolvedAttachment[] } | { ok: false; error: string }> {
  const attachments: ResolvedAttachment[] = [];
  for (const ref of refs) {
    if (!isRef(ref)) return { ok: false, error: "malformed attachment descriptor" };
    const resolver = Object.hasOwn(resolvers, ref.kind) ? resolvers[ref.kind] : undefined;
    if (!resolver) return { ok: false, error: `unknown attachment kind "${ref.kind}"` };
    const key = `${context.institutionId ?? ""}|${JSON.stringify(ref)}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = resolver(ref, context);
      cache.set(key, pending);
      // A failed build is not kept: the next batch tries again.
      pending.catch(() => cache.delete(key));
    }
    const file = await pending;
    if (!file) return { ok: false, error: `attachment "${ref.kind}" is not available` };
    attachments.push(file);
  }
  return { ok: true, attachments };
}
