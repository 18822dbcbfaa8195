import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const meta: MetaFunction = () => [{ title: "Gracias · OIRS" }];

export default function SurveyThanks() {
  const { t } = useTranslation("surveys");
  return (
    <section className="survey-state">
      <h1>{t("thanks.title")}</h1>
      <p>{t("thanks.body")}</p>
      <p>
        <Link to="/">{t("thanks.home")}</Link>
      </p>
    </section>
  );
}
