// GET /api/v1/indicators/satisfaction?from=YYYY-MM-DD&to=YYYY-MM-DD[&groupBy=channel|office|tramite|area]
// (token with scope indicators:read): the satisfaction index and its companions for a period,
// overall and per group — n, positive (6–7), negative (1–4), ISU, net satisfaction, mean, the ISU's
// 95 % Wilson interval, the response rate. Figures are null when there are no responses (and the
// response rate when no invitation was sent), never 0. Comments are never exposed here.
// The figures are the results page's (results.server.ts), from the same SQL.
import { parseApiIndicatorsQuery, MAX_PERIOD_YEARS, API_GROUP_BYS, type ApiQueryError } from "~/domain/surveys/results";
import { getSatisfactionIndicators } from "~/domain/surveys/results.server";
import { enforceTokenLimit } from "./cases-api.server";
import { ApiError, fieldErrorMap, jsonResponse, type ApiContext } from "./errors.server";
import { apiT } from "./i18n.server";
import { authenticateToken, bearerToken, unauthorized, type ApiPrincipal } from "./tokens.server";

export const INDICATORS_SCOPE = "indicators:read";

/** The request's token with indicators:read, or a 401 (missing, unknown, revoked, expired) / 403 (scope). */
export async function requireIndicatorsToken(request: Request): Promise<ApiPrincipal> {
  const check = await authenticateToken(bearerToken(request));
  if (check.kind !== "ok") throw unauthorized();
  if (!check.token.scopes.includes(INDICATORS_SCOPE)) {
    throw new ApiError(403, "forbidden", "api:errors.forbidden", { scope: INDICATORS_SCOPE }, {
      "WWW-Authenticate": `Bearer realm="oirs", error="insufficient_scope", scope="${INDICATORS_SCOPE}"`,
    });
  }
  return check.token;
}

/** 400 with one sentence per problem, keyed by parameter, in the caller's language. */
function invalidQuery(errors: ApiQueryError[], ctx: ApiContext): Response {
  const t = apiT(ctx.locale);
  const byField = fieldErrorMap();
  for (const e of errors) {
    const message = t(`results:api.errors.${e.code}`, { field: e.field, values: API_GROUP_BYS.join(", "), years: MAX_PERIOD_YEARS }) as string;
    (byField[e.field] ??= []).push(message);
  }
  const message = Object.values(byField).flat().join(" ");
  return jsonResponse({ error: "invalid_parameter", message, errors: byField }, 400);
}

export async function satisfactionIndicators(request: Request, ctx: ApiContext, now = new Date()): Promise<Response> {
  const token = await requireIndicatorsToken(request);
  await enforceTokenLimit(token);
  const parsed = parseApiIndicatorsQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return invalidQuery(parsed.errors, ctx);
  const t = apiT(ctx.locale);
  const answer = await getSatisfactionIndicators({
    institutionId: token.institutionId,
    from: parsed.query.from,
    to: parsed.query.to,
    groupBy: parsed.query.groupBy,
    lng: ctx.locale,
    now,
    channelLabel: (channel) => t(`results:channel.${channel}`) as string,
    noneLabel: (by) => t(`results:none.${by}`) as string,
  });
  return jsonResponse(answer);
}
