// The public survey: one fieldset per question, radios for the 1–7 scale (large targets, the
// number always visible, an optional face), errors beside each question and in a summary at the
// top. Plain HTML form: works without JavaScript.
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { SurveyQuestion } from "~/domain/surveys/questions";
import { localize, optionValues, SCALE_MAX, SCALE_MIN, TEXT_MAX } from "~/domain/surveys/questions";
import type { surveyLoader } from "~/domain/surveys/survey-route.server";

type Data = Awaited<ReturnType<Awaited<ReturnType<typeof surveyLoader>>["json"]>>;

const FACES = ["😠", "🙁", "😕", "😐", "🙂", "😊", "😄"];

export function SurveyRoutePage() {
  const loaded = useLoaderData<Data>();
  const acted = useActionData<Data>();
  const data = acted ?? loaded;
  const { t, i18n } = useTranslation("surveys");
  const lng = i18n.language;
  const page = data.page;
  if (page.state !== "open") {
    const key = page.state === "used" ? "used" : page.state === "expired" ? "expired" : "notFound";
    return (
      <section className="survey-state">
        <h1>{t(`state.${key}.title`)}</h1>
        <p>{t(`state.${key}.body`)}</p>
        <p>
          <Link to="/ingresar/sugerencia">{t("state.suggest")}</Link> · <Link to="/">{t("state.home")}</Link>
        </p>
      </section>
    );
  }
  return <SurveyForm page={page} errors={data.errors ?? {}} values={data.values ?? {}} limitedSeconds={data.limitedSeconds} lng={lng} />;
}

function SurveyForm(props: {
  page: Extract<Data["page"], { state: "open" }>;
  errors: Record<string, string[]>;
  values: Record<string, unknown>;
  limitedSeconds: number | null;
  lng: string;
}) {
  const { t } = useTranslation("surveys");
  const { page, errors, values, lng } = props;
  const navigation = useNavigation();
  const summary = useRef<HTMLDivElement>(null);
  const errorKeys = Object.keys(errors);
  useEffect(() => {
    if (errorKeys.length > 0 || props.limitedSeconds) summary.current?.focus();
  }, [errorKeys.length, props.limitedSeconds]);
  const questionLabel = (key: string) => {
    const q = page.questions.find((x) => x.key === key);
    return q ? localize(q.label, lng) : key;
  };
  return (
    <section className="survey">
      <p className="survey-institution">{page.institutionName}</p>
      <h1>{localize(page.title, lng)}</h1>
      <p className="lead">{page.folio ? t("page.introInvitation", { folio: page.folio }) : t("page.introPoster", { office: page.officeName ?? "" })}</p>
      {errorKeys.length > 0 || props.limitedSeconds ? (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby="survey-errors-title">
          <h2 id="survey-errors-title">{t("page.errorSummaryTitle")}</h2>
          <ul>
            {props.limitedSeconds ? <li>{t("state.limited", { seconds: props.limitedSeconds })}</li> : null}
            {errorKeys.map((key) => (
              <li key={key}>
                <a href={`#q-${key}`}>
                  {questionLabel(key)}: {errors[key]!.map((e) => t(e)).join(" ")}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" noValidate className="survey-form">
        <input type="hidden" name="submissionId" value={page.submissionId} />
        {page.questions.map((q) => (
          <Question key={q.key} q={q} lng={lng} error={errors[q.key]?.map((e) => t(e)).join(" ")} value={values[q.key]} />
        ))}
        <p className="hint">
          {t("page.privacy")}{" "}
          <Link to="/privacidad" target="_blank" rel="noopener">
            {t("page.privacyLink")}
          </Link>
        </p>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("page.submit")}
        </button>
      </Form>
    </section>
  );
}

function Question(props: { q: SurveyQuestion; lng: string; error?: string; value: unknown }) {
  const { t } = useTranslation("surveys");
  const { q, lng, error } = props;
  const id = `q-${q.key}`;
  const name = `q_${q.key}`;
  const required = q.main || q.required;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hintId, error ? errorId : null].filter(Boolean).join(" ");
  const legend = (
    <legend>
      {localize(q.label, lng)} {required ? <span className="hint-inline">({t("page.required")})</span> : <span className="hint-inline">{t("page.optional")}</span>}
    </legend>
  );
  const errorLine = error ? (
    <span className="error-message" id={errorId}>
      {error}
    </span>
  ) : null;
  if (q.type === "text") {
    const max = q.maxLength ?? TEXT_MAX;
    return (
      <div className={`field${error ? " has-error" : ""}`}>
        <label htmlFor={id}>
          {localize(q.label, lng)} {required ? null : <span className="hint-inline">{t("page.optional")}</span>}
        </label>
        <span className="hint" id={hintId}>
          {t("page.textHint", { max })}
        </span>
        {errorLine}
        <textarea id={id} name={name} rows={4} maxLength={max} defaultValue={typeof props.value === "string" ? props.value : ""} aria-describedby={describedBy} />
      </div>
    );
  }
  if (q.type === "scale") {
    const low = q.endLabels ? (lng === "en" ? q.endLabels.en[0] : q.endLabels.es[0]) : null;
    const high = q.endLabels ? (lng === "en" ? q.endLabels.en[1] : q.endLabels.es[1]) : null;
    const checked = props.value === undefined ? null : String(props.value);
    return (
      <fieldset id={id} className={`survey-question${error ? " has-error" : ""}`} aria-describedby={describedBy} tabIndex={-1}>
        {legend}
        <span className="hint" id={hintId}>
          {low && high ? t("page.scaleHint", { low, high }) : t("page.scaleHintPlain")}
        </span>
        {errorLine}
        <div className="scale">
          {Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => SCALE_MIN + i).map((n) => (
            <label key={n} className="scale-option">
              <input type="radio" name={name} value={n} defaultChecked={checked === String(n)} />
              <span className="scale-number">{n}</span>
              {q.faces ? (
                <span className="scale-face" aria-hidden="true">
                  {FACES[n - 1]}
                </span>
              ) : null}
              {q.faces ? <span className="visually-hidden">{t(`page.faces.${n}`)}</span> : null}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  const multiple = q.type === "multiple";
  const selected = Array.isArray(props.value) ? props.value.map(String) : props.value === undefined ? [] : [String(props.value)];
  const options = q.options ?? optionValues(q).map((value) => ({ value, label: { es: value, en: value } }));
  return (
    <fieldset id={id} className={`survey-question radios${error ? " has-error" : ""}`} aria-describedby={describedBy} tabIndex={-1}>
      {legend}
      <span className="hint" id={hintId}>
        {multiple ? t("page.chooseMany") : ""}
      </span>
      {errorLine}
      {options.map((o) => (
        <div className="radio" key={o.value}>
          <input type={multiple ? "checkbox" : "radio"} id={`${id}-${o.value}`} name={name} value={o.value} defaultChecked={selected.includes(o.value)} />
          <label htmlFor={`${id}-${o.value}`}>{localize(o.label, lng)}</label>
        </div>
      ))}
    </fieldset>
  );
}
