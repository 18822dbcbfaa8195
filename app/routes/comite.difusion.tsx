// /comite/difusion?anio=YYYY — dissemination (difusión) of the plan year's implementation report:
// the recipient list (add, remove, import from and export to Excel, counts per category) and the
// disseminations done (date, means, notes), optionally emailing the report to every recipient
// with an address. Every form is a plain POST that works without JavaScript.
import { getCollectionProps, getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextAreaField, TextField, useErrorText } from "~/components/forms";
import { YearInput } from "~/components/plan/fields";
import { YearPicker } from "~/components/plan/YearPicker";
import { requirePermission } from "~/domain/auth/guard.server";
import {
  DISSEMINATION_MEANS,
  IMPORT_MODES,
  ImportSchema,
  RECIPIENT_CATEGORIES,
  RECIPIENT_FILE_MAX_BYTES,
  RecipientSchema,
  disseminationSchema,
  type RowError,
} from "~/domain/committee/dissemination";
import { addRecipient, getDisseminationPage, importRecipients, recordDissemination, removeDissemination, removeRecipient } from "~/domain/committee/dissemination.server";
import { FILE_PROBLEM_STATUS, RecipientFormTooLargeError, checkRecipientFile, readRecipientForm, readRecipientWorkbook } from "~/domain/committee/dissemination-xlsx.server";
import { planContext, yearFromUrl } from "~/domain/plan/context.server";
import { formatDay } from "~/domain/plan/format";
import { IdSchema } from "~/domain/plan/schemas";
import { getLanguage } from "~/i18n/i18n.server";
import styles from "~/styles/plan.css";
import { msg } from "~/utils/validation";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Difusión del informe · Comité de calidad · OIRS" }];

/** How many row problems the page lists; the rest are counted. */
const MAX_SHOWN_ROW_ERRORS = 100;
const MAX_MB = RECIPIENT_FILE_MAX_BYTES / (1024 * 1024);

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, canManage, plan, years, requestedYear } = await planContext(request);
  if (!plan) {
    if (requestedYear) throw new Response("Not found", { status: 404 });
    return json({ canManage, years, year: null, page: null });
  }
  const page = await getDisseminationPage({ institutionId: user.institutionId, year: plan.year });
  if (!page) throw new Response("Not found", { status: 404 });
  return json({ canManage, years, year: plan.year, page });
}

type FormName = "recipient" | "import" | "dissemination";
type ActionData = { form: FormName; result: SubmissionResult<string[]>; rowErrors?: RowError[] };

