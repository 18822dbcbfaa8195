// Demo seed: a fictional public education service modelled on a real 2025 "Plan Anual de
// Mejoramiento de la Calidad de Servicio y Experiencia Usuaria", replayed for 2026.
// Creates configuration only (no cases, no survey responses).
import { createHash } from "node:crypto";
import { hashPassword } from "~/domain/auth/password.server";
import type { Localized, SurveyQuestion } from "~/domain/surveys/questions";
import type {
  CaseKind,
  IndicatorDirection,
  IndicatorPeriod,
  IndicatorSource,
  Prisma,
  PrismaClient,
  Priority,
  RecipientCategory,
  Role,
  ScheduleStatus,
} from "~/generated/prisma/client";

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

const PLAN_YEAR = 2026;

const INSTITUTION = {
  name: "Servicio Local de Educación Pública Bahía Serena",
  shortName: "SLEP Bahía Serena",
  folioPrefix: "OIRS",
  email: "oirs@slepbahiaserena.example.cl",
  phone: "+56 51 255 0100",
  address: "Avenida Costanera 1450, Coquimbo, Región de Coquimbo",
  website: "https://slepbahiaserena.example",
  targetDaysConsulta: 10,
  targetDaysReclamo: 10,
  targetDaysSugerencia: 20,
  targetDaysFelicitacion: 20,
  targetDaysSolicitud: 20,
  positiveScoreMin: 6,
} as const;

const OFFICES = [
  { code: "CENTRAL", name: "Oficina Central Coquimbo", address: "Avenida Costanera 1450, piso 2", commune: "Coquimbo", region: "CL-CO" },
  { code: "ANDACOLLO", name: "Oficina Andacollo", address: "Calle Urmeneta 312", commune: "Andacollo", region: "CL-CO" },
] as const;

const AREAS = [
  { code: "COMITE", name: "Comité de Calidad del Servicio y Experiencia Usuaria", email: "comite.calidad@slepbahiaserena.example.cl" },
  { code: "DIRECCION", name: "Dirección Ejecutiva", email: "direccion@slepbahiaserena.example.cl" },
  { code: "PLANIFICACION", name: "Unidad de Planificación y Control de Gestión", email: "planificacion@slepbahiaserena.example.cl" },
  { code: "PERSONAS", name: "Departamento de Gestión de Personas", email: "personas@slepbahiaserena.example.cl" },
  { code: "COMUNICACIONES", name: "Departamento de Comunicaciones", email: "comunicaciones@slepbahiaserena.example.cl" },
  { code: "TI", name: "Departamento de Tecnologías de la Información", email: "ti@slepbahiaserena.example.cl" },
  { code: "OIRS", name: "Oficina OIRS", email: "oirs@slepbahiaserena.example.cl" },
] as const;

type AreaCode = (typeof AREAS)[number]["code"];
type OfficeCode = (typeof OFFICES)[number]["code"];

const TRAMITES: Array<{ code: string; name: string; description: string; area: AreaCode }> = [
  {
    code: "MATRICULA",
    name: "Matrícula y admisión escolar",
    description: "Orientación sobre el Sistema de Admisión Escolar, vacantes y matrícula en los establecimientos del Servicio.",
    area: "OIRS",
  },
  {
    code: "CERTIFICADO_ALUMNO",
    name: "Certificado de alumno regular y de estudios",
    description: "Solicitud de certificados de alumno regular, concentración de notas y certificados de estudios.",
    area: "OIRS",
  },
  {
    code: "TRANSPORTE",
    name: "Transporte escolar",
    description: "Postulación, recorridos, horarios y funcionamiento del transporte escolar gratuito.",
    area: "DIRECCION",
  },
  {
    code: "CONVIVENCIA",
    name: "Convivencia escolar",
    description: "Situaciones de convivencia escolar, acoso o maltrato y aplicación de los reglamentos internos.",
    area: "DIRECCION",
  },
  {
    code: "INFRAESTRUCTURA",
    name: "Infraestructura de establecimientos",
    description: "Mantención, reparaciones y condiciones de seguridad de los establecimientos educacionales.",
    area: "PLANIFICACION",
  },
  {
    code: "REMUNERACIONES",
    name: "Recursos humanos y remuneraciones docentes",
    description: "Remuneraciones, licencias médicas, asignaciones y certificados laborales del personal docente y asistente.",
    area: "PERSONAS",
  },
  {
    code: "JUNAEB",
    name: "Becas y alimentación escolar (JUNAEB)",
    description: "Información sobre el Programa de Alimentación Escolar, becas y beneficios JUNAEB.",
    area: "OIRS",
  },
  {
    code: "PLATAFORMAS",
    name: "Plataformas digitales y sitio web",
    description: "Problemas de acceso a plataformas digitales, correo institucional y sitio web del Servicio.",
    area: "TI",
  },
];

