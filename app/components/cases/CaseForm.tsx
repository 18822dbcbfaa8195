// The citizen's form for one kind of request. A plain multipart POST without JavaScript; with it,
// Conform validates each field as it is left and a counter follows the description's length.
import { getCollectionProps, getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CheckboxField, ErrorSummary, SelectField, TextAreaField, TextField, useErrorText } from "~/components/forms";
import { REGIONS } from "~/domain/geo/regions";
import {
  AGE_RANGES,
  CASE_KINDS,
  DESCRIPTION_MAX,
  GENDERS,
  REPLY_CHANNELS,
  STAFF_CHANNELS,
  StaffRegisterSchema,
  citizenFormSchema,
  requiresContact,
  type CaseKindValue,
} from "~/domain/cases/schemas";

type Option = { id: string; name: string };

/**
 * `kind` set: the citizen's form for that kind. `staff` set: an officer registering a request
 * received by another channel, choosing kind, channel and reception date and time.
 */
export function CaseForm(props: {
  kind?: CaseKindValue;
  staff?: { today: string };
  lastResult?: SubmissionResult<string[]> | null;
  tramites: Option[];
  offices: Option[];
  retentionMonths: number;
  targetDays?: number;
}) {
  const { t } = useTranslation("cases");
  const errorText = useErrorText();
  const schema = props.staff ? StaffRegisterSchema : citizenFormSchema(props.kind ?? "CONSULTA");
  const [form, fields] = useForm({
    id: props.staff ? "case-register" : `case-${(props.kind ?? "CONSULTA").toLowerCase()}`,
    defaultValue: props.staff ? { receivedDate: props.staff.today } : undefined,
    lastResult: props.lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const [descriptionLength, setDescriptionLength] = useState((fields.description.initialValue as string | undefined)?.length ?? 0);
  const [anonymous, setAnonymous] = useState(fields.anonymous.initialValue === "on");
  const [staffKind, setStaffKind] = useState((fields.kind?.initialValue as CaseKindValue | undefined) ?? "RECLAMO");
  const kind = props.kind ?? staffKind;
  const contactRequired = requiresContact(kind);
  const kindLower = t(`kindLower.${kind}`);

  const labels: Record<string, string> = {
    subject: t("form.subject"),
    description: t("form.description"),
    tramiteId: t("form.tramite"),
    officeId: t("form.office"),
    attachments: t("form.attachments"),
    anonymous: t("form.anonymous"),
    name: t("form.name"),
    rut: t("form.rut"),
    email: t("form.email"),
    phone: t("form.phone"),
    address: t("form.address"),
    commune: t("form.commune"),
    region: t("form.region"),
    replyChannel: t("form.replyChannel"),
    gender: t("form.gender"),
    ageRange: t("form.ageRange"),
    kind: t("register.kind"),
    channel: t("register.channel"),
    receivedDate: t("register.receivedDate"),
    receivedTime: t("register.receivedTime"),
  };
  const remaining = DESCRIPTION_MAX - descriptionLength;
  const attachmentErrors = form.allErrors?.attachments ?? [];

  return (
    <div className="form">
      <ErrorSummary form={form} labels={labels} />
      <p>{t("form.intro")}</p>
      {props.targetDays ? <p className="notice">{t("form.targetNote", { count: props.targetDays })}</p> : null}
      <Form
        method="post"
        encType="multipart/form-data"
        {...getFormProps(form)}
        onChange={(event) => {
          const target = event.target as HTMLInputElement;
          if (target.name === "description") setDescriptionLength(target.value.length);
          if (target.name === "anonymous") setAnonymous(target.checked);
          if (target.name === "kind") setStaffKind(target.value as CaseKindValue);
        }}
      >
        {props.staff ? (
          <fieldset className="fieldset">
            <legend>{t("register.arrival")}</legend>
            <SelectField field={fields.kind} label={labels.kind} options={CASE_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
            <SelectField field={fields.channel} label={labels.channel} options={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} placeholder={t("register.chooseChannel")} />
            <TextField field={fields.receivedDate} label={labels.receivedDate} hint={t("register.receivedHint")} type="date" className="narrow" />
            <TextField field={fields.receivedTime} label={labels.receivedTime} type="time" className="narrow" />
          </fieldset>
        ) : null}
        <fieldset className="fieldset">
          <legend>{t("form.requestSection", { kind: kindLower })}</legend>
          <TextField field={fields.subject} label={labels.subject} hint={t("form.subjectHint")} />
          <TextAreaField field={fields.description} label={labels.description} hint={t("form.descriptionHint", { max: DESCRIPTION_MAX })} rows={8} />
          <p className={`char-count${remaining < 0 ? " over" : ""}`} aria-live="polite" id="description-count">
            {remaining >= 0 ? t("form.charactersLeft", { count: remaining }) : t("form.charactersOver", { count: -remaining })}
          </p>
          <SelectField
            field={fields.tramiteId}
            label={labels.tramiteId}
            options={props.tramites.map((o) => ({ value: o.id, label: o.name }))}
            placeholder={t("form.tramiteNone")}
            optional
          />
          <SelectField
            field={fields.officeId}
            label={labels.officeId}
            options={props.offices.map((o) => ({ value: o.id, label: o.name }))}
            placeholder={t("form.officeNone")}
            optional
          />
          <div className={`field${attachmentErrors.length ? " has-error" : ""}`}>
            <label htmlFor="attachments">
              {labels.attachments} <span className="hint-inline">{t("common:form.optional")}</span>
            </label>
            <span className="hint" id="attachments-hint">
              {t("form.attachmentsHint")} {t("form.attachmentsRetype")}
            </span>
            {attachmentErrors.length ? (
              <span className="error-message" id="attachments-error">
                {attachmentErrors.map(errorText).join(" ")}
              </span>
            ) : null}
            <input
              type="file"
              id="attachments"
              name="attachments"
              multiple
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              aria-describedby={`attachments-hint${attachmentErrors.length ? " attachments-error" : ""}`}
              aria-invalid={attachmentErrors.length ? true : undefined}
            />
          </div>
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t("form.contactSection")}</legend>
          <p className="hint">{contactRequired ? t("form.contactHintRequired") : t("form.contactHintOptional")}</p>
          {!contactRequired ? <CheckboxField field={fields.anonymous} label={labels.anonymous} /> : null}
          <div hidden={anonymous || undefined}>
            <TextField field={fields.name} label={labels.name} autoComplete="name" />
            <TextField field={fields.rut} label={labels.rut} hint={t("form.rutHint")} optional className="narrow" />
            <TextField field={fields.email} label={labels.email} hint={t("form.emailHint")} type="email" autoComplete="email" optional={!contactRequired} />
            <TextField field={fields.phone} label={labels.phone} type="tel" autoComplete="tel" optional className="narrow" />
            <TextField field={fields.address} label={labels.address} hint={t("form.addressHint")} autoComplete="street-address" optional />
            <TextField field={fields.commune} label={labels.commune} autoComplete="address-level2" optional />
            <SelectField
              field={fields.region}
              label={labels.region}
              options={REGIONS.map((r) => ({ value: r.code, label: r.name }))}
              placeholder={t("form.regionNone")}
              optional
            />
            <RadioGroup
              field={fields.replyChannel}
              legend={labels.replyChannel}
              optional={!contactRequired}
              options={REPLY_CHANNELS.map((c) => ({ value: c, label: t(`form.replyChannelOption.${c}`) }))}
            />
          </div>
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t("form.statsSection")}</legend>
          <p className="hint">{t("form.statsHint")}</p>
          <SelectField
            field={fields.gender}
            label={labels.gender}
            options={GENDERS.map((g) => ({ value: g, label: t(`form.genderOption.${g}`) }))}
            placeholder={t("form.notSelected")}
            optional
          />
          <SelectField
            field={fields.ageRange}
            label={labels.ageRange}
            options={AGE_RANGES.map((a) => ({ value: a, label: t(`form.ageRangeOption.${a}`) }))}
            placeholder={t("form.notSelected")}
            optional
          />
        </fieldset>

        {props.staff ? null : (
          <div className="honeypot" aria-hidden="true">
            <label htmlFor="website">{t("form.honeypot")}</label>
            <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
          </div>
        )}

        <section className="notice" aria-labelledby="privacy-title">
          <h2 id="privacy-title" className="notice-title">
            {t("form.privacyTitle")}
          </h2>
          <p>{t("form.privacy", { months: props.retentionMonths })}</p>
          <p>
            {/* A new tab: what was typed in this form stays. */}
            <Link to="/privacidad" target="_blank" rel="noopener">
              {t("form.privacyLink")}
            </Link>
          </p>
        </section>

        <div className="button-row">
          <button type="submit" className="button">
            {props.staff ? t("register.submit") : t("form.submit", { kind: kindLower })}
          </button>
        </div>
      </Form>
    </div>
  );
}

type AnyField = Parameters<typeof getCollectionProps>[0];

function RadioGroup(props: { field: AnyField; legend: string; options: Array<{ value: string; label: string }>; optional?: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { field } = props;
  const errors = field.errors ?? [];
  const radios = getCollectionProps(field, { type: "radio", options: props.options.map((o) => o.value), ariaAttributes: false });
  return (
    <fieldset className={`field radios${errors.length ? " has-error" : ""}`} id={field.id} aria-describedby={errors.length ? field.errorId : undefined}>
      <legend>
        {props.legend}
        {props.optional ? <span className="hint-inline"> {t("form.optional")}</span> : null}
      </legend>
      {errors.length ? (
        <span className="error-message" id={field.errorId}>
          {errors.map(errorText).join(" ")}
        </span>
      ) : null}
      {radios.map((radio) => (
        <div className="radio" key={radio.key}>
          <input {...radio} key={radio.key} />
          <label htmlFor={radio.id}>{props.options.find((o) => o.value === radio.value)?.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

