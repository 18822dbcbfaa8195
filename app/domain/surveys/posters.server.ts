// Survey posters: a QR code and short link (/e/<code>) per office, channel and optionally trámite,
// printed for people served at the counter or by phone. Responses through a poster record its
// office and channel. A poster with responses is deactivated, never deleted. Every change is audited.
import QRCode from "qrcode";
import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { UnknownReferenceError } from "~/domain/admin/areas.server";
import { audit } from "~/domain/admin/audit.server";
import { uniqueViolationFields } from "~/domain/admin/errors.server";
import { publicUrl } from "~/utils/env.server";
import { generatePosterCode, type PosterCreateInput, type PosterUpdateInput } from "./poster-schemas";
import { clearSurveyCaches } from "./targets.server";
import { toLocalized } from "./templates.server";

type Tx = Prisma.TransactionClient;

/** The code typed for a new poster is already used (by any institution: codes are global). */
export class PosterCodeTakenError extends Error {
  constructor() {
    super("This poster code is taken");
  }
}

/** The short link printed on the poster and encoded in its QR code (the public survey page). */
export function posterUrl(code: string): string {
  return `${publicUrl()}/e/${encodeURIComponent(code)}`;
}

/**
 * The poster's QR code as SVG, sized by the page's CSS. Error correction Q (25 %) because posters
 * get creased, scratched and photographed at an angle; the 4-module quiet zone is the standard's.
 */
export function posterQrSvg(code: string): Promise<string> {
  return QRCode.toString(posterUrl(code), { type: "svg", errorCorrectionLevel: "Q", margin: 4 });
}

const posterSelect = {
  id: true,
  code: true,
  officeId: true,
  channel: true,
  tramiteId: true,
  templateId: true,
  active: true,
  createdAt: true,
  office: { select: { name: true } },
  tramite: { select: { name: true } },
  template: { select: { key: true, version: true, title: true } },
} as const;
type PosterRow = Prisma.SurveyPosterGetPayload<{ select: typeof posterSelect }>;

const present = (row: PosterRow, responseCount: number) => ({
  id: row.id,
  code: row.code,
  url: posterUrl(row.code),
  officeId: row.officeId,
  officeName: row.office.name,
  channel: row.channel,
  tramiteId: row.tramiteId,
  tramiteName: row.tramite?.name ?? null,
  templateId: row.templateId,
  template: row.template ? { key: row.template.key, version: row.template.version, title: toLocalized(row.template.title) } : null,
  active: row.active,
  responseCount,
});

/** Every poster: active first, then by office and code, with its number of responses. */
export async function listPosters({ institutionId }: { institutionId: string }) {
  const [rows, counts] = await Promise.all([
    db.surveyPoster.findMany({ where: { institutionId }, orderBy: [{ active: "desc" }, { office: { name: "asc" } }, { code: "asc" }], select: posterSelect }),
    db.surveyResponse.groupBy({ by: ["posterId"], where: { institutionId, posterId: { not: null } }, _count: { _all: true } }),
  ]);
  const byPoster = new Map(counts.map((c) => [c.posterId!, c._count._all]));
  return rows.map((row) => present(row, byPoster.get(row.id) ?? 0));
}

export async function getPoster({ institutionId, id }: { institutionId: string; id: string }) {
  const row = await db.surveyPoster.findFirst({ where: { institutionId, id }, select: posterSelect });
  if (!row) return null;
  return present(row, await db.surveyResponse.count({ where: { posterId: id } }));
}

/** What the printed poster shows: the institution, the office, the channel and trámite, the QR code. */
export async function getPosterForPrint({ institutionId, id }: { institutionId: string; id: string }) {
  const row = await db.surveyPoster.findFirst({
    where: { institutionId, id },
    select: { ...posterSelect, institution: { select: { name: true, shortName: true, logoUrl: true } } },
  });
  if (!row) return null;
  return { ...present(row, 0), institution: row.institution, qr: await posterQrSvg(row.code) };
}