const USERS: Array<{ email: string; name: string; role: Role; area: AreaCode | null; office: OfficeCode; headOfArea?: boolean }> = [
  { email: "admin@oirs.example", name: "Francisca Araya Olivares", role: "ADMIN", area: null, office: "CENTRAL" },
  { email: "oirs@oirs.example", name: "Javiera Cortés Pizarro", role: "OIRS_OFFICER", area: "OIRS", office: "CENTRAL" },
  { email: "area@oirs.example", name: "Rodrigo Alvarado Tapia", role: "AREA_OFFICIAL", area: "PERSONAS", office: "CENTRAL", headOfArea: true },
  { email: "comite@oirs.example", name: "Marcela Rivera Castillo", role: "COMMITTEE", area: "COMITE", office: "CENTRAL" },
];

const PLAN = {
  title: "Plan Anual de Mejoramiento de la Calidad de Servicio y Experiencia Usuaria 2026",
  generalObjective:
    "Mejorar la calidad del Servicio y la experiencia Usuaría de las personas que interactúan con el servicio a través de un modelo de atención que establezca las directrices, líneas de acción, calidad y capacidad de respuesta.",
  specificObjectives: [
    "Optimizar la calidad de los servicios entregados a través de un modelo de atención que organice los canales de contacto y los recursos internos, garantizando respuestas oportunas y adecuadas a los diferentes requerimientos.",
    "Fortalecer la atención usuaria mediante el desarrollo de capacidades en las funcionarias y funcionarios, con el fin de mejorar los servicios.",
    "Reducir los tiempos de respuesta ante disconformidades presentadas por las personas usuarias, asegurando la entrega de respuestas resolutiveas en un plazo adecuado mejorando la percepción y experiencia usuaria.",
  ],
};

const POPULATION_USERS =
  "Personas Naturales o Jurídicas que se vinculan con la Institución y se atienden a través del canal presencial, digital y telefónico.";
const BACKUP_WEB_AND_DRIVE = "Página Web Institucional; Drive Comité calidad y experiencia usuaria";
const BACKUP_DRIVE = "Drive Comité calidad y experiencia usuaria";

type ActivitySeed = {
  number: number;
  title: string;
  description: string;
  responsibleArea: AreaCode;
  responsibilities: string;
  participants: string;
  targetPopulation: string;
  targetPopulationSize: number;
  targetPopulationUnit: string;
  executionTerm: string;
  priority: Priority;
  verificationMeans: string[];
  reportingPeriod: IndicatorPeriod;
  backupSystems: string;
  budget: string;
  // "Cronograma Anual de Actividades": months marked with X (1 = January).
  schedule: Array<{ title: string; months: number[] }>;
};

