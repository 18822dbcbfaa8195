// The totem's screens (/kiosco): rate the service in at most three taps, or file a request; a
// receipt with folio and QR; thanks. Runs on the device's own settings (kiosk/device.ts), sends
// through kiosk/client.ts (queued offline when the server is unreachable), and after the idle
// timeout — or once finished — goes back to the first screen with every field, answer, setting and
// receipt forgotten (the React tree is remounted, web storage other than the device binding is
// cleared). The offline queue is kept, encrypted. "Tengo un código de atención": a counter code an
// officer gave (case page, "rate this attention") is checked with the server and sent with the
// rating, so it is linked to that case and official; it lives only in this session's state.
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { checkKioskRequest, KIOSK_CASE_KINDS, KIOSK_DESCRIPTION_MAX, kioskKindNeedsEmail, type KioskCaseKind, type KioskConfig, type KioskQuestion, type KioskRequestErrors } from "~/domain/kiosk/totem";
import { normalizeCounterCode } from "~/domain/surveys/counter-code";
import { KioskClient, type CodeCheck, type SendOutcome } from "../../../kiosk/client";
import { clearPersonalStorage, loadDevice, saveConfig, type Device } from "../../../kiosk/device";

const FACES = ["😠", "🙁", "😕", "😐", "🙂", "😊", "😄"];
const THANKS_MS = 5000;
type Lang = "es" | "en";

type Phase = { kind: "loading" } | { kind: "unenrolled" } | { kind: "disabled" } | { kind: "ready"; device: Device & { config: KioskConfig } };

export function KioskApp() {
  const { i18n: root } = useTranslation();
  // Its own i18next instance: switching the totem's language must not touch the site's.
  const i18n = useMemo(() => root.cloneInstance({ lng: "es" }), [root]);
  return (
    <I18nextProvider i18n={i18n}>
      <KioskShell />
    </I18nextProvider>
  );
}

function KioskShell() {
  const { t, i18n } = useTranslation("kiosk");
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [session, setSession] = useState(0);
  const [large, setLarge] = useState(false);
  const [contrast, setContrast] = useState(false);
  const [online, setOnline] = useState(true);
  const [pending, setPending] = useState(0);
  const clientRef = useRef<KioskClient | null>(null);
  const flushRef = useRef<(() => void) | null>(null);
  const config = phase.kind === "ready" ? phase.device.config : null;
  const firstLanguage: Lang = config?.languages[0] ?? "es";
  const lang = (i18n.language === "en" ? "en" : "es") as Lang;

  // Bind to the device, start sending and reporting, register the offline shell.
  useEffect(() => {
    const device = loadDevice();
    if (!device) {
      setPhase({ kind: "unenrolled" });
      return;
    }
    if (device.config) setPhase({ kind: "ready", device: { ...device, config: device.config } });
    void i18n.changeLanguage(device.config?.languages[0] ?? "es");
    const client = new KioskClient(device.credential, {
      onRefused: () => setPhase({ kind: "disabled" }),
      onQueueLength: setPending,
      onConfig: (next) => {
        saveConfig(next);
        setPhase((p) => (p.kind === "disabled" ? p : { kind: "ready", device: { credential: device.credential, config: next } }));
      },
    });
    clientRef.current = client;
    client.start();
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/kiosco/sw.js", { scope: "/kiosco" }).catch(() => undefined);
    setOnline(navigator.onLine);
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener("online", on);
    window.addEventListener("offline", off);
    return () => {
      client.stop();
      window.removeEventListener("online", on);
      window.removeEventListener("offline", off);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang === "es" ? "es-CL" : "en";
  }, [lang]);

  // Back to the first screen, forgetting everything the person did.
  const resetRef = useRef<() => void>(() => undefined);
  resetRef.current = () => {
    flushRef.current?.();
    flushRef.current = null;
    setSession((s) => s + 1);
    setLarge(false);
    setContrast(false);
    void i18n.changeLanguage(firstLanguage);
    clearPersonalStorage();
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    window.getSelection()?.removeAllRanges();
    window.history.replaceState(null, "", "/kiosco");
  };

  // The idle timeout: any touch, key or input restarts it.
  const idleSeconds = config?.idleTimeoutSeconds ?? 45;
  useEffect(() => {
    if (phase.kind !== "ready") return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        resetRef.current();
      }, idleSeconds * 1000);
    };
    const events = ["pointerdown", "keydown", "input", "wheel"] as const;
    for (const e of events) document.addEventListener(e, arm, { capture: true, passive: true });
    return () => {
      if (timer) clearTimeout(timer);
      for (const e of events) document.removeEventListener(e, arm, { capture: true });
    };
  }, [phase.kind, idleSeconds]);

  const classes = ["kiosk", large ? "kiosk--large" : "", contrast ? "kiosk--contrast" : ""].filter(Boolean).join(" ");

  let content: ReactNode;
  if (phase.kind === "loading") content = <Message title={t("screen.loading")} />;
  else if (phase.kind === "unenrolled")
    content = (
      <Message title={t("screen.notEnrolledTitle")} body={t("screen.notEnrolledBody")}>
        <a className="k-button" href="/kiosco/activar">
          {t("screen.activateLink")}
        </a>
      </Message>
    );
  else if (phase.kind === "disabled") content = <Message title={t("screen.disabledTitle")} body={t("screen.disabledBody")} />;
  else
    content = (
      <Session
        key={session}
        config={phase.device.config}
        lang={lang}
        client={clientRef.current!}
        setFlush={(fn) => (flushRef.current = fn)}
        onDone={() => resetRef.current()}
      />
    );

  return (
    <div className={classes} lang={lang === "es" ? "es-CL" : "en"}>
      <div className="kiosk-bar k-no-print">
        <p className="kiosk-bar-title">{config ? config.officeName : "OIRS"}</p>
        {phase.kind === "ready" ? (
          <fieldset className="kiosk-settings">
            <legend>{t("home.settings")}</legend>
            {config!.languages.length > 1
              ? config!.languages.map((l) => (
                  <button key={l} type="button" lang={l === "es" ? "es-CL" : "en"} aria-pressed={lang === l} onClick={() => void i18n.changeLanguage(l)}>
                    {l === "es" ? "Español" : "English"}
                  </button>
                ))
              : null}
            <button type="button" aria-pressed={large} onClick={() => setLarge((v) => !v)}>
              {t("home.largeText")}
            </button>
            <button type="button" aria-pressed={contrast} onClick={() => setContrast((v) => !v)}>
              {t("home.contrast")}
            </button>
          </fieldset>
        ) : null}
      </div>
      <div className="kiosk-body">
        <div role="status" className={!online || pending > 0 ? "k-status k-no-print" : "visually-hidden"}>
          {!online ? <p>{t("screen.offline")}</p> : null}
          {pending > 0 ? <p className="k-hint">{t("screen.pending", { count: pending })}</p> : null}
        </div>
        {content}
      </div>
    </div>
  );
}

