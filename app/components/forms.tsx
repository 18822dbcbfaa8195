// Accessible form building blocks over Conform: label, hint and error tied to the control with
// aria-describedby; an error summary that links to each field. Error strings are i18n keys
// (optionally "key|{json params}") produced by the shared Zod schemas.
import type { FieldMetadata, FormMetadata } from "@conform-to/react";
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * The i18n key (with its namespace) and values an error string stands for. A string that is not a
 * key (a library's own English default, e.g. Zod's "Expected string, received array" for a field
 * sent twice) shows as "not valid" in the reader's language, as the JSON APIs do.
 */
export function errorMessageKey(error: string): { key: string; values: Record<string, unknown> } {
  const bar = error.indexOf("|");
  const key = bar === -1 ? error : error.slice(0, bar);
  if (!/^[A-Za-z0-9_.:-]+$/.test(key)) return { key: "common:validation.invalid", values: {} };
  let values: Record<string, unknown> = {};
  if (bar !== -1) {
    try {
      values = JSON.parse(error.slice(bar + 1));
    } catch {
      values = {};
    }
  }
  return { key: key.includes(":") ? key : `common:${key}`, values };
}

export function useErrorText() {
  const { t } = useTranslation();
  return (error: string) => {
    const { key, values } = errorMessageKey(error);
    return t(key, values);
  };
}

type AnyField = FieldMetadata<unknown, Record<string, unknown>, string[]>;

function describedBy(field: AnyField, hint?: ReactNode) {
  return [hint ? `${field.id}-hint` : null, field.errors?.length ? field.errorId : null].filter(Boolean).join(" ") || undefined;
}

function FieldShell(props: { field: AnyField; label: ReactNode; hint?: ReactNode; optional?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { field } = props;
  return (
    <div className={`field${field.errors?.length ? " has-error" : ""}`}>
      <label htmlFor={field.id}>
        {props.label}
        {props.optional ? <span className="hint-inline"> {t("form.optional")}</span> : null}
      </label>
      {props.hint ? (
        <span className="hint" id={`${field.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {field.errors?.length ? (
        <span className="error-message" id={field.errorId}>
          {field.errors.map(errorText).join(" ")}
        </span>
      ) : null}
      {props.children}
    </div>
  );
}

export function TextField(props: {
  field: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  optional?: boolean;
  type?: "text" | "email" | "password" | "number" | "url" | "tel" | "date" | "time";
  autoComplete?: string;
  className?: string;
}) {
  const { field } = props;
  const inputProps = getInputProps(field, { type: props.type ?? "text", ariaAttributes: false });
  return (
    <FieldShell {...props}>
      <input
        {...inputProps}
        key={inputProps.key}
        autoComplete={props.autoComplete}
        className={props.className}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy(field, props.hint)}
      />
    </FieldShell>
  );
}

export function TextAreaField(props: { field: AnyField; label: ReactNode; hint?: ReactNode; optional?: boolean; rows?: number }) {
  const { field } = props;
  const textareaProps = getTextareaProps(field, { ariaAttributes: false });
  return (
    <FieldShell {...props}>
      <textarea
        {...textareaProps}
        key={textareaProps.key}
        rows={props.rows ?? 5}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy(field, props.hint)}
      />
    </FieldShell>
  );
}

export function SelectField(props: {
  field: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  optional?: boolean;
  options: Array<{ value: string; label: string }>;
  placeholder?: string;
}) {
  const { field } = props;
  const selectProps = getSelectProps(field, { ariaAttributes: false });
  return (
    <FieldShell {...props}>
      <select
        {...selectProps}
        key={selectProps.key}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy(field, props.hint)}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField(props: { field: AnyField; label: ReactNode }) {
  const { field } = props;
  const inputProps = getInputProps(field, { type: "checkbox", ariaAttributes: false });
  return (
    <div className="field checkbox">
      <input {...inputProps} key={inputProps.key} />
      <label htmlFor={field.id}>{props.label}</label>
    </div>
  );
}

/** Lists every field error at the top with a link to the field; takes focus when it appears. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function ErrorSummary<Schema extends Record<string, any>>(props: {
  form: FormMetadata<Schema, string[]>;
  labels: Record<string, string>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ref = useRef<HTMLDivElement>(null);
  const fields = props.form.getFieldset() as Record<string, AnyField>;
  const entries = Object.entries(props.form.allErrors ?? {}).filter(([name, errors]) => name !== "" && errors.length > 0);
  const formErrors = props.form.errors ?? [];
  const count = entries.length + formErrors.length;
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [count, props.form.status]);
  if (count === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={`${props.form.id}-summary`}>
      <h2 id={`${props.form.id}-summary`}>{t("form.errorSummaryTitle")}</h2>
      <ul>
        {formErrors.map((e) => (
          <li key={e}>{errorText(e)}</li>
        ))}
        {entries.map(([name, errors]) => (
          <li key={name}>
            <a href={`#${fields[name]?.id ?? name}`}>
              {props.labels[name] ? `${props.labels[name]}: ` : ""}
              {errors.map(errorText).join(" ")}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
