import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** A plain GET form to switch the plan's year (works without JavaScript). */
export function YearPicker({ years, current }: { years: number[]; current: number }) {
  const { t } = useTranslation("plan");
  if (years.length < 2) return null;
  return (
    <Form method="get" className="plan-year-picker">
      <label htmlFor="plan-year">{t("yearPicker.label")}</label>
      <select id="plan-year" name="anio" defaultValue={String(current)}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
      <button type="submit" className="button secondary">
        {t("yearPicker.show")}
      </button>
    </Form>
  );
}
