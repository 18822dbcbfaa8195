// /e/<code>: the short link printed under a poster's QR, for people served at the counter or by
// phone. Anonymous; the response records the poster's office and channel.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { SurveyRoutePage } from "~/components/surveys/SurveyPage";
import { surveyAction, surveyLoader } from "~/domain/surveys/survey-route.server";

export const meta: MetaFunction = () => [{ title: "Encuesta de satisfacción · OIRS" }];

export const loader = ({ params }: LoaderFunctionArgs) => surveyLoader({ kind: "poster", code: (params.code ?? "").slice(0, 80) });

export const action = ({ params, request }: ActionFunctionArgs) => surveyAction(request, { kind: "poster", code: (params.code ?? "").slice(0, 80) });

export default SurveyRoutePage;
