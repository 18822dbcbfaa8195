import adminEn from "./locales/en/admin.json";
import authEn from "./locales/en/auth.json";
import commonEn from "./locales/en/common.json";
import adminEs from "./locales/es/admin.json";
import authEs from "./locales/es/auth.json";
import commonEs from "./locales/es/common.json";

export const resources = {
  es: { common: commonEs, auth: authEs, admin: adminEs },
  en: { common: commonEn, auth: authEn, admin: adminEn },
} as const;

export const namespaces = Object.keys(resources.es) as Array<keyof typeof resources.es>;
