import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ActiveBadge } from "~/components/admin/ActiveToggle";
import { ErrorSummary, SelectField } from "~/components/forms";
import { unknownReferenceField } from "~/domain/admin/areas.server";
import { ActiveToggleSchema } from "~/domain/admin/schemas";
import { requirePermission } from "~/domain/auth/guard.server";
import { POSTER_CHANNELS, PosterUpdateSchema } from "~/domain/surveys/poster-schemas";
import { deletePoster, getPoster, listPosterFormOptions, setPosterActive, updatePoster } from "~/domain/surveys/posters.server";
import { localize } from "~/domain/surveys/questions";
import styles from "~/styles/surveys-admin.css";
import { readFormData } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Afiche QR · Administración · OIRS" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

function parseId(params: { id?: string }) {
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const poster = await getPoster({ institutionId: user.institutionId, id: parseId(params) });
  if (!poster) throw new Response("Not found", { status: 404 });
  const options = await listPosterFormOptions({ institutionId: user.institutionId, current: poster });
  return json({ poster, ...options });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const id = parseId(params);
  const scope = { institutionId: user.institutionId, actorId: user.id };
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "toggle-active") {
    const toggle = ActiveToggleSchema.safeParse(Object.fromEntries(formData));
    if (!toggle.success || toggle.data.id !== id) throw new Response("Bad request", { status: 400 });
    if (!(await setPosterActive({ ...scope, ...toggle.data }))) throw new Response("Not found", { status: 404 });
    return redirect(`/admin/afiches/${id}?done=${toggle.data.active ? "activated" : "deactivated"}`);
  }
  if (intent === "delete") {
    const outcome = await deletePoster({ ...scope, id });
    if (outcome === "notFound") throw new Response("Not found", { status: 404 });
    if (outcome === "hasResponses") return json({ deleteRefused: true } as const, { status: 409 });
    return redirect("/admin/afiches?done=deleted");
  }
  const submission = parseWithZod(formData, { schema: PosterUpdateSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    if (!(await updatePoster({ ...scope, id, input: submission.value }))) throw new Response("Not found", { status: 404 });
  } catch (error) {
    const field = unknownReferenceField(error);
    if (field) return json(submission.reply({ fieldErrors: { [field]: ["validation.notFound"] } }), { status: 400 });
    throw error;
  }
  return redirect(`/admin/afiches/${id}?done=saved`);
}