const ACTIVITIES: ActivitySeed[] = [
  {
    number: 1,
    title: "Elaboración del Modelo de Atención",
    description: [
      "Elaborar un modelo de atención con el fin de mejorar la percepción de los usuarios, considerando el funcionamiento actual y las líneas de acción propuestas en la Política de Gestión de Calidad del Servicio y Experiencia Usuaría que considere:",
      "Diagnóstico de Canales Actuales: Evaluar los canales de contacto existentes (teléfono, correo electrónico, redes sociales) y su efectividad.",
      "Diseño del Modelo: Desarrollar un modelo que organice los canales de contacto y recursos internos, asegurando que cada canal tenga funciones específicas.",
      "Capacitación sobre el Modelo: Capacitar al personal sobre el nuevo modelo para asegurar su correcta implementación.",
    ].join("\n\n"),
    responsibleArea: "COMITE",
    responsibilities:
      "Comité Calidad del Servicio y Experiencia Usuaria: responsable del diseño del modelo de Atención usuaria en coherencia con la Política de Calidad de Servicio y Experiencia Usuaria y los objetivos Estratégicos del SLEP Bahía Serena, además del monitoreo y seguimiento de la ejecución eficiente del Plan Anual de Mejoramiento de la calidad.",
    participants: "Comité de Calidad del Servicio y Experiencia Usuaria",
    targetPopulation: POPULATION_USERS,
    targetPopulationSize: 15000,
    targetPopulationUnit: "usuarios",
    executionTerm:
      "2 meses para levantamiento del modelo, considerando el diagnóstico, la política y definición institucional de roles y funciones específicas para la atención usuaria.",
    priority: "ALTA",
    verificationMeans: ["Acta de socialización del Modelo de atención Institucional", "Modelo de Atención institucional"],
    reportingPeriod: "YEAR",
    backupSystems: BACKUP_WEB_AND_DRIVE,
    budget: "$0.-",
    schedule: [
      { title: "Diagnóstico de Canales Actuales", months: [1] },
      { title: "Diseño del Modelo", months: [1, 2] },
      { title: "Capacitación sobre el Modelo", months: [] },
    ],
  },
  {
    number: 2,
    title: "Implementación de la Oficina OIRS (Oficina de Información, Reclamos y Sugerencias)",
    description: [
      "Implementación de la Oficina OIRS, en donde los distintos usuarios del Servicio puedan acudir regularmente a resolver consultas, solicitar información, pedir asesoría, presentar reclamos, asesoría técnica general en relación a la Política educativa y las líneas estratégicas del Servicio Local de Educación Pública Bahía Serena.",
      "Para una correcta implementación debe tenerse en cuenta:",
      "Definición del Espacio Físico: Establecer un espacio físico accesible donde los usuarios puedan presentar sus inquietudes.",
      "Contratación y Capacitación del Personal: Seleccionar personal capacitado para atender a los usuarios en esta oficina, brindándoles formación específica en atención al cliente.",
    ].join("\n\n"),
    responsibleArea: "DIRECCION",
    responsibilities: [
      "Dirección Ejecutiva: responsable de gestionar la disposición del recurso humano que cumplirá las funciones asociadas a la implementación y funcionamiento de la Oficina OIRS.",
      "Unidad de Planificación y Control de Gestión: Planificación estratégica del espacio y presupuestaria para la provisión necesaria de la implementación de la acción.",
    ].join("\n\n"),
    participants: "Dirección Ejecutiva, Unidad de Planificación y Control de Gestión",
    targetPopulation:
      "Usuarios que se atienden a través del canal presencial y viven mayoritariamente en la comuna de Coquimbo y Andacollo",
    targetPopulationSize: 15000,
    targetPopulationUnit: "usuarios",
    executionTerm: "5 meses para la designación del espacio y procesos de preparación del personal que será responsable del área.",
    priority: "MEDIA",
    verificationMeans: ["Informe consolidado de cantidad de solicitudes recibidas y atendidas"],
    reportingPeriod: "SEMESTER",
    backupSystems: BACKUP_DRIVE,
    budget: "$xxx.- Contratación (remuneración anual); $0.- Designación de espacio y designación de funciones",
    schedule: [
      { title: "Definición del Espacio Físico", months: [3] },
      { title: "Contratación y Capacitación del Personal", months: [4, 5, 6, 7] },
    ],
  },
  {
    number: 3,
    title: "Fortalecimiento de Capacidades en Funcionarios/as",
    description: [
      "Fortalecer las capacidades funcionarias para que éstos puedan implementar estrategias de manera permanente que permitan mejorar la percepción de la calidad del servicio entregado y la experiencia usuaria considerando ejecución anual de un Programa de Capacitación Continua que incluya talleres sobre:",
      "- Atención al usuario\n- Manejo de conflictos\n- Comunicación efectiva\n- Uso del nuevo modelo de atención.",
      "Se debe tener presente Evaluaciones Periódicas para medir el impacto de las capacitaciones en la calidad del servicio.",
    ].join("\n\n"),
    responsibleArea: "PERSONAS",
    responsibilities:
      "Departamento de Gestión de Personas: responsable de la gestión del Programa de Capacitación anual y la evaluación del impacto de las capacitaciones en la calidad del servicio.",
    participants: "Departamento de Gestión de Personas",
    targetPopulation:
      "Funcionarios pertenecientes al Nivel Central del SLEP Bahía Serena que interactúan de manera directa con las personas usuarias del Servicio y puedan dar respuesta a tramites administrativas asociados al área correspondiente a sus funciones.",
    targetPopulationSize: 85,
    targetPopulationUnit: "funcionarios",
    executionTerm: "6 meses considerando calendarización anual.",
    priority: "ALTA",
    verificationMeans: ["Lista de asistencia a capacitación/taller", "Certificado de participación"],
    reportingPeriod: "YEAR",
    backupSystems: BACKUP_DRIVE,
    budget: "$0.- Gestión con colaboradores (Mutual); $xxx.- Empresa externa certificada",
    schedule: [
      { title: "Diseño del Programa de Capacitación", months: [3] },
      { title: "Capacitación/ Taller Atención al usuario", months: [4] },
      { title: "Capacitación/ Taller Manejo de conflictos", months: [6] },
      { title: "Capacitación/ Taller Comunicación efectiva", months: [8] },
      { title: "Capacitación/ Taller Uso del nuevo modelo de atención", months: [10] },
      { title: "Evaluación", months: [12] },
    ],
  },
  {
    number: 4,
    title: "Implementación de Estrategias de Difusión",
    description:
      "Desarrollo de Material Informativo como folletos, carteles y contenido digital que explique los puntos de contacto entre el servicio y los usuarios.",
    responsibleArea: "COMUNICACIONES",
    responsibilities:
      "Departamento de Comunicaciones: responsables de la elaboración de los recursos digitales para la difusión de puntos de contacto y mecanismos disponibles para la atención usuaria.",
    participants: "Departamento de Comunicaciones",
    targetPopulation:
      "Personas Naturales o Jurídicas que se vinculan con la Institución y se atienden a través de los canal presencial y digital; y viven mayoritariamente en la comuna de Coquimbo y Andacollo",
    targetPopulationSize: 15000,
    targetPopulationUnit: "usuarios",
    executionTerm:
      "3 meses para la preparación del material digital el cual deberá ser usado permanentemente en los canales de comunicación.",
    priority: "MEDIA",
    verificationMeans: ["Informe de implementación de la estrategia de difusión"],
    reportingPeriod: "YEAR",
    backupSystems: BACKUP_WEB_AND_DRIVE,
    budget: "$0.-",
    schedule: [
      { title: "Desarrollo de Material Informativo", months: [6] },
      { title: "Socialización Material Informativo", months: [7, 8] },
      { title: "Difusión Material Informativo", months: [8] },
    ],
  },
  {
    number: 5,
    title: "Elaboración y Aplicación de Procedimientos para Recolección de Información",
    description: [
      "Diseño de Encuestas y Herramientas Evaluativas: Crear encuestas que midan la percepción sobre la calidad del servicio y experiencia usuaria.",
      "Establecimiento de Canales para Recolección Continua: Implementar mecanismos regulares (por ejemplo, encuestas post-interacción) para recoger feedback constante.",
      "Análisis Periódico de Resultados: Realizar análisis semestrales sobre los datos recolectados para identificar áreas críticas que requieran atención inmediata.",
    ].join("\n\n"),
    responsibleArea: "COMITE",
    responsibilities: [
      "Departamento de Tecnologías de la Información: responsable del Diseño de Encuestas y Herramientas Evaluativas que sirvan como canales de recolección de datos, que sirvan para medir la percepción sobre la calidad del servicio y experiencia usuaria.",
      "Comité Calidad del Servicio y Experiencia Usuaria: responsable del Análisis Periódico de Resultados obtenidos de los mecanismos de recolección, con la finalidad que trimestralmente se pueda identificar áreas críticas que requieran atención inmediata y hacer las gestiones pertinentes para una correcta implementación de la Política de la calidad de servicio y Experiencia Usuaria",
    ].join("\n\n"),
    participants: "Departamento de Tecnologías de la Información, Comité de Calidad del Servicio y Experiencia Usuaria",
    targetPopulation: POPULATION_USERS,
    targetPopulationSize: 15000,
    targetPopulationUnit: "usuarios",
    executionTerm: "3 meses para el diseño e implementación; Aplicación, Análisis y ajustes permanentes.",
    priority: "ALTA",
    verificationMeans: [
      "Acta de socialización",
      "Formulario Google",
      "Informe consolidado de la información recogida de la aplicación del instrumento",
    ],
    reportingPeriod: "SEMESTER",
    backupSystems: BACKUP_WEB_AND_DRIVE,
    budget: "$0.- Formulario Google; $xxx.- Tótem de atención usuaria y sistematización de información (empresa externa)",
    schedule: [
      { title: "Diseño de Encuestas y Herramientas Evaluativas", months: [2] },
      { title: "Establecimiento de Canales para Recolección Continua", months: [2] },
      { title: "Análisis Periódico de Resultados", months: [6, 12] },
    ],
  },
];

