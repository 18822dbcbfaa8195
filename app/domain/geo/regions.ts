// The 16 regions of Chile, by ISO 3166-2 code, north to south, with their official names.
// Shared by the browser and the server (no I/O). Offices and regional holidays store the code.

export const REGIONS = [
  { code: "CL-AP", name: "Arica y Parinacota" },
  { code: "CL-TA", name: "Tarapacá" },
  { code: "CL-AN", name: "Antofagasta" },
  { code: "CL-AT", name: "Atacama" },
  { code: "CL-CO", name: "Coquimbo" },
  { code: "CL-VS", name: "Valparaíso" },
  { code: "CL-RM", name: "Metropolitana de Santiago" },
  { code: "CL-LI", name: "Libertador General Bernardo O'Higgins" },
  { code: "CL-ML", name: "Maule" },
  { code: "CL-NB", name: "Ñuble" },
  { code: "CL-BI", name: "Biobío" },
  { code: "CL-AR", name: "La Araucanía" },
  { code: "CL-LR", name: "Los Ríos" },
  { code: "CL-LL", name: "Los Lagos" },
  { code: "CL-AI", name: "Aysén del General Carlos Ibáñez del Campo" },
  { code: "CL-MA", name: "Magallanes y de la Antártica Chilena" },
] as const;

export type RegionCode = (typeof REGIONS)[number]["code"];

/** The codes as a non-empty tuple, for z.enum. */
export const REGION_CODES = REGIONS.map((r) => r.code) as unknown as readonly [RegionCode, ...RegionCode[]];

const NAMES: ReadonlyMap<string, string> = new Map(REGIONS.map((r) => [r.code, r.name]));

export function isRegionCode(code: unknown): code is RegionCode {
  return typeof code === "string" && NAMES.has(code);
}

/** The official name of a region code, or undefined for anything else (e.g. a legacy free-text value). */
export function regionName(code: string | null | undefined): string | undefined {
  return code ? NAMES.get(code) : undefined;
}