export default function EditPoster() {
  const { t, i18n } = useTranslation("surveyadmin");
  const { poster, offices, tramites, templates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("created") ? "created" : params.get("done");
  const confirmDelete = params.get("eliminar") === "1" && poster.responseCount === 0;
  const lastResult = actionData && "status" in actionData ? actionData : undefined;
  const [form, fields] = useForm({
    id: "poster",
    lastResult,
    defaultValue: { officeId: poster.officeId, channel: poster.channel, tramiteId: poster.tramiteId, templateId: poster.templateId },
    constraint: getZodConstraint(PosterUpdateSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PosterUpdateSchema }),
  });
  const labels = {
    officeId: t("posters.fields.office"),
    channel: t("posters.fields.channel"),
    tramiteId: t("posters.fields.tramite"),
    templateId: t("posters.fields.template"),
  };
  const defaultTemplate = templates.find((template) => template.isDefault);
  const channels: readonly string[] = POSTER_CHANNELS.includes(poster.channel as never) ? POSTER_CHANNELS : [...POSTER_CHANNELS, poster.channel];
  return (
    <>
      <p className="sa-back">
        <Link to="/admin/afiches">{t("posters.backToList")}</Link>
      </p>
      <h1>{t("posters.editTitle", { code: poster.code })}</h1>
      {done && ["created", "saved", "activated", "deactivated"].includes(done) ? (
        <p className="notice success" role="status">
          {t(`posters.done.${done}`)}
        </p>
      ) : null}
      {actionData && "deleteRefused" in actionData ? (
        <p className="notice warning" role="alert">
          {t("posters.errors.hasResponses")}
        </p>
      ) : null}

      <section aria-labelledby="poster-summary">
        <h2 id="poster-summary">{t("posters.summaryHeading")}</h2>
        <dl className="summary-list">
          <div>
            <dt>{t("posters.columns.code")}</dt>
            <dd>
              <code>{poster.code}</code>
            </dd>
          </div>
          <div>
            <dt>{t("posters.columns.link")}</dt>
            <dd className="sa-url">{poster.url}</dd>
          </div>
          <div>
            <dt>{t("posters.columns.responses")}</dt>
            <dd>{poster.responseCount}</dd>
          </div>
          <div>
            <dt>{t("posters.columns.status")}</dt>
            <dd>
              <ActiveBadge active={poster.active} />
            </dd>
          </div>
        </dl>
        <div className="button-row">
          <Link to="imprimir" className="button">
            {t("posters.printPoster")}
          </Link>
          <Form method="post" className="inline-form">
            <input type="hidden" name="id" value={poster.id} />
            <input type="hidden" name="active" value={poster.active ? "false" : "true"} />
            <button type="submit" name="intent" value="toggle-active" className="button secondary">
              {poster.active ? t("common:actions.deactivate") : t("common:actions.activate")}
            </button>
          </Form>
          {poster.responseCount === 0 && !confirmDelete ? (
            <Link to="?eliminar=1" className="button secondary">
              {t("posters.delete")}
            </Link>
          ) : null}
        </div>
        {poster.responseCount > 0 ? <p className="hint">{t("posters.keptWithResponses")}</p> : null}
        {confirmDelete ? (
          <div className="notice warning" role="region" aria-labelledby="delete-heading">
            <h3 id="delete-heading" className="sa-notice-title">
              {t("posters.deleteConfirmTitle", { code: poster.code })}
            </h3>
            <p>{t("posters.deleteConfirmText")}</p>
            <div className="button-row">
              <Form method="post" className="inline-form">
                <button type="submit" name="intent" value="delete" className="button danger">
                  {t("posters.deleteConfirm")}
                </button>
              </Form>
              <Link to=".">{t("common:actions.cancel")}</Link>
            </div>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="poster-edit">
        <h2 id="poster-edit">{t("posters.editHeading")}</h2>
        <div className="form">
          <ErrorSummary form={form} labels={labels} />
          <Form method="post" {...getFormProps(form)}>
            <SelectField field={fields.officeId} label={labels.officeId} options={offices.map((o) => ({ value: o.id, label: o.name }))} placeholder={t("posters.chooseOffice")} />
            <SelectField field={fields.channel} label={labels.channel} hint={t("posters.fields.channelHint")} options={channels.map((c) => ({ value: c, label: t(`cases:channel.${c}`) }))} />
            <SelectField
              field={fields.tramiteId}
              label={labels.tramiteId}
              hint={t("posters.fields.tramiteHint")}
              options={tramites.map((r) => ({ value: r.id, label: r.name }))}
              placeholder={t("posters.anyTramite")}
              optional
            />
            <SelectField
              field={fields.templateId}
              label={labels.templateId}
              hint={t("posters.fields.templateHint")}
              options={templates
                .filter((tpl) => !tpl.isDefault || tpl.id === poster.templateId)
                .map((tpl) => ({ value: tpl.id, label: t("posters.templateVersion", { title: localize(tpl.title, i18n.language), version: tpl.version }) }))}
              placeholder={defaultTemplate ? t("posters.defaultTemplateNamed", { title: localize(defaultTemplate.title, i18n.language) }) : t("posters.defaultTemplate")}
              optional
            />
            <p className="hint">{t("posters.codeFixed")}</p>
            <div className="button-row">
              <button type="submit" className="button" name="intent" value="save">
                {t("common:actions.save")}
              </button>
              <Link to="/admin/afiches">{t("common:actions.cancel")}</Link>
            </div>
          </Form>
        </div>
      </section>
    </>
  );
}