// Kept PLANNED whatever the date, so the demo dashboard shows a late activity.
const LATE_SCHEDULE_ITEM = "Capacitación/ Taller Uso del nuevo modelo de atención";

type IndicatorSeed = {
  code: string;
  name: string;
  formula: string;
  numeratorDef: string;
  denominatorDef: string;
  target: number;
  direction?: IndicatorDirection;
  period: IndicatorPeriod;
  source: IndicatorSource;
  liveMetric?: string;
  activityNumber?: number;
};

// In position order.
const INDICATORS: IndicatorSeed[] = [
  {
    code: "PCPA",
    name: "Porcentaje de Cumplimiento del Plan",
    formula: "(Actividades Ejecutadas / Actividades Programadas) * 100",
    numeratorDef: "Actividades ejecutadas",
    denominatorDef: "Actividades programadas",
    target: 60,
    period: "YEAR",
    source: "PLAN",
  },
  {
    code: "ISU",
    name: "Índice de satisfacción usuaria",
    formula: "(N° Total de respuestas positivas / N° Total de Respuestas) * 100",
    numeratorDef: "N° total de respuestas positivas",
    denominatorDef: "N° total de respuestas",
    target: 80,
    period: "SEMESTER",
    source: "LIVE",
    liveMetric: "isu",
  },
  {
    code: "RESOLUCION",
    name: "Porcentaje de resolución de requerimientos",
    formula: "(N° Total de requerimientos resueltos / N° Total de Requerimientos) * 100",
    numeratorDef: "N° total de requerimientos resueltos",
    denominatorDef: "N° total de requerimientos",
    target: 80,
    period: "SEMESTER",
    source: "LIVE",
    liveMetric: "resolution_rate",
    activityNumber: 5,
  },
  {
    code: "MODELO_ATENCION",
    name: "Porcentaje finalización del Modelo de Atención",
    formula: "(N° de Etapas Completadas / N° Total de etapas) * 100",
    numeratorDef: "N° de etapas completadas",
    denominatorDef: "N° total de etapas",
    target: 100,
    period: "YEAR",
    source: "MANUAL",
    activityNumber: 1,
  },
  {
    code: "OFICINA_OIRS",
    name: "Porcentaje de Implementación de la Oficina OIRS",
    formula: "(N° de Requisitos Cumplidos / N° Total de requisitos) * 100",
    numeratorDef: "N° de requisitos cumplidos",
    denominatorDef: "N° total de requisitos",
    target: 90,
    period: "YEAR",
    source: "MANUAL",
    activityNumber: 2,
  },
  {
    code: "CAPACITACION",
    name: "Tasa de Participación en Capacitación",
    formula: "(N° de Funcionarios capacitados / N° Total de Funcionarios) * 100",
    numeratorDef: "N° de funcionarios capacitados",
    denominatorDef: "N° total de funcionarios",
    target: 80,
    period: "YEAR",
    source: "MANUAL",
    activityNumber: 3,
  },
  {
    code: "DIFUSION",
    name: "Porcentaje implementación de la Estrategia de Difusión",
    formula: "(N° de Etapas Completadas / N° Total de etapas) * 100",
    numeratorDef: "N° de etapas completadas",
    denominatorDef: "N° total de etapas",
    target: 100,
    period: "YEAR",
    source: "MANUAL",
    activityNumber: 4,
  },
  {
    code: "RECLAMOS_EN_PLAZO",
    name: "Porcentaje de reclamos respondidos dentro de plazo",
    formula: "(N° de reclamos respondidos dentro del plazo legal / N° total de reclamos respondidos) * 100",
    numeratorDef: "N° de reclamos respondidos dentro del plazo",
    denominatorDef: "N° total de reclamos respondidos",
    target: 90,
    period: "SEMESTER",
    source: "LIVE",
    liveMetric: "reclamos_on_time",
  },
  {
    code: "DIAS_RESPUESTA",
    name: "Tiempo promedio de respuesta (días hábiles)",
    formula: "Suma de días hábiles de respuesta / N° total de requerimientos respondidos",
    numeratorDef: "Suma de días hábiles entre la recepción y la respuesta",
    denominatorDef: "N° total de requerimientos respondidos",
    target: 10,
    direction: "LOWER_IS_BETTER",
    period: "SEMESTER",
    source: "LIVE",
    liveMetric: "mean_response_days",
  },
];

