import { containsKeyword, foldText, matchRoutingRule, sortRoutingRules, type RoutingRuleLike } from "~/domain/cases/routing";

const TRAMITE_A = "00000000-0000-4000-8000-00000000000a";
const TRAMITE_B = "00000000-0000-4000-8000-00000000000b";

let next = 0;
const rule = (over: Partial<RoutingRuleLike> & { name: string }): RoutingRuleLike => ({
  id: `rule-${++next}`,
  priority: 100,
  kind: null,
  tramiteId: null,
  keywords: [],
  areaId: `area-${over.name}`,
  ...over,
});

const input = (over: Partial<{ kind: string; tramiteId: string | null; subject: string; description: string }> = {}) => ({
  kind: "CONSULTA",
  tramiteId: null,
  subject: "",
  description: "",
  ...over,
});

describe("foldText", () => {
  it.each([
    ["Remuneración", "remuneracion"],
    ["ÑUBLE", "nuble"],
    ["Búsqueda", "busqueda"],
    ["Pingüino", "pinguino"],
    // Already decomposed input (e + combining acute) folds the same way.
    ["cafe\u0301", "cafe"],
  ])("%s → %s", (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });
});

describe("containsKeyword", () => {
  const table: Array<[string, string[], string, boolean]> = [
    ["accent in the text only", ["remuneracion"], "Consulta por mi remuneración de marzo", true],
    ["accent in the keyword only", ["remuneración"], "no me pagaron la REMUNERACION", true],
    ["upper case", ["sueldo"], "SUELDO atrasado", true],
    ["a prefix of a longer word", ["bus"], "La búsqueda de mi certificado", false],
    ["a suffix of a longer word", ["bus"], "el autobus no pasó", false],
    ["the whole word with punctuation", ["bus"], "El bus, otra vez tarde.", true],
    ["at the very start and end", ["bus"], "bus", true],
    ["a phrase", ["licencia médica"], "Tramitación de mi Licencia  Medica", true],
    ["a phrase across a line break", ["licencia médica"], "mi licencia\nmédica", true],
    ["a phrase with a word missing", ["licencia médica"], "licencia de conducir médica", false],
    ["a phrase that is part of a longer word", ["licencia médica"], "licencia medicamentos", false],
    ["any of several keywords", ["furgón", "transporte"], "Transporte escolar", true],
    ["none of several keywords", ["furgón", "transporte"], "Matrícula", false],
    ["digits", ["20"], "Ley 19.880 art. 20", true],
    ["digits inside a number", ["20"], "en 2026", false],
    ["ñ folds to n", ["año"], "el ano pasado", true],
    ["regex characters are literal", ["c++"], "curso de c++ básico", true],
    ["regex characters do not act as patterns", ["a.b"], "axb", false],
    ["an empty keyword never matches", ["  "], "cualquier texto", false],
  ];
  it.each(table)("%s", (_label, keywords, text, expected) => {
    expect(containsKeyword(keywords, text)).toBe(expected);
  });

  it("looks in every text given", () => {
    expect(containsKeyword(["sueldo"], "Asunto sin la palabra", "pero la descripción habla del sueldo")).toBe(true);
  });
});

describe("matchRoutingRule", () => {
  const transporte = rule({ name: "Transporte", priority: 10, keywords: ["transporte", "furgón", "bus"] });
  const remuneraciones = rule({ name: "Remuneraciones", priority: 20, keywords: ["sueldo", "remuneración", "licencia"] });
  const felicitaciones = rule({ name: "Felicitaciones", priority: 30, kind: "FELICITACION" });
  const tramiteA = rule({ name: "Trámite A", priority: 40, tramiteId: TRAMITE_A });
  const reclamoTramiteA = rule({ name: "Reclamo sobre A", priority: 5, kind: "RECLAMO", tramiteId: TRAMITE_A, keywords: ["demora"] });
  const rules = [felicitaciones, tramiteA, remuneraciones, reclamoTramiteA, transporte];

  const table: Array<[string, ReturnType<typeof input>, RoutingRuleLike | null]> = [
    ["keyword in the subject", input({ subject: "Problema con el furgón" }), transporte],
    ["keyword in the description, without its accent", input({ description: "consulta por remuneracion" }), remuneraciones],
    ["'bus' does not match 'búsqueda'", input({ subject: "Búsqueda de certificado" }), null],
    ["kind only", input({ kind: "FELICITACION", subject: "Gracias" }), felicitaciones],
    ["lower priority number wins when two match", input({ kind: "FELICITACION", subject: "Gracias por el bus" }), transporte],
    ["trámite only", input({ tramiteId: TRAMITE_A, subject: "Hola" }), tramiteA],
    ["a different trámite", input({ tramiteId: TRAMITE_B, subject: "Hola" }), null],
    ["no trámite given does not match a trámite rule", input({ subject: "Hola" }), null],
    ["every condition holds", input({ kind: "RECLAMO", tramiteId: TRAMITE_A, subject: "Demora excesiva" }), reclamoTramiteA],
    ["kind differs", input({ kind: "CONSULTA", tramiteId: TRAMITE_A, subject: "Demora excesiva" }), tramiteA],
    ["keyword missing", input({ kind: "RECLAMO", tramiteId: TRAMITE_A, subject: "Mala atención" }), tramiteA],
    ["nothing matches", input({ subject: "Matrícula 2027" }), null],
  ];
  it.each(table)("%s", (_label, caseInput, expected) => {
    expect(matchRoutingRule(rules, caseInput)).toBe(expected);
  });

  it("returns null without rules", () => {
    expect(matchRoutingRule([], input({ subject: "sueldo" }))).toBeNull();
  });

  it("breaks priority ties by name, whatever the input order", () => {
    const beta = rule({ name: "Beta", priority: 1, keywords: ["sueldo"] });
    const alfa = rule({ name: "alfa", priority: 1, keywords: ["sueldo"] });
    expect(matchRoutingRule([beta, alfa], input({ subject: "sueldo" }))).toBe(alfa);
    expect(matchRoutingRule([alfa, beta], input({ subject: "sueldo" }))).toBe(alfa);
  });

  it("sorts by priority, then name, and does not change the given array", () => {
    const given = [rule({ name: "C", priority: 2 }), rule({ name: "B", priority: 1 }), rule({ name: "A", priority: 2 })];
    expect(sortRoutingRules(given).map((r) => r.name)).toEqual(["B", "A", "C"]);
    expect(given.map((r) => r.name)).toEqual(["C", "B", "A"]);
  });

  it("a rule with no condition matches every case (the admin forms refuse to create one)", () => {
    const catchAll = rule({ name: "Todo", priority: 9999 });
    expect(matchRoutingRule([catchAll], input({ subject: "x" }))).toBe(catchAll);
  });
});