/** Choices for the poster form: active offices, trámites and templates, plus the current ones. */
export async function listPosterFormOptions({
  institutionId,
  current,
}: {
  institutionId: string;
  current?: { officeId?: string | null; tramiteId?: string | null; templateId?: string | null };
}) {
  const orCurrent = (id?: string | null) => [{ active: true }, ...(id ? [{ id }] : [])];
  const [offices, tramites, templates] = await Promise.all([
    db.office.findMany({ where: { institutionId, OR: orCurrent(current?.officeId) }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.tramite.findMany({ where: { institutionId, OR: orCurrent(current?.tramiteId) }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.surveyTemplate.findMany({
      where: { institutionId, OR: orCurrent(current?.templateId) },
      orderBy: [{ key: "asc" }, { version: "desc" }],
      select: { id: true, key: true, version: true, title: true, isDefault: true },
    }),
  ]);
  // One entry per key: its latest version (older ones are inactive, except a poster's current choice).
  const seen = new Set<string>();
  const latestTemplates = templates.filter((t) => {
    if (seen.has(t.key) && t.id !== current?.templateId) return false;
    seen.add(t.key);
    return true;
  });
  return { offices, tramites, templates: latestTemplates.map((t) => ({ ...t, title: toLocalized(t.title) })) };
}

/** Office, trámite and template must be the institution's; a template must be active (UnknownReferenceError otherwise). */
async function assertPosterReferences(tx: Tx, institutionId: string, data: { officeId: string; tramiteId: string | null; templateId: string | null }, currentTemplateId?: string | null) {
  if ((await tx.office.count({ where: { institutionId, id: data.officeId } })) === 0) throw new UnknownReferenceError("officeId");
  if (data.tramiteId && (await tx.tramite.count({ where: { institutionId, id: data.tramiteId } })) === 0) throw new UnknownReferenceError("tramiteId");
  if (data.templateId && data.templateId !== currentTemplateId && (await tx.surveyTemplate.count({ where: { institutionId, id: data.templateId, active: true } })) === 0) {
    throw new UnknownReferenceError("templateId");
  }
}

const toData = (input: PosterUpdateInput) => ({
  officeId: input.officeId,
  channel: input.channel,
  tramiteId: input.tramiteId ?? null,
  templateId: input.templateId ?? null,
});

/**
 * Creates a poster. Without a code, one is generated (8 readable characters; tried again on the
 * rare collision). A typed code that is taken throws PosterCodeTakenError.
 */
export async function createPoster({ institutionId, actorId, input }: { institutionId: string; actorId: string; input: PosterCreateInput }) {
  const data = toData(input);
  const attempts = input.code ? 1 : 5;
  for (let attempt = 1; ; attempt++) {
    const code = input.code ?? generatePosterCode();
    try {
      return await db.$transaction(async (tx) => {
        await assertPosterReferences(tx, institutionId, data);
        const poster = await tx.surveyPoster.create({ data: { institutionId, code, ...data }, select: { id: true, code: true } });
        await audit(tx, { institutionId, actorId, action: "surveyPoster.create", entity: "SurveyPoster", entityId: poster.id, data: { code, ...data } });
        return poster;
      });
    } catch (error) {
      if (!uniqueViolationFields(error)) throw error;
      if (input.code) throw new PosterCodeTakenError();
      if (attempt >= attempts) throw error;
    }
  }
}

export async function updatePoster({ institutionId, actorId, id, input }: { institutionId: string; actorId: string; id: string; input: PosterUpdateInput }) {
  const data = toData(input);
  const updated = await db.$transaction(async (tx) => {
    const current = await tx.surveyPoster.findFirst({ where: { institutionId, id }, select: { templateId: true } });
    if (!current) return null;
    await assertPosterReferences(tx, institutionId, data, current.templateId);
    await tx.surveyPoster.update({ where: { id }, data });
    await audit(tx, { institutionId, actorId, action: "surveyPoster.update", entity: "SurveyPoster", entityId: id, data });
    return id;
  });
  // The submission path caches posters per process for a few seconds.
  if (updated) clearSurveyCaches();
  return updated;
}

export async function setPosterActive({ institutionId, actorId, id, active }: { institutionId: string; actorId: string; id: string; active: boolean }) {
  const found = await db.$transaction(async (tx) => {
    const { count } = await tx.surveyPoster.updateMany({ where: { institutionId, id }, data: { active } });
    if (count > 0) {
      await audit(tx, { institutionId, actorId, action: active ? "surveyPoster.activate" : "surveyPoster.deactivate", entity: "SurveyPoster", entityId: id });
    }
    return count > 0;
  });
  if (found) clearSurveyCaches();
  return found;
}

/**
 * Deletes a poster that nobody has answered through; one with responses is kept (deactivate it
 * instead) so the responses keep their poster. The row lock (FOR UPDATE conflicts with the
 * key-share lock of a response being inserted) makes the count and the delete agree.
 */
export async function deletePoster({ institutionId, actorId, id }: { institutionId: string; actorId: string; id: string }): Promise<"deleted" | "hasResponses" | "notFound"> {
  const outcome = await db.$transaction(async (tx): Promise<"deleted" | "hasResponses" | "notFound"> => {
    await tx.$executeRaw`SELECT 1 FROM "SurveyPoster" WHERE id = ${id}::uuid FOR UPDATE`;
    const poster = await tx.surveyPoster.findFirst({ where: { institutionId, id }, select: { code: true, officeId: true, channel: true } });
    if (!poster) return "notFound";
    if ((await tx.surveyResponse.count({ where: { posterId: id } })) > 0) return "hasResponses";
    await tx.surveyPoster.delete({ where: { id } });
    await audit(tx, { institutionId, actorId, action: "surveyPoster.delete", entity: "SurveyPoster", entityId: id, data: poster });
    return "deleted";
  });
  if (outcome === "deleted") clearSurveyCaches();
  return outcome;
}