const MEASUREMENTS = [
  {
    indicator: "CAPACITACION",
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    numerator: 34,
    denominator: 85,
    interpretation:
      "Durante el primer semestre 34 de los 85 funcionarios del Nivel Central participaron en al menos un taller (Atención al usuario y Manejo de conflictos), equivalente a un 40% de participación.",
    gaps: "Baja asistencia de funcionarios de establecimientos alejados y de la Oficina Andacollo por traslados.",
    recommendations: "Ofrecer los talleres del segundo semestre en modalidad híbrida y grabar las sesiones.",
  },
  {
    indicator: "MODELO_ATENCION",
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    numerator: 2,
    denominator: 3,
    interpretation:
      "Se completaron el diagnóstico de canales actuales y el diseño del modelo; queda pendiente la capacitación del personal sobre el modelo.",
    gaps: "La capacitación sobre el modelo no tiene fecha asignada en el cronograma.",
    recommendations: "Calendarizar la capacitación junto con el taller de uso del nuevo modelo de atención.",
  },
];

const PLAN_CHANGE = {
  component: "DEADLINE",
  description:
    "Se reprograma el taller «Uso del nuevo modelo de atención» de septiembre a octubre, para coincidir con la puesta en marcha del tótem de atención usuaria.",
  justification:
    "La contratación de la empresa externa del tótem se adjudicó con retraso; capacitar antes de contar con la herramienta restaría efectividad al taller.",
  approvedAt: "2026-06-15",
  actaReference: "Acta N° 4/2026 del Comité de Calidad del Servicio y Experiencia Usuaria",
};

const PLAN_FACTOR = {
  kind: "DIFFICULTY" as const,
  description: "Retraso en la habilitación del espacio físico y en la dotación de personal de la Oficina OIRS.",
  internalFactors:
    "Proceso de reclutamiento más largo de lo previsto y reasignación de funciones pendiente de resolución de la Dirección Ejecutiva.",
  externalFactors: "Demora en la entrega de mobiliario por parte del proveedor adjudicado en Mercado Público.",
  affectedComponents: "Actividad 2 (Implementación de la Oficina OIRS); indicador OFICINA_OIRS",
};

const RECIPIENTS: Array<{ name: string; cargo: string; area: string; category: RecipientCategory; email: string }> = [
  { name: "Patricio Henríquez Vega", cargo: "Director Ejecutivo", area: "Dirección Ejecutiva", category: "DIRECTIVO", email: "p.henriquez@example.cl" },
  { name: "Claudia Rojas Bugueño", cargo: "Jefa Unidad de Planificación y Control de Gestión", area: "Unidad de Planificación y Control de Gestión", category: "PLANTA", email: "c.rojas@example.cl" },
  { name: "Andrés Cisternas Molina", cargo: "Profesional de Comunicaciones", area: "Departamento de Comunicaciones", category: "CONTRATA", email: "a.cisternas@example.cl" },
  { name: "Valentina Gallardo Ávalos", cargo: "Analista de Sistemas", area: "Departamento de Tecnologías de la Información", category: "HONORARIOS", email: "v.gallardo@example.cl" },
  { name: "Luis Barraza Contreras", cargo: "Asistente de la Educación, Oficina Andacollo", area: "Oficina OIRS", category: "CODIGO_DEL_TRABAJO", email: "l.barraza@example.cl" },
  { name: "Gloria Zepeda Carvajal", cargo: "Presidenta del Consejo de la Sociedad Civil", area: "", category: "COSOC", email: "g.zepeda@example.cl" },
  { name: "Sebastián Olivares Ramírez", cargo: "Encargado de Capacitación", area: "Departamento de Gestión de Personas", category: "PLANTA", email: "s.olivares@example.cl" },
];

