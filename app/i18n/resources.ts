import adminEn from "./locales/en/admin.json";
import authEn from "./locales/en/auth.json";
import casesEn from "./locales/en/cases.json";
import caseworkEn from "./locales/en/casework.json";
import commonEn from "./locales/en/common.json";
import emailEn from "./locales/en/email.json";
import inboxEn from "./locales/en/inbox.json";
import accountEn from "./locales/en/account.json";
import alertsEn from "./locales/en/alerts.json";
import surveysEn from "./locales/en/surveys.json";
import resultsEn from "./locales/en/results.json";
import surveyadminEn from "./locales/en/surveyadmin.json";
import kioskEn from "./locales/en/kiosk.json";
import planEn from "./locales/en/plan.json";
import committeeEn from "./locales/en/committee.json";
import reportEn from "./locales/en/report.json";
import disseminationEn from "./locales/en/dissemination.json";
import transparencyEn from "./locales/en/transparency.json";
import privacyEn from "./locales/en/privacy.json";
import personaldataEn from "./locales/en/personaldata.json";
import adminEs from "./locales/es/admin.json";
import authEs from "./locales/es/auth.json";
import casesEs from "./locales/es/cases.json";
import caseworkEs from "./locales/es/casework.json";
import commonEs from "./locales/es/common.json";
import emailEs from "./locales/es/email.json";
import inboxEs from "./locales/es/inbox.json";
import accountEs from "./locales/es/account.json";
import alertsEs from "./locales/es/alerts.json";
import surveysEs from "./locales/es/surveys.json";
import resultsEs from "./locales/es/results.json";
import surveyadminEs from "./locales/es/surveyadmin.json";
import kioskEs from "./locales/es/kiosk.json";
import planEs from "./locales/es/plan.json";
import committeeEs from "./locales/es/committee.json";
import reportEs from "./locales/es/report.json";
import disseminationEs from "./locales/es/dissemination.json";
import transparencyEs from "./locales/es/transparency.json";
import privacyEs from "./locales/es/privacy.json";
import personaldataEs from "./locales/es/personaldata.json";

export const resources = {
  es: { common: commonEs, auth: authEs, admin: adminEs, cases: casesEs, casework: caseworkEs, email: emailEs, inbox: inboxEs, alerts: alertsEs, account: accountEs, surveys: surveysEs, results: resultsEs, surveyadmin: surveyadminEs, kiosk: kioskEs, plan: planEs, committee: committeeEs, report: reportEs, dissemination: disseminationEs, transparency: transparencyEs, privacy: privacyEs, personaldata: personaldataEs },
  en: { common: commonEn, auth: authEn, admin: adminEn, cases: casesEn, casework: caseworkEn, email: emailEn, inbox: inboxEn, alerts: alertsEn, account: accountEn, surveys: surveysEn, results: resultsEn, surveyadmin: surveyadminEn, kiosk: kioskEn, plan: planEn, committee: committeeEn, report: reportEn, dissemination: disseminationEn, transparency: transparencyEn, privacy: privacyEn, personaldata: personaldataEn },
} as const;

export const namespaces = Object.keys(resources.es) as Array<keyof typeof resources.es>;
