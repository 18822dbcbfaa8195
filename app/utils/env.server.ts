// Environment, parsed once at start-up with a clear message for each bad variable.
import { z } from "zod";

const booleanish = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgresql://")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SESSION_SECRET: z.string().min(16).optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  TRUST_PROXY: booleanish.default("false"),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default("OIRS <no-reply@oirs.example>"),
  MAIL_DIR: z.string().optional(),
  FILES_DIR: z.string().optional(),
  // Outbox worker: pause between runs when there is nothing to send (app/domain/notify).
  OUTBOX_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(2000),
  // Deadline scheduler: pause between scans for deadline alerts and daily digests (app/domain/sla).
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  SEED_PASSWORD: z.string().min(8).optional(),
  SEED_API_TOKEN: z.string().min(16).optional(),
  SEED_POSTER_CODE: z.string().min(4).optional(),
  SEED_KIOSK_CODE: z.string().min(4).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const blankToUndefined = Object.fromEntries(
    Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]),
  );
  const result = EnvSchema.safeParse(blankToUndefined);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = result.data;
  if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
    throw new Error("Invalid environment:\n  SESSION_SECRET: required in production (16+ characters)");
  }
  return env;
}

export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}

export function publicUrl(): string {
  const env = getEnv();
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

/**
 * Cookies are Secure in production. Read at run time (the build inlines process.env.NODE_ENV),
 * so `npm start` on an office network over plain HTTP still lets people sign in.
 */
export function secureCookies(): boolean {
  return getEnv().NODE_ENV === "production";
}