// The survey model is the domain's (app/domain/surveys/questions.ts): the seed writes what it validates.

const SURVEY_TITLE: Localized = { es: "Encuesta de satisfacción usuaria", en: "User satisfaction survey" };

const SURVEY_QUESTIONS: SurveyQuestion[] = [
  {
    key: "overall",
    type: "scale",
    main: true,
    required: true,
    label: { es: "¿Qué tan satisfecho/a está con la atención recibida?", en: "How satisfied are you with the service you received?" },
    min: 1,
    max: 7,
    endLabels: { es: ["Muy insatisfecho/a", "Muy satisfecho/a"], en: ["Very dissatisfied", "Very satisfied"] },
  },
  {
    key: "resolved",
    type: "yes_partly_no",
    required: false,
    label: { es: "¿Se resolvió su requerimiento?", en: "Was your request resolved?" },
    options: [
      { value: "yes", label: { es: "Sí", en: "Yes" } },
      { value: "partly", label: { es: "Parcialmente", en: "Partly" } },
      { value: "no", label: { es: "No", en: "No" } },
    ],
  },
  {
    key: "effort",
    type: "scale",
    required: false,
    label: { es: "¿Qué tan fácil fue realizar su trámite o gestión?", en: "How easy was it to complete your request?" },
    min: 1,
    max: 7,
    endLabels: { es: ["Muy difícil", "Muy fácil"], en: ["Very difficult", "Very easy"] },
  },
  {
    key: "time",
    type: "scale",
    required: false,
    label: { es: "¿Cómo evalúa el tiempo que tomó la atención?", en: "How would you rate the time it took to be served?" },
    min: 1,
    max: 7,
    endLabels: { es: ["Muy malo", "Muy bueno"], en: ["Very poor", "Very good"] },
  },
  {
    key: "treatment",
    type: "scale",
    required: false,
    label: { es: "¿Cómo evalúa el trato recibido por el personal?", en: "How would you rate the way staff treated you?" },
    min: 1,
    max: 7,
    endLabels: { es: ["Muy malo", "Muy bueno"], en: ["Very poor", "Very good"] },
  },
  {
    key: "clarity",
    type: "scale",
    required: false,
    label: { es: "¿Qué tan clara fue la información entregada?", en: "How clear was the information you were given?" },
    min: 1,
    max: 7,
    endLabels: { es: ["Nada clara", "Muy clara"], en: ["Not clear at all", "Very clear"] },
  },
  {
    key: "comment",
    type: "text",
    required: false,
    label: { es: "¿Desea agregar algún comentario o sugerencia?", en: "Would you like to add a comment or suggestion?" },
    maxLength: 1000,
  },
];

const SECOND_POSTER_CODE = "ANDACOLLO-2026";

const KIOSK = { name: "Tótem Oficina Central", mode: "BOTH" as const, idleTimeoutSeconds: 45, languages: ["es", "en"] };

const API_TOKEN = {
  name: "Token de demostración",
  scopes: ["cases:read", "cases:write", "cases:manage", "indicators:read", "surveys:write"],
};

const REPLY_TEMPLATES: Array<{ name: string; kind: CaseKind; body: string }> = [
  {
    name: "Respuesta a reclamo",
    kind: "RECLAMO",
    body: [
      "Estimado/a {{nombre}}:",
      "Junto con saludar, y en relación con su reclamo folio {{folio}}, ingresado con fecha {{fecha_recepcion}}, informamos a usted lo siguiente:",
      "[Describa las gestiones realizadas y la solución adoptada.]",
      "Agradecemos que nos haya dado a conocer su situación, ya que nos permite mejorar la calidad de nuestro servicio. Si no está conforme con esta respuesta, puede responder este mensaje indicando el folio {{folio}}.",
      "Atentamente,\nOficina OIRS\nServicio Local de Educación Pública Bahía Serena",
    ].join("\n\n"),
  },
  {
    name: "Reclamo: solicitud de antecedentes",
    kind: "RECLAMO",
    body: [
      "Estimado/a {{nombre}}:",
      "Para continuar con la tramitación de su reclamo folio {{folio}}, ingresado con fecha {{fecha_recepcion}}, necesitamos que nos envíe los siguientes antecedentes:",
      "[Indique los antecedentes requeridos.]",
      "El plazo de respuesta se suspende mientras no recibamos esta información.",
      "Atentamente,\nOficina OIRS\nServicio Local de Educación Pública Bahía Serena",
    ].join("\n\n"),
  },
  {
    name: "Respuesta a consulta",
    kind: "CONSULTA",
    body: [
      "Estimado/a {{nombre}}:",
      "En respuesta a su consulta folio {{folio}}, recibida con fecha {{fecha_recepcion}}, le informamos:",
      "[Escriba la respuesta.]",
      "Quedamos a su disposición para cualquier otra consulta.",
      "Atentamente,\nOficina OIRS\nServicio Local de Educación Pública Bahía Serena",
    ].join("\n\n"),
  },
];

