import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Activate/deactivate button for one row of an admin list (a plain POST form). */
export function ActiveToggle({ id, active, label }: { id: string; active: boolean; label: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <button type="submit" className="button secondary small" name="intent" value="toggle-active">
        {active ? t("actions.deactivate") : t("actions.activate")}
        <span className="visually-hidden">: {label}</span>
      </button>
    </Form>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return <span className={`badge ${active ? "active" : "inactive"}`}>{active ? t("status.active") : t("status.inactive")}</span>;
}
