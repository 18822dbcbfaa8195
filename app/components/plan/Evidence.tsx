// Evidence (medios de verificación) of an activity: the list, and the forms to upload a file or
// add a link, each with a description and a format.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField, useErrorText } from "~/components/forms";
import { formatDay, formatNumber } from "~/domain/plan/format";
import { EvidenceFileSchema, EvidenceLinkSchema } from "~/domain/plan/schemas";

export type EvidenceRow = {
  id: string;
  description: string;
  format: string;
  url: string | null;
  fileName: string | null;
  size: number | null;
  createdAt: string;
  uploadedBy: string | null;
};

function sizeText(bytes: number, lng: string) {
  return bytes >= 1024 * 1024 ? `${formatNumber(bytes / (1024 * 1024), lng, 1)} MB` : `${formatNumber(Math.max(1, Math.round(bytes / 1024)), lng, 0)} KB`;
}

export function EvidenceList({ items, canManage }: { items: EvidenceRow[]; canManage: boolean }) {
  const { t, i18n } = useTranslation("plan");
  const lng = i18n.language;
  if (items.length === 0) return <p>{t("evidence.none")}</p>;
  return (
    <div className="table-wrap">
      <table className="plan-table">
        <caption>{t("evidence.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("evidence.description")}</th>
            <th scope="col">{t("evidence.format")}</th>
            <th scope="col">{t("evidence.item")}</th>
            <th scope="col">{t("evidence.added")}</th>
            {canManage ? <th scope="col">{t("actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id}>
              <th scope="row">{e.description}</th>
              <td>{e.format}</td>
              <td>
                {e.url ? (
                  <a href={e.url} rel="noopener noreferrer nofollow" target="_blank">
                    {t("evidence.openLink")} <span className="visually-hidden">{t("evidence.newWindow")}</span>
                  </a>
                ) : (
                  <a href={`/comite/plan/evidencias/${e.id}`} download>
                    {e.fileName} ({sizeText(e.size ?? 0, lng)})
                  </a>
                )}
              </td>
              <td>
                {formatDay(e.createdAt.slice(0, 10), lng)}
                {e.uploadedBy ? ` · ${e.uploadedBy}` : ""}
              </td>
              {canManage ? (
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="evidence-remove" />
                    <input type="hidden" name="id" value={e.id} />
                    <button type="submit" className="link-button danger">
                      {t("evidence.remove", { description: e.description })}
                    </button>
                  </Form>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EvidenceFileForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation("plan");
  const errorText = useErrorText();
  const [form, fields] = useForm({
    id: "evidence-file",
    lastResult,
    constraint: getZodConstraint(EvidenceFileSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EvidenceFileSchema }),
  });
  const labels = { description: t("evidence.description"), format: t("evidence.format"), file: t("evidence.file") };
  const fileProps = getInputProps(fields.file, { type: "file", ariaAttributes: false });
  const fileHint = `${fields.file.id}-hint`;
  return (
    <section aria-labelledby="evidence-file-heading" className="form">
      <h3 id="evidence-file-heading">{t("evidence.uploadHeading")}</h3>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="evidence-file" />
        <TextField field={fields.description} label={labels.description} />
        <TextField field={fields.format} label={labels.format} hint={t("evidence.formatHint")} />
        <div className={`field${fields.file.errors?.length ? " has-error" : ""}`}>
          <label htmlFor={fields.file.id}>{labels.file}</label>
          <span className="hint" id={fileHint}>
            {t("evidence.fileHint")}
          </span>
          {fields.file.errors?.length ? (
            <span className="error-message" id={fields.file.errorId}>
              {fields.file.errors.map(errorText).join(" ")}
            </span>
          ) : null}
          <input
            {...fileProps}
            key={fileProps.key}
            accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.pptx"
            aria-invalid={fields.file.errors?.length ? true : undefined}
            aria-describedby={[fileHint, fields.file.errors?.length ? fields.file.errorId : null].filter(Boolean).join(" ")}
          />
        </div>
        <div className="button-row">
          <button type="submit" className="button">
            {t("evidence.uploadButton")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function EvidenceLinkForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation("plan");
  const [form, fields] = useForm({
    id: "evidence-link",
    lastResult,
    constraint: getZodConstraint(EvidenceLinkSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EvidenceLinkSchema }),
  });
  const labels = { description: t("evidence.description"), format: t("evidence.format"), url: t("evidence.url") };
  return (
    <section aria-labelledby="evidence-link-heading" className="form">
      <h3 id="evidence-link-heading">{t("evidence.linkHeading")}</h3>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="evidence-link" />
        <TextField field={fields.description} label={labels.description} />
        <TextField field={fields.format} label={labels.format} hint={t("evidence.formatHint")} />
        <TextField field={fields.url} label={labels.url} hint={t("evidence.urlHint")} type="url" />
        <div className="button-row">
          <button type="submit" className="button">
            {t("evidence.linkButton")}
          </button>
        </div>
      </Form>
    </section>
  );
}