const ROUTING_RULES: Array<{ name: string; priority: number; kind?: CaseKind; keywords: string[]; area: AreaCode }> = [
  { name: "Transporte escolar", priority: 10, keywords: ["transporte", "furgón", "bus"], area: "DIRECCION" },
  { name: "Remuneraciones y licencias", priority: 20, keywords: ["sueldo", "remuneración", "licencia"], area: "PERSONAS" },
  { name: "Felicitaciones", priority: 30, kind: "FELICITACION", keywords: [], area: "COMUNICACIONES" },
];

// Holidays added by the institution (national ones come from date-holidays).
const HOLIDAYS: Array<{ date: string; name: string; region: string | null }> = [
  { date: "2026-06-07", name: "Asalto y Toma del Morro de Arica", region: "CL-AP" },
  { date: "2026-10-25", name: "Elecciones (ejemplo de feriado electoral)", region: null },
];

// The demo's API token (every scope), published in the README so the API can be tried at once.
// Demo data only: the seed never runs with NODE_ENV=production.
export const DEMO_API_TOKEN = "oirs_demo_2026_0123456789abcdef0123456789abcdef";

// Serialises concurrent seedIfEmpty calls (arbitrary constant key).
const SEED_LOCK_KEY = 73_012_026;

// ---------------------------------------------------------------------------------------------
// Code
// ---------------------------------------------------------------------------------------------

export type SeedOptions = { password: string; apiToken?: string; posterCode?: string; kioskCode?: string; now?: Date };

export type SeedSummary = {
  institutionId: string;
  users: Array<{ email: string; role: Role }>;
  password: string;
  apiToken: string;
  posterCodes: string[];
  kioskCode: string;
};

type Tx = Prisma.TransactionClient;
type Prepared = { options: SeedOptions; now: Date; passwordHashes: string[]; apiToken: string; posterCode: string; kioskCode: string };

const TX_OPTIONS = { timeout: 60_000 };

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function day(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

/** Last day of a month of PLAN_YEAR, as a @db.Date value. */
function endOfMonth(month: number): Date {
  return new Date(Date.UTC(PLAN_YEAR, month, 0));
}

/** Months since January PLAN_YEAR (1 = January), in Chilean time. */
function planMonthOf(now: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: "America/Santiago", year: "numeric", month: "numeric" }).formatToParts(now);
  const year = Number(parts.find((p) => p.type === "year")?.value);
  const month = Number(parts.find((p) => p.type === "month")?.value);
  return (year - PLAN_YEAR) * 12 + month;
}

function scheduleStatus(title: string, months: number[], current: number): { status: ScheduleStatus; statusDate: Date | null } {
  if (months.length === 0 || title === LATE_SCHEDULE_ITEM) return { status: "PLANNED", statusDate: null };
  const first = Math.min(...months);
  const last = Math.max(...months);
  if (last < current) return { status: "DONE", statusDate: endOfMonth(last) };
  if (first <= current) return { status: "IN_PROGRESS", statusDate: null };
  return { status: "PLANNED", statusDate: null };
}

async function prepare(options: SeedOptions): Promise<Prepared> {
  const passwordHashes = await Promise.all(USERS.map(() => hashPassword(options.password)));
  return {
    options,
    now: options.now ?? new Date(),
    passwordHashes,
    apiToken: options.apiToken ?? DEMO_API_TOKEN,
    posterCode: options.posterCode ?? "CENTRAL-2026",
    kioskCode: options.kioskCode ?? "KIOSCO-DEMO",
  };
}