function useFocusHeading<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

function Message(props: { title: string; body?: string; children?: ReactNode }) {
  const heading = useFocusHeading<HTMLHeadingElement>();
  return (
    <section className="k-center">
      <h1 ref={heading} tabIndex={-1}>
        {props.title}
      </h1>
      {props.body ? <p>{props.body}</p> : null}
      {props.children ? <div className="k-row">{props.children}</div> : null}
    </section>
  );
}

type Screen =
  | { kind: "home" }
  | { kind: "code" }
  | { kind: "followUp"; index: number }
  | { kind: "thanks" }
  | { kind: "request" }
  | { kind: "receipt"; receipt: Receipt }
  | { kind: "queuedRequest"; provisional: string | null };

type Receipt = { folio: string; accessCode: string; trackingUrl: string; dueAt: string; emailed: boolean; qrSvg: string };

function Session(props: { config: KioskConfig; lang: Lang; client: KioskClient; setFlush: (fn: (() => void) | null) => void; onDone: () => void }) {
  const { config, lang, client } = props;
  const survey = config.mode !== "REQUEST" ? config.survey : null;
  const canRequest = config.mode !== "SURVEY";
  const [screen, setScreen] = useState<Screen>(() => (survey || !canRequest ? { kind: "home" } : { kind: "request" }));
  const [busy, setBusy] = useState(false);
  const answers = useRef<Record<string, unknown>>({});
  const sent = useRef(false);
  // The accepted counter code ("K7M-29Q"), forgotten with the rest when the session ends.
  const [counterCode, setCounterCode] = useState<string | null>(null);
  const counterRef = useRef<string | null>(null);

  const sendRating = async () => {
    if (sent.current || answers.current[survey!.main.key] === undefined) return;
    sent.current = true;
    props.setFlush(null);
    const body = { answers: { ...answers.current }, locale: lang };
    const code = counterRef.current;
    const outcome = await client.send("rating", code ? { ...body, counterCode: code } : body);
    // The code was used or expired in the meantime: the rating still counts, anonymously.
    if (code && outcome.kind === "invalid") await client.send("rating", body);
  };

  const answer = async (key: string, value: unknown, nextIndex: number) => {
    if (busy) return;
    answers.current[key] = value;
    // Walked away after the first answer? The idle reset still records what was answered.
    props.setFlush(() => void sendRating());
    if (survey && nextIndex < survey.followUps.length) {
      setScreen({ kind: "followUp", index: nextIndex });
      return;
    }
    await finishRating();
  };

  const finishRating = async () => {
    setBusy(true);
    await sendRating();
    setBusy(false);
    setScreen({ kind: "thanks" });
  };

  // Thanks: back to the start after a few seconds.
  useEffect(() => {
    if (screen.kind !== "thanks") return;
    const timer = setTimeout(props.onDone, THANKS_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [screen.kind]);

  switch (screen.kind) {
    case "home":
      return (
        <>
          {survey && counterCode ? <CodeAccepted code={counterCode} /> : null}
          {survey ? <QuestionScreen question={survey.main} lang={lang} busy={busy} onAnswer={(v) => void answer(survey.main.key, v, 0)} main /> : <Message title={props.config.name} />}
          {survey && !counterCode ? <CodeInvite onStart={() => setScreen({ kind: "code" })} /> : null}
          {canRequest ? <RequestInvite onStart={() => setScreen({ kind: "request" })} /> : null}
        </>
      );
    case "code":
      return (
        <CodeScreen
          client={client}
          onBack={() => setScreen({ kind: "home" })}
          onAccepted={(code) => {
            counterRef.current = code;
            setCounterCode(code);
            setScreen({ kind: "home" });
          }}
        />
      );
    case "followUp": {
      const q = survey!.followUps[screen.index]!;
      return (
        <QuestionScreen
          key={q.key}
          question={q}
          lang={lang}
          busy={busy}
          step={{ n: screen.index + 2, total: survey!.followUps.length + 1 }}
          onAnswer={(v) => void answer(q.key, v, screen.index + 1)}
          onFinish={() => void finishRating()}
        />
      );
    }
    case "thanks":
      return <Thanks onBack={props.onDone} />;
    case "request":
      return (
        <RequestScreen
          lang={lang}
          client={client}
          onBack={survey ? () => setScreen({ kind: "home" }) : null}
          onReceipt={(receipt) => setScreen({ kind: "receipt", receipt })}
          onQueued={(provisional) => setScreen({ kind: "queuedRequest", provisional })}
        />
      );
    case "receipt":
      return <ReceiptScreen receipt={screen.receipt} onDone={props.onDone} />;
    case "queuedRequest":
      return <QueuedRequestScreen provisional={screen.provisional} onDone={props.onDone} />;
  }
}

function QuestionScreen(props: {
  question: KioskQuestion;
  lang: Lang;
  busy: boolean;
  main?: boolean;
  step?: { n: number; total: number };
  onAnswer: (value: unknown) => void;
  onFinish?: () => void;
}) {
  const { t } = useTranslation("kiosk");
  const { question: q, lang } = props;
  const heading = useFocusHeading<HTMLHeadingElement>();
  const headingId = `q-${q.key}`;
  const HeadingTag = props.main ? "h1" : "h2";
  return (
    <section className="k-question">
      {props.step ? <p className="k-center k-hint">{t("rating.step", props.step)}</p> : null}
      <HeadingTag id={headingId} ref={heading} tabIndex={-1}>
        {q.label[lang]}
      </HeadingTag>
      {q.type === "scale" ? (
        <>
          {props.main ? <p className="k-center k-hint">{t("home.rateHint")}</p> : null}
          <div className="k-scale" role="group" aria-labelledby={headingId}>
            {[1, 2, 3, 4, 5, 6, 7].map((n) => (
              <button key={n} type="button" className="k-score" disabled={props.busy} onClick={() => props.onAnswer(n)}>
                <span className="k-score-face" aria-hidden="true">
                  {FACES[n - 1]}
                </span>
                <span className="k-score-number">{n}</span>
                <span className="k-score-word">{t(`faces.${n}`)}</span>
              </button>
            ))}
          </div>
          {q.endLabels ? (
            <p className="k-scale-ends" aria-hidden="true">
              <span>1 = {q.endLabels[lang][0]}</span>
              <span>7 = {q.endLabels[lang][1]}</span>
            </p>
          ) : null}
        </>
      ) : (
        <div className="k-options" role="group" aria-labelledby={headingId}>
          {(q.options ?? []).map((o) => (
            <button key={o.value} type="button" className="k-option" disabled={props.busy} onClick={() => props.onAnswer(o.value)}>
              {o.label[lang]}
            </button>
          ))}
        </div>
      )}
      {props.onFinish ? (
        <div className="k-row">
          <button type="button" className="k-big" disabled={props.busy} onClick={props.onFinish}>
            {t("rating.finish")}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function CodeInvite({ onStart }: { onStart: () => void }) {
  const { t } = useTranslation("kiosk");
  return (
    <section className="k-center k-code-invite">
      <p className="k-hint">{t("code.openHint")}</p>
      <div className="k-row">
        <button type="button" className="k-big" onClick={onStart}>
          <span aria-hidden="true">🔢</span> {t("code.open")}
        </button>
      </div>
    </section>
  );
}

function CodeAccepted({ code }: { code: string }) {
  const { t } = useTranslation("kiosk");
  return (
    <p className="k-notice k-center" role="status" data-testid="kiosk-code-accepted">
      {t("code.accepted", { code })}
    </p>
  );
}

const CODE_ERRORS: Record<Extract<CodeCheck, { kind: "error" }>["reason"] | "empty", string> = {
  empty: "code.errors.empty",
  format: "code.errors.format",
  notFound: "code.errors.notFound",
  used: "code.errors.used",
  expired: "code.errors.expired",
  rateLimited: "code.errors.rateLimited",
  server: "code.errors.server",
};

/** The counter code: typed on the on-screen keyboard, checked with the server (no network: rate without it). */
function CodeScreen(props: { client: KioskClient; onBack: () => void; onAccepted: (code: string) => void }) {
  const { t } = useTranslation("kiosk");
  const heading = useFocusHeading<HTMLHeadingElement>();
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setOffline(false);
    if (!value.trim()) {
      setError(CODE_ERRORS.empty);
      inputRef.current?.focus();
      return;
    }
    const code = normalizeCounterCode(value);
    if (!code) {
      setError(CODE_ERRORS.format);
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    const check = await props.client.checkCounterCode(code);
    setBusy(false);
    if (check.kind === "ok") props.onAccepted(check.code);
    else if (check.kind === "offline") {
      setError(null);
      setOffline(true);
    } else if (check.kind === "error") {
      setError(CODE_ERRORS[check.reason]);
      inputRef.current?.focus();
    }
  };

  if (offline) {
    return (
      <section className="k-center" data-testid="kiosk-code-offline">
        <h1 ref={heading} tabIndex={-1}>
          {t("code.offlineTitle")}
        </h1>
        <p role="alert">{t("code.offline")}</p>
        <div className="k-row">
          <button type="button" className="k-big k-primary" onClick={props.onBack}>
            {t("code.rateWithout")}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        {t("code.title")}
      </h1>
      <p className="k-center">{t("code.intro")}</p>
      <form className="k-form k-code-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className={`k-field${error ? " k-has-error" : ""}`}>
          <label htmlFor="k-counter-code">{t("code.label")}</label>
          <span className="k-hint" id="k-counter-code-hint">
            {t("code.hint")}
          </span>
          {error ? (
            <span id="k-counter-code-error" className="k-error" role="alert">
              {t(error)}
            </span>
          ) : null}
          <input
            ref={inputRef}
            id="k-counter-code"
            name="counterCode"
            type="text"
            className="k-code-input"
            inputMode="text"
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="characters"
            spellCheck={false}
            enterKeyHint="go"
            maxLength={12}
            value={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={["k-counter-code-hint", error ? "k-counter-code-error" : null].filter(Boolean).join(" ")}
            onChange={(e) => setValue(e.target.value.toUpperCase())}
          />
        </div>
        <div className="k-row">
          <button type="button" className="k-big" onClick={props.onBack}>
            {t("code.back")}
          </button>
          <button type="submit" className="k-big k-primary" disabled={busy}>
            {busy ? t("code.checking") : t("code.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}

function RequestInvite({ onStart }: { onStart: () => void }) {
  const { t } = useTranslation("kiosk");
  return (
    <section className="k-center">
      <p>{t("home.or")}</p>
      <div className="k-row">
        <button type="button" className="k-big k-primary" onClick={onStart}>
          {t("home.request")}
        </button>
      </div>
    </section>
  );
}

function Thanks({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation("kiosk");
  const heading = useFocusHeading<HTMLHeadingElement>();
  return (
    <section className="k-center">
      <p className="k-thanks" aria-hidden="true">
        😊
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t("thanks.title")}
      </h1>
      <p>{t("thanks.body")}</p>
      <div className="k-row">
        <button type="button" className="k-big" onClick={onBack}>
          {t("thanks.back")}
        </button>
      </div>
    </section>
  );
}

function provisionalNumber(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  return `K-${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("")}`;
}

function RequestScreen(props: { lang: Lang; client: KioskClient; onBack: (() => void) | null; onReceipt: (r: Receipt) => void; onQueued: (provisional: string | null) => void }) {
  const { t } = useTranslation("kiosk");
  const heading = useFocusHeading<HTMLHeadingElement>();
  const summaryRef = useRef<HTMLDivElement>(null);
  const [kind, setKind] = useState<KioskCaseKind | "">("");
  const [description, setDescription] = useState("");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  // The site's address for the privacy notice, known once in the browser (no hydration mismatch).
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const [errors, setErrors] = useState<KioskRequestErrors>({});
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const body = { kind: kind || undefined, description: description.trim(), name: name.trim() || undefined, email: email.trim() || undefined, locale: props.lang };
    const found = checkKioskRequest(body as Parameters<typeof checkKioskRequest>[0]);
    setErrors(found);
    setFailed(false);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    const provisional = body.email ? null : provisionalNumber();
    const outcome: SendOutcome = await props.client.send("request", body, provisional ? { ...body, provisional } : body);
    setBusy(false);
    if (outcome.kind === "sent") props.onReceipt(outcome.body as Receipt);
    else if (outcome.kind === "queued") props.onQueued(provisional);
    else if (outcome.kind === "invalid") {
      const fields = ((outcome.body as { fields?: KioskRequestErrors } | null)?.fields ?? {}) as KioskRequestErrors;
      setErrors(fields);
      setFailed(Object.keys(fields).length === 0);
      requestAnimationFrame(() => summaryRef.current?.focus());
    }
  };

  const needsEmail = kind !== "" && kioskKindNeedsEmail(kind);
  const errorList = (Object.entries(errors) as Array<[keyof KioskRequestErrors, string]>).filter(([, v]) => v);
  const fieldId = { kind: "k-kind-RECLAMO", description: "k-description", name: "k-name", email: "k-email" } as const;
  const describe = (field: keyof KioskRequestErrors, hint?: string) => [hint, errors[field] ? `${field}-error` : null].filter(Boolean).join(" ") || undefined;

  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        {t("request.title")}
      </h1>
      <p className="k-center">{t("request.intro")}</p>
      <form className="k-form" onSubmit={(e) => void submit(e)} noValidate>
        {errorList.length > 0 || failed ? (
          <div className="k-error-summary" ref={summaryRef} tabIndex={-1} role="alert">
            <p className="k-error">{t(failed ? "request.errors.server" : "request.errorSummary")}</p>
            {errorList.length > 0 ? (
              <ul>
                {errorList.map(([field, key]) => (
                  <li key={field}>
                    <a href={`#${fieldId[field]}`}>{t(key)}</a>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <fieldset className={`k-kinds${errors.kind ? " k-has-error" : ""}`} aria-describedby={errors.kind ? "kind-error" : undefined}>
          <legend>{t("request.kind")}</legend>
          {errors.kind ? (
            <p id="kind-error" className="k-error">
              {t(errors.kind)}
            </p>
          ) : null}
          {KIOSK_CASE_KINDS.map((k) => (
            <label key={k} className="k-button k-kind" htmlFor={`k-kind-${k}`}>
              <span>
                <input id={`k-kind-${k}`} type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`request.kinds.${k}`)}
              </span>
              <span className="k-kind-hint">{t(`request.kindHints.${k}`)}</span>
            </label>
          ))}
        </fieldset>
        <div className={`k-field${errors.description ? " k-has-error" : ""}`}>
          <label htmlFor="k-description">{t("request.description")}</label>
          <span className="k-hint" id="k-description-hint">
            {t("request.descriptionHint", { max: KIOSK_DESCRIPTION_MAX })}
          </span>
          {errors.description ? (
            <span id="description-error" className="k-error">
              {t(errors.description)}
            </span>
          ) : null}
          <textarea
            id="k-description"
            name="description"
            value={description}
            maxLength={KIOSK_DESCRIPTION_MAX}
            autoComplete="off"
            rows={4}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={describe("description", "k-description-hint")}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <fieldset className="k-form" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="k-legend">{t("request.contact")}</legend>
          <p className="k-hint" id="k-contact-hint">
            {needsEmail ? t("request.contactHintRequired") : t("request.contactHintOptional")}
          </p>
          <div className={`k-field${errors.name ? " k-has-error" : ""}`}>
            <label htmlFor="k-name">{t("request.name")}</label>
            {errors.name ? (
              <span id="name-error" className="k-error">
                {t(errors.name)}
              </span>
            ) : null}
            <input
              id="k-name"
              name="name"
              type="text"
              value={name}
              autoComplete="off"
              autoCapitalize="words"
              enterKeyHint="next"
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={describe("name", "k-contact-hint")}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className={`k-field${errors.email ? " k-has-error" : ""}`}>
            <label htmlFor="k-email">{t("request.email")}</label>
            {errors.email ? (
              <span id="email-error" className="k-error">
                {t(errors.email)}
              </span>
            ) : null}
            <input
              id="k-email"
              name="email"
              type="email"
              inputMode="email"
              value={email}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              enterKeyHint="send"
              aria-invalid={errors.email ? true : undefined}
              aria-describedby={describe("email", "k-contact-hint")}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          {/* Plain text, not a link: a locked totem must not leave /kiosco. */}
          <p className="k-hint">{t("request.privacy", { url: `${origin}/privacidad` })}</p>
        </fieldset>
        <div className="k-row">
          {props.onBack ? (
            <button type="button" className="k-big" onClick={props.onBack}>
              {t("request.back")}
            </button>
          ) : null}
          <button type="submit" className="k-big k-primary" disabled={busy}>
            {busy ? t("request.sending") : t("request.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}

function ReceiptScreen({ receipt, onDone }: { receipt: Receipt; onDone: () => void }) {
  const { t, i18n } = useTranslation("kiosk");
  const heading = useFocusHeading<HTMLHeadingElement>();
  const due = new Intl.DateTimeFormat(i18n.language === "en" ? "en" : "es-CL", { dateStyle: "long", timeZone: "America/Santiago" }).format(new Date(receipt.dueAt));
  return (
    <section className="k-center">
      <div className="k-receipt">
        <h1 ref={heading} tabIndex={-1}>
          {t("receipt.title")}
        </h1>
        <dl>
          <dt>{t("receipt.folio")}</dt>
          <dd>{receipt.folio}</dd>
          <dt>{t("receipt.accessCode")}</dt>
          <dd>{receipt.accessCode}</dd>
          <dt>{t("receipt.dueAt")}</dt>
          <dd>{due}</dd>
        </dl>
        <p>{t("receipt.keep")}</p>
        <p>{t("receipt.qr")}</p>
        <div className="k-qr" role="img" aria-label={t("receipt.qrLabel", { folio: receipt.folio })} dangerouslySetInnerHTML={{ __html: receipt.qrSvg }} />
        {receipt.emailed ? <p>{t("receipt.emailed")}</p> : null}
      </div>
      <div className="k-row k-no-print">
        <button type="button" className="k-big" onClick={() => window.print()}>
          {t("receipt.print")}
        </button>
        <button type="button" className="k-big k-primary" onClick={onDone}>
          {t("receipt.finish")}
        </button>
      </div>
    </section>
  );
}

function QueuedRequestScreen({ provisional, onDone }: { provisional: string | null; onDone: () => void }) {
  const { t } = useTranslation("kiosk");
  const heading = useFocusHeading<HTMLHeadingElement>();
  return (
    <section className="k-center">
      <div className="k-receipt">
        <h1 ref={heading} tabIndex={-1}>
          {t("receipt.queuedTitle")}
        </h1>
        {provisional ? (
          <>
            <p>{t("receipt.queuedNoEmail")}</p>
            <dl>
              <dt>{t("receipt.provisional")}</dt>
              <dd>{provisional}</dd>
            </dl>
            <p className="k-hint">{t("receipt.provisionalHint")}</p>
          </>
        ) : (
          <p>{t("receipt.queuedEmail")}</p>
        )}
      </div>
      <div className="k-row k-no-print">
        <button type="button" className="k-big" onClick={() => window.print()}>
          {t("receipt.print")}
        </button>
        <button type="button" className="k-big k-primary" onClick={onDone}>
          {t("receipt.finish")}
        </button>
      </div>
    </section>
  );
}