const notFound = () => new Response("Not found", { status: 404 });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "plan:manage");
  const scope = { institutionId: user.institutionId, actorId: user.id };
  const urlYear = yearFromUrl(new URL(request.url));
  const fail = (form: FormName, result: SubmissionResult<string[]>, status: number, rowErrors?: RowError[]) =>
    json<ActionData>({ form, result, ...(rowErrors ? { rowErrors } : {}) }, { status });

  let read: Awaited<ReturnType<typeof readRecipientForm>>;
  try {
    read = await readRecipientForm(request);
  } catch (error) {
    if (!(error instanceof RecipientFormTooLargeError)) throw error;
    // The body was not read: answer on the import form, the only one that carries a file.
    const empty = new FormData();
    if (urlYear) empty.set("year", String(urlYear));
    const submission = parseWithZod(empty, { schema: ImportSchema });
    return fail("import", submission.reply({ fieldErrors: { file: [msg("dissemination:import.problems.tooLarge", { max: MAX_MB })] } }), 413);
  }
  const { formData, file } = read;
  const back = (saved: string, year: number, extra = "", hash = "") => redirect(`/comite/difusion?anio=${year}&saved=${saved}${extra}${hash}`);

  switch (formData.get("intent")) {
    case "recipient-add": {
      const submission = parseWithZod(formData, { schema: RecipientSchema });
      if (submission.status !== "success") return fail("recipient", submission.reply(), 400);
      const outcome = await addRecipient({ ...scope, input: submission.value });
      if (outcome.kind === "notFound") throw notFound();
      if (outcome.kind === "invalid") return fail("recipient", submission.reply({ fieldErrors: outcome.fieldErrors }), 400);
      return back("added", submission.value.year, "", "#recipients");
    }
    case "recipient-remove": {
      const parsed = IdSchema.safeParse({ id: formData.get("id") });
      const year = Number(formData.get("year"));
      if (!parsed.success || !Number.isInteger(year)) throw new Response("Bad request", { status: 400 });
      if (!(await removeRecipient({ ...scope, id: parsed.data.id }))) throw notFound();
      return back("removed", year, "", "#recipients");
    }
    case "import": {
      const submission = parseWithZod(formData, { schema: ImportSchema });
      if (submission.status !== "success") return fail("import", submission.reply(), 400);
      const problem = checkRecipientFile(file);
      const fileError = (key: string, status: number, rowErrors?: RowError[]) => fail("import", submission.reply({ fieldErrors: { file: [key] } }), status, rowErrors);
      if (problem) return fileError(problem === "tooLarge" ? msg("dissemination:import.problems.tooLarge", { max: MAX_MB }) : `dissemination:import.problems.${problem}`, FILE_PROBLEM_STATUS[problem]);
      const workbook = await readRecipientWorkbook(file!.bytes);
      if (!workbook.ok) return fileError(`dissemination:import.problems.${workbook.problem}`, FILE_PROBLEM_STATUS[workbook.problem]);
      const rowsProblem = (errors: RowError[]) => fileError(msg("dissemination:import.problems.rows", { count: errors.length }), 422, errors);
      if (!workbook.parse.ok) return rowsProblem(workbook.parse.errors);
      const outcome = await importRecipients({ ...scope, year: submission.value.year, mode: submission.value.mode, recipients: workbook.parse.recipients });
      if (outcome.kind === "notFound") throw notFound();
      if (outcome.kind === "invalid") return rowsProblem(outcome.errors);
      return back("imported", submission.value.year, `&count=${outcome.imported}`, "#recipients");
    }
    case "dissemination": {
      const submission = parseWithZod(formData, { schema: disseminationSchema() });
      if (submission.status !== "success") return fail("dissemination", submission.reply(), 400);
      const outcome = await recordDissemination({ ...scope, input: submission.value, lng: await getLanguage(request) });
      if (outcome.kind === "notFound") throw notFound();
      if (outcome.kind === "invalid") return fail("dissemination", submission.reply({ fieldErrors: outcome.fieldErrors }), 400);
      return outcome.emailed ? back("recordedEmail", submission.value.year, `&count=${outcome.emailed}`, "#disseminations") : back("recorded", submission.value.year, "", "#disseminations");
    }
    case "dissemination-remove": {
      const parsed = IdSchema.safeParse({ id: formData.get("id") });
      const year = Number(formData.get("year"));
      if (!parsed.success || !Number.isInteger(year)) throw new Response("Bad request", { status: 400 });
      const outcome = await removeDissemination({ ...scope, id: parsed.data.id });
      if (outcome === "notFound") throw notFound();
      // The page offers no delete button for these; a crafted request gets a plain refusal.
      if (outcome === "emailed") throw new Response("A dissemination that emailed the report stays on record", { status: 409 });
      return back("disseminationRemoved", year, "", "#disseminations");
    }
    default:
      throw new Response("Bad request", { status: 400 });
  }
}

function useResult(form: FormName) {
  const data = useActionData<typeof action>() as ActionData | undefined;
  return data && data.form === form ? data : undefined;
}

function formAction(year: number) {
  return `/comite/difusion?anio=${year}`;
}