async function createDemo(tx: Tx, p: Prepared): Promise<SeedSummary> {
  const institution = await tx.institution.create({ data: { ...INSTITUTION } });
  const institutionId = institution.id;

  const offices = new Map<string, string>();
  for (const office of OFFICES) {
    const row = await tx.office.create({ data: { institutionId, ...office } });
    offices.set(office.code, row.id);
  }
  const officeId = (code: string) => offices.get(code)!;

  const areas = new Map<string, string>();
  for (const area of AREAS) {
    const row = await tx.area.create({ data: { institutionId, ...area } });
    areas.set(area.code, row.id);
  }
  const areaId = (code: string) => areas.get(code)!;

  const tramites = new Map<string, string>();
  for (const t of TRAMITES) {
    const row = await tx.tramite.create({
      data: { institutionId, code: t.code, name: t.name, description: t.description, defaultAreaId: areaId(t.area) },
    });
    tramites.set(t.code, row.id);
  }

  const users = new Map<string, string>();
  for (const [i, u] of USERS.entries()) {
    const row = await tx.user.create({
      data: {
        institutionId,
        email: u.email,
        name: u.name,
        role: u.role,
        passwordHash: p.passwordHashes[i]!,
        areaId: u.area ? areaId(u.area) : null,
        officeId: officeId(u.office),
      },
    });
    users.set(u.role, row.id);
    if (u.headOfArea && u.area) await tx.area.update({ where: { id: areaId(u.area) }, data: { headId: row.id } });
  }

  // Plan, activities and schedule.
  const plan = await tx.plan.create({ data: { institutionId, year: PLAN_YEAR, ...PLAN } });
  const current = planMonthOf(p.now);
  const activities = new Map<number, string>();
  for (const a of ACTIVITIES) {
    const { schedule, responsibleArea, ...fields } = a;
    const items = schedule.map((item, index) => ({ position: index + 1, ...item, ...scheduleStatus(item.title, item.months, current) }));
    const lastMonth = Math.max(...schedule.flatMap((s) => s.months));
    // Executed once every dated item is done.
    const dated = items.filter((item) => item.months.length > 0);
    const executed = dated.length > 0 && dated.every((item) => item.status === "DONE");
    const row = await tx.planActivity.create({
      data: {
        planId: plan.id,
        ...fields,
        responsibleAreaId: areaId(responsibleArea),
        deadline: endOfMonth(lastMonth),
        executedAt: executed ? endOfMonth(lastMonth) : null,
        schedule: { create: items },
      },
    });
    activities.set(a.number, row.id);
  }

  const indicators = new Map<string, string>();
  for (const [index, ind] of INDICATORS.entries()) {
    const { activityNumber, ...fields } = ind;
    const row = await tx.indicator.create({
      data: {
        planId: plan.id,
        ...fields,
        liveMetric: ind.liveMetric ?? null,
        activityId: activityNumber ? activities.get(activityNumber)! : null,
        position: index + 1,
      },
    });
    indicators.set(ind.code, row.id);
  }

  const committeeId = users.get("COMMITTEE")!;
  for (const m of MEASUREMENTS) {
    const { indicator, periodStart, periodEnd, ...fields } = m;
    await tx.indicatorMeasurement.create({
      data: {
        indicatorId: indicators.get(indicator)!,
        periodStart: day(periodStart),
        periodEnd: day(periodEnd),
        ...fields,
        enteredById: committeeId,
        enteredAt: day(periodEnd),
      },
    });
  }

  await tx.planChange.create({ data: { planId: plan.id, ...PLAN_CHANGE, approvedAt: day(PLAN_CHANGE.approvedAt) } });
  await tx.planFactor.create({ data: { planId: plan.id, ...PLAN_FACTOR } });
  await tx.disseminationRecipient.createMany({ data: RECIPIENTS.map((r) => ({ planId: plan.id, ...r })) });

  // Survey template, posters, kiosk.
  const template = await tx.surveyTemplate.create({
    data: {
      institutionId,
      key: "default",
      version: 1,
      isDefault: true,
      title: SURVEY_TITLE,
      questions: SURVEY_QUESTIONS as unknown as Prisma.InputJsonValue,
    },
  });
  const posterCodes = [p.posterCode, SECOND_POSTER_CODE];
  for (const [index, office] of OFFICES.entries()) {
    await tx.surveyPoster.create({
      data: { institutionId, code: posterCodes[index]!, officeId: officeId(office.code), channel: "PRESENCIAL", templateId: template.id },
    });
  }
  await tx.kiosk.create({
    data: {
      institutionId,
      officeId: officeId(OFFICES[0].code),
      ...KIOSK,
      enrolmentCodeHash: sha256(p.kioskCode),
      enrolmentExpiresAt: new Date(p.now.getTime() + 365 * 24 * 60 * 60 * 1000),
    },
  });

  await tx.apiToken.create({
    data: {
      institutionId,
      ...API_TOKEN,
      prefix: p.apiToken.slice(0, 12),
      tokenHash: sha256(p.apiToken),
      createdById: users.get("ADMIN")!,
    },
  });

  await tx.replyTemplate.createMany({ data: REPLY_TEMPLATES.map((t) => ({ institutionId, locale: "es", ...t })) });

  for (const rule of ROUTING_RULES) {
    await tx.routingRule.create({
      data: { institutionId, name: rule.name, priority: rule.priority, kind: rule.kind ?? null, keywords: rule.keywords, areaId: areaId(rule.area) },
    });
  }

  await tx.holiday.createMany({ data: HOLIDAYS.map((h) => ({ institutionId, name: h.name, region: h.region, date: day(h.date) })) });

  return {
    institutionId,
    users: USERS.map((u) => ({ email: u.email, role: u.role })),
    password: p.options.password,
    apiToken: p.apiToken,
    posterCodes,
    kioskCode: p.kioskCode,
  };
}

/** Creates the demo institution unconditionally, in one transaction. */
export async function seedDemo(prisma: PrismaClient, options: SeedOptions): Promise<SeedSummary> {
  const prepared = await prepare(options);
  return prisma.$transaction(async (tx) => createDemo(tx, prepared), TX_OPTIONS);
}

/** Seeds the demo only when the database has no institution; safe to call from several processes at once. */
export async function seedIfEmpty(prisma: PrismaClient, options: SeedOptions): Promise<SeedSummary | null> {
  if ((await prisma.institution.count()) > 0) return null;
  const prepared = await prepare(options);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    if ((await tx.institution.count()) > 0) return null;
    return createDemo(tx, prepared);
  }, TX_OPTIONS);
}
