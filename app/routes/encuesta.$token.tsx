// /encuesta/<token>: the survey behind an emailed invitation (one response per invitation).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { SurveyRoutePage } from "~/components/surveys/SurveyPage";
import { surveyAction, surveyLoader } from "~/domain/surveys/survey-route.server";

export const meta: MetaFunction = () => [{ title: "Encuesta de satisfacción · OIRS" }, { name: "robots", content: "noindex" }];

export const loader = ({ params }: LoaderFunctionArgs) => surveyLoader({ kind: "invitation", token: (params.token ?? "").slice(0, 200) });

export const action = ({ params, request }: ActionFunctionArgs) => surveyAction(request, { kind: "invitation", token: (params.token ?? "").slice(0, 200) });

export default SurveyRoutePage;
