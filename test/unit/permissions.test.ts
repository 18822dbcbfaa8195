import { can, landingPath, ROLES, type Permission } from "~/domain/auth/permissions";

describe("permissions", () => {
  const table: Array<[Permission, Record<(typeof ROLES)[number], boolean>]> = [
    ["admin:manage", { ADMIN: true, OIRS_OFFICER: false, AREA_OFFICIAL: false, COMMITTEE: false }],
    ["cases:inbox", { ADMIN: true, OIRS_OFFICER: true, AREA_OFFICIAL: true, COMMITTEE: false }],
    ["cases:all-areas", { ADMIN: true, OIRS_OFFICER: true, AREA_OFFICIAL: false, COMMITTEE: false }],
    ["cases:export-personal", { ADMIN: true, OIRS_OFFICER: true, AREA_OFFICIAL: false, COMMITTEE: false }],
    ["personal-data:manage", { ADMIN: true, OIRS_OFFICER: true, AREA_OFFICIAL: false, COMMITTEE: false }],
    ["plan:manage", { ADMIN: true, OIRS_OFFICER: false, AREA_OFFICIAL: false, COMMITTEE: true }],
    ["surveys:results", { ADMIN: true, OIRS_OFFICER: true, AREA_OFFICIAL: false, COMMITTEE: true }],
  ];
  it.each(table)("%s", (permission, expected) => {
    for (const role of ROLES) expect(can(role, permission), `${role} ${permission}`).toBe(expected[role]);
  });

  it("lands each role on its own page", () => {
    expect(ROLES.map(landingPath)).toEqual(["/admin", "/gestion", "/gestion", "/comite"]);
  });
});