function RecipientForm({ year }: { year: number }) {
  const { t } = useTranslation("dissemination");
  const [form, fields] = useForm({
    id: "recipient-new",
    lastResult: useResult("recipient")?.result,
    constraint: getZodConstraint(RecipientSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RecipientSchema }),
  });
  const labels = { name: t("recipients.name"), cargo: t("recipients.cargo"), area: t("recipients.area"), category: t("recipients.category"), email: t("recipients.email") };
  return (
    <section aria-labelledby="recipient-new-heading" className="form">
      <h3 id="recipient-new-heading">{t("recipients.new")}</h3>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" action={formAction(year)} {...getFormProps(form)}>
        <input type="hidden" name="intent" value="recipient-add" />
        <YearInput year={year} />
        <TextField field={fields.name} label={labels.name} autoComplete="off" />
        <TextField field={fields.cargo} label={labels.cargo} />
        <TextField field={fields.area} label={labels.area} optional />
        <SelectField
          field={fields.category}
          label={labels.category}
          options={RECIPIENT_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
          placeholder={t("recipients.choose")}
        />
        <TextField field={fields.email} label={labels.email} hint={t("recipients.emailHint")} type="email" optional autoComplete="off" />
        <div className="button-row">
          <button type="submit" className="button">
            {t("recipients.add")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function RowErrors({ errors }: { errors: RowError[] }) {
  const { t } = useTranslation("dissemination");
  const errorText = useErrorText();
  const shown = errors.slice(0, MAX_SHOWN_ROW_ERRORS);
  return (
    <div className="table-wrap">
      <table className="plan-table" id="import-row-errors">
        <caption>{t("import.rowsCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("import.row")}</th>
            <th scope="col">{t("import.column")}</th>
            <th scope="col">{t("import.problem")}</th>
            <th scope="col">{t("import.value")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e, i) => (
            <tr key={`${e.row}-${e.field}-${i}`}>
              <th scope="row">{e.row}</th>
              <td>{t(`import.columns.${e.field}`)}</td>
              <td>{errorText(e.message)}</td>
              <td>{e.value ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {errors.length > shown.length ? <p>{t("import.more", { count: errors.length - shown.length })}</p> : null}
    </div>
  );
}

function ImportForm({ year }: { year: number }) {
  const { t } = useTranslation("dissemination");
  const errorText = useErrorText();
  const data = useResult("import");
  const [form, fields] = useForm({
    id: "recipient-import",
    lastResult: data?.result,
    defaultValue: { mode: "replace" },
    constraint: getZodConstraint(ImportSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportSchema }),
  });
  const labels = { file: t("import.file"), mode: t("import.mode") };
  const fileProps = getInputProps(fields.file, { type: "file", ariaAttributes: false });
  const fileHint = `${fields.file.id}-hint`;
  const fileErrors = fields.file.errors ?? [];
  const modeErrors = fields.mode.errors ?? [];
  const modes = getCollectionProps(fields.mode, { type: "radio", options: [...IMPORT_MODES], ariaAttributes: false });
  return (
    <section aria-labelledby="recipient-import-heading" className="form">
      <h3 id="recipient-import-heading">{t("import.heading")}</h3>
      <p>{t("import.intro")}</p>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" action={formAction(year)} encType="multipart/form-data" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="import" />
        <YearInput year={year} />
        <div className={`field${fileErrors.length ? " has-error" : ""}`}>
          <label htmlFor={fields.file.id}>{labels.file}</label>
          <span className="hint" id={fileHint}>
            {t("import.fileHint")}
          </span>
          {fileErrors.length ? (
            <span className="error-message" id={fields.file.errorId}>
              {fileErrors.map(errorText).join(" ")}
            </span>
          ) : null}
          <input
            {...fileProps}
            key={fileProps.key}
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={fileErrors.length ? true : undefined}
            aria-describedby={[fileHint, fileErrors.length ? fields.file.errorId : null].filter(Boolean).join(" ")}
          />
        </div>
        {data?.rowErrors?.length ? <RowErrors errors={data.rowErrors} /> : null}
        <fieldset className={`field radios${modeErrors.length ? " has-error" : ""}`} id={fields.mode.id} aria-describedby={modeErrors.length ? fields.mode.errorId : undefined}>
          <legend>{labels.mode}</legend>
          {modeErrors.length ? (
            <span className="error-message" id={fields.mode.errorId}>
              {modeErrors.map(errorText).join(" ")}
            </span>
          ) : null}
          {modes.map((radio) => (
            <div className="radio" key={radio.key}>
              <input {...radio} key={radio.key} />
              <label htmlFor={radio.id}>{t(`import.modes.${radio.value}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button">
            {t("import.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function DisseminationForm({ year, withEmail }: { year: number; withEmail: number }) {
  const { t } = useTranslation("dissemination");
  const schema = disseminationSchema();
  const [form, fields] = useForm({
    id: "dissemination-new",
    lastResult: useResult("dissemination")?.result,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const labels = {
    date: t("disseminations.date"),
    means: t("disseminations.means"),
    notes: t("disseminations.notesField"),
    sendEmail: t("disseminations.sendEmail", { count: withEmail }),
  };
  const errorText = useErrorText();
  const sendProps = getInputProps(fields.sendEmail, { type: "checkbox", ariaAttributes: false });
  const sendHint = `${fields.sendEmail.id}-hint`;
  const sendErrors = fields.sendEmail.errors ?? [];
  return (
    <section aria-labelledby="dissemination-new-heading" className="form">
      <h3 id="dissemination-new-heading">{t("disseminations.new")}</h3>
      <ErrorSummary form={form} labels={labels} />
      <Form method="post" action={formAction(year)} {...getFormProps(form)}>
        <input type="hidden" name="intent" value="dissemination" />
        <YearInput year={year} />
        <TextField field={fields.date} label={labels.date} hint={t("disseminations.dateHint")} type="date" />
        <SelectField
          field={fields.means}
          label={labels.means}
          options={DISSEMINATION_MEANS.map((m) => ({ value: m, label: t(`means.${m}`) }))}
          placeholder={t("disseminations.choose")}
        />
        <TextAreaField field={fields.notes} label={labels.notes} hint={t("disseminations.notesHint")} optional rows={3} />
        <div className={`field${sendErrors.length ? " has-error" : ""}`}>
          <span className="hint" id={sendHint}>
            {t("disseminations.sendEmailHint")}
          </span>
          {sendErrors.length ? (
            <span className="error-message" id={fields.sendEmail.errorId}>
              {sendErrors.map(errorText).join(" ")}
            </span>
          ) : null}
          <div className="checkbox">
            <input
              {...sendProps}
              key={sendProps.key}
              aria-invalid={sendErrors.length ? true : undefined}
              aria-describedby={[sendHint, sendErrors.length ? fields.sendEmail.errorId : null].filter(Boolean).join(" ")}
            />
            <label htmlFor={fields.sendEmail.id}>{labels.sendEmail}</label>
          </div>
        </div>
        <div className="button-row">
          <button type="submit" className="button">
            {t("disseminations.record")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export default function DisseminationPage() {
  const { t, i18n } = useTranslation("dissemination");
  const lng = i18n.language;
  const { canManage, years, year, page } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  if (!page || year === null) {
    return (
      <>
        <h1>{t("headingNoPlan")}</h1>
        <p>{t("noPlan")}</p>
      </>
    );
  }
  const saved = params.get("saved");
  const count = Number(params.get("count") ?? "0");
  const savedText =
    saved === "imported" || saved === "recordedEmail"
      ? t(`saved.${saved}`, { count: Number.isFinite(count) ? count : 0 })
      : saved && ["added", "removed", "recorded", "disseminationRemoved"].includes(saved)
        ? t(`saved.${saved}`)
        : null;
  const total = page.recipients.length;
  const exportHref = `/comite/difusion/destinatarios.xlsx?anio=${year}`;
  return (
    <>
      <nav aria-label={t("nav.label")} className="breadcrumbs">
        <ol>
          <li>
            <Link to="/comite">{t("nav.committee")}</Link>
          </li>
          <li>
            <Link to={`/comite/plan?anio=${year}`}>{t("nav.plan", { year })}</Link>
          </li>
          <li aria-current="page">{t("link")}</li>
        </ol>
      </nav>
      <h1>{t("heading", { year })}</h1>
      <YearPicker years={years} current={year} />
      {savedText ? (
        <p className="notice success" role="status">
          {savedText}
        </p>
      ) : null}
      <p>{t("intro")}</p>
      {canManage ? null : <p className="notice">{t("readOnly")}</p>}

      <section aria-labelledby="recipients" className="plan-section">
        <h2 id="recipients" tabIndex={-1}>
          {t("recipients.heading")}
        </h2>
        <div className="table-wrap">
          <table className="plan-table">
            <caption>{t("recipients.countsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("recipients.category")}</th>
                <th scope="col">{t("recipients.count")}</th>
              </tr>
            </thead>
            <tbody>
              {RECIPIENT_CATEGORIES.map((c) => (
                <tr key={c}>
                  <th scope="row">{t(`categories.${c}`)}</th>
                  <td>{page.counts[c] === 0 ? <strong className="plan-flag">{t("recipients.missing")}</strong> : page.counts[c]}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t("recipients.total")}</th>
                <td>{total}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <p className="hint">{t("recipients.coverageHint")}</p>
        <p>{t("recipients.withEmail", { count: page.withEmail })}</p>
        {total === 0 ? (
          <p>{t("recipients.none")}</p>
        ) : (
          <>
            <p>
              <a href={exportHref} download className="button secondary">
                {t("recipients.export")}
              </a>
            </p>
            <div className="table-wrap">
              <table className="plan-table">
                <caption>{t("recipients.caption", { count: total })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("recipients.name")}</th>
                    <th scope="col">{t("recipients.cargo")}</th>
                    <th scope="col">{t("recipients.area")}</th>
                    <th scope="col">{t("recipients.category")}</th>
                    <th scope="col">{t("recipients.email")}</th>
                    {canManage ? <th scope="col">{t("recipients.actions")}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {page.recipients.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">{r.name}</th>
                      <td>{r.cargo}</td>
                      <td>{r.area || "—"}</td>
                      <td>{t(`categories.${r.category}`)}</td>
                      <td>{r.email ?? "—"}</td>
                      {canManage ? (
                        <td>
                          <Form method="post" action={formAction(year)} className="inline-form">
                            <input type="hidden" name="intent" value="recipient-remove" />
                            <input type="hidden" name="id" value={r.id} />
                            <YearInput year={year} />
                            <button type="submit" className="link-button danger">
                              {t("recipients.remove", { name: r.name })}
                            </button>
                          </Form>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {canManage ? (
          <>
            <RecipientForm year={year} />
            <ImportForm year={year} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="disseminations" className="plan-section">
        <h2 id="disseminations" tabIndex={-1}>
          {t("disseminations.heading")}
        </h2>
        {page.disseminations.length === 0 ? (
          <p>{t("disseminations.none")}</p>
        ) : (
          <>
            <div className="table-wrap">
              <table className="plan-table">
                <caption>{t("disseminations.caption", { year })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("disseminations.date")}</th>
                    <th scope="col">{t("disseminations.means")}</th>
                    <th scope="col">{t("disseminations.notes")}</th>
                    <th scope="col">{t("disseminations.emailed")}</th>
                    <th scope="col">{t("disseminations.list")}</th>
                    {canManage ? <th scope="col">{t("disseminations.actions")}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {page.disseminations.map((d) => (
                    <tr key={d.id}>
                      <th scope="row">{formatDay(d.date, lng)}</th>
                      <td>{t(`means.${d.means}`, { defaultValue: d.means })}</td>
                      <td className="plan-text">{d.notes || "—"}</td>
                      <td>{d.emailedCount ? t("disseminations.emailedCount", { count: d.emailedCount }) : t("disseminations.notEmailed")}</td>
                      <td>
                        <a href={`${exportHref}&difusion=${d.id}`} download>
                          {t("disseminations.download", { date: formatDay(d.date, lng) })}
                        </a>
                      </td>
                      {canManage ? (
                        <td>
                          {d.emailedCount ? (
                            t("disseminations.emailedKept")
                          ) : (
                            <Form method="post" action={formAction(year)} className="inline-form">
                              <input type="hidden" name="intent" value="dissemination-remove" />
                              <input type="hidden" name="id" value={d.id} />
                              <YearInput year={year} />
                              <button type="submit" className="link-button danger">
                                {t("disseminations.remove", { date: formatDay(d.date, lng) })}
                              </button>
                            </Form>
                          )}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="hint">{t("disseminations.listHint")}</p>
          </>
        )}
        {canManage ? <DisseminationForm year={year} withEmail={page.withEmail} /> : null}
      </section>
    </>
  );
}
