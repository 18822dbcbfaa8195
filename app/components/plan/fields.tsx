// Plan form pieces not in components/forms.tsx: a checkbox group (trámites, months) with its error
// tied to the group, and the hidden year every plan form carries.
import type { FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useErrorText } from "~/components/forms";

type AnyField = FieldMetadata<unknown, Record<string, unknown>, string[]>;

function selectedValues(field: AnyField): string[] {
  const v = field.initialValue as unknown;
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === "string" && v) return [v];
  return [];
}

export function CheckboxGroup(props: {
  field: AnyField;
  legend: ReactNode;
  hint?: ReactNode;
  options: Array<{ value: string; label: string; title?: string }>;
  className?: string;
}) {
  const errorText = useErrorText();
  const { field } = props;
  const selected = selectedValues(field);
  const hintId = `${field.id}-hint`;
  const describedBy = [props.hint ? hintId : null, field.errors?.length ? field.errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className={`field checkbox-group${field.errors?.length ? " has-error" : ""}${props.className ? ` ${props.className}` : ""}`} aria-describedby={describedBy} id={field.id} tabIndex={-1}>
      <legend>{props.legend}</legend>
      {props.hint ? (
        <span className="hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      {field.errors?.length ? (
        <span className="error-message" id={field.errorId}>
          {field.errors.map(errorText).join(" ")}
        </span>
      ) : null}
      <div className="checkbox-options">
        {props.options.map((o) => {
          const id = `${field.id}-${o.value}`;
          return (
            <div className="checkbox" key={`${field.key ?? ""}-${o.value}`}>
              <input type="checkbox" id={id} name={field.name} value={o.value} defaultChecked={selected.includes(o.value)} />
              <label htmlFor={id}>{o.title ? <abbr title={o.title}>{o.label}</abbr> : o.label}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export function YearInput({ year }: { year: number }) {
  return <input type="hidden" name="year" value={year} />;
}
