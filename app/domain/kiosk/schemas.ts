// The admin's kiosk form. The totem's own wire formats and request rules are in ./totem (no zod there:
// they ship to the kiosk's browser, whose first-screen JavaScript has a size budget).
import { z } from "zod";
import { msg } from "~/utils/validation";
import { KIOSK_LANGUAGES, KIOSK_MODES } from "./totem";

export { KIOSK_LANGUAGES, KIOSK_MODES, type KioskModeValue } from "./totem";

export const IDLE_MIN_SECONDS = 5;
export const IDLE_MAX_SECONDS = 600;
export const DEFAULT_IDLE_SECONDS = 45;

/** Registering a kiosk (admin form): name, office, mode, idle timeout, languages. */
export const KioskSchema = z.object({
  name: z.string({ required_error: msg("validation.required") }).trim().min(1, msg("validation.required")).max(80, msg("validation.tooLong", { max: 80 })),
  officeId: z.string({ required_error: msg("validation.required") }).uuid(msg("validation.choice")),
  mode: z.enum(KIOSK_MODES, { errorMap: () => ({ message: msg("validation.choice") }) }),
  idleTimeoutSeconds: z
    .number({ required_error: msg("validation.required"), invalid_type_error: msg("kiosk:admin.idleInvalid", { min: IDLE_MIN_SECONDS, max: IDLE_MAX_SECONDS }) })
    .int(msg("kiosk:admin.idleInvalid", { min: IDLE_MIN_SECONDS, max: IDLE_MAX_SECONDS }))
    .min(IDLE_MIN_SECONDS, msg("kiosk:admin.idleInvalid", { min: IDLE_MIN_SECONDS, max: IDLE_MAX_SECONDS }))
    .max(IDLE_MAX_SECONDS, msg("kiosk:admin.idleInvalid", { min: IDLE_MIN_SECONDS, max: IDLE_MAX_SECONDS })),
  languages: z
    .array(z.enum(KIOSK_LANGUAGES, { errorMap: () => ({ message: msg("validation.choice") }) }), { required_error: msg("kiosk:admin.languagesNeeded") })
    .min(1, msg("kiosk:admin.languagesNeeded")),
});
export type KioskInput = z.output<typeof KioskSchema>;
