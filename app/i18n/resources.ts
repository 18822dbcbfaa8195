import adminEn from "./locales/en/admin.json";
import authEn from "./locales/en/auth.json";
import casesEn from "./locales/en/cases.json";
import commonEn from "./locales/en/common.json";
import emailEn from "./locales/en/email.json";
import adminEs from "./locales/es/admin.json";
import authEs from "./locales/es/auth.json";
import casesEs from "./locales/es/cases.json";
import commonEs from "./locales/es/common.json";
import emailEs from "./locales/es/email.json";

export const resources = {
  es: { common: commonEs, auth: authEs, admin: adminEs, cases: casesEs, email: emailEs },
  en: { common: commonEn, auth: authEn, admin: adminEn, cases: casesEn, email: emailEn },
} as const;

export const namespaces = Object.keys(resources.es) as Array<keyof typeof resources.es>;
