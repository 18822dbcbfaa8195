// Typed permissions checked on the server. The UI may hide what a role cannot do, but the
// server always decides.
import type { Role } from "~/generated/prisma/enums";

export const ROLES = ["ADMIN", "OIRS_OFFICER", "AREA_OFFICIAL", "COMMITTEE"] as const satisfies readonly Role[];

export type Permission =
  | "admin:manage" // institution settings, offices, areas, users, catalogue, tokens, kiosks
  | "cases:inbox" // see the case inbox (area officials: only their area)
  | "cases:all-areas" // see every area's cases
  | "cases:register" // register phone, letter and walk-in cases
  | "cases:handle" // assign, note, request info, reply, close
  | "cases:export-personal" // exports that include citizens' personal data
  | "personal-data:manage" // a person's rights over their data: search, export, correct, anonymise
  | "surveys:results"
  | "plan:view"
  | "plan:manage";

const GRANTS: Record<Role, readonly Permission[]> = {
  ADMIN: [
    "admin:manage",
    "cases:inbox",
    "cases:all-areas",
    "cases:register",
    "cases:handle",
    "cases:export-personal",
    "personal-data:manage",
    "surveys:results",
    "plan:view",
    "plan:manage",
  ],
  OIRS_OFFICER: ["cases:inbox", "cases:all-areas", "cases:register", "cases:handle", "cases:export-personal", "personal-data:manage", "surveys:results", "plan:view"],
  AREA_OFFICIAL: ["cases:inbox", "cases:handle"],
  COMMITTEE: ["surveys:results", "plan:view", "plan:manage"],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Where each role lands after signing in. */
export function landingPath(role: Role): string {
  switch (role) {
    case "ADMIN":
      return "/admin";
    case "COMMITTEE":
      return "/comite";
    case "OIRS_OFFICER":
    case "AREA_OFFICIAL":
      return "/gestion";
  }
}
