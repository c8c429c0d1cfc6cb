// Spanish first (the platform's working language), English as the alternative.
const texts = {
  es: {
    assemblies: "Asambleas", statements: "Declaraciones publicadas", mobilisations: "Convocatorias de movilización",
    movements: "Movimientos miembros", none: "Nada todavía.", loading: "Cargando…", notFound: "No encontrado.",
    attendance: "Asistencia", registered: "Inscriptos", accredited: "Acreditados", checkedIn: "Presentes",
    byCountry: "Por país", sessions: "Sesiones", agenda: "Orden del día", currentSpeaker: "En el uso de la palabra",
    queue: "Lista de oradores", motions: "Mociones", vote: "Votación", openVote: "Votación abierta", results: "Resultados",
    yes: "Sí", no: "No", abstain: "Abstención", youHaveVoted: "Usted ha votado", askFloor: "Pedir la palabra",
    signIn: "Ingresar con el código de la credencial", credentialCode: "Código de credencial", signedInAs: "Delegado/a identificado/a",
    signOut: "Salir", adopted: "Aprobada", rejected: "Rechazada", cast: "emitidos", eligible: "habilitados", quorum: "quórum",
    status: "Estado", signatories: "Firmantes", translations: "Traducciones", stale: "desactualizada", revision: "Revisión",
    endorsements: "Adhesiones", actions: "Acciones", countries: "Países", turnout: "Participación", arrests: "Detenciones",
    injuries: "Heridos", deaths: "Muertes", live: "en vivo", reconnecting: "reconectando", offline: "sin conexión",
    nobody: "Nadie", inQueue: "En la lista", floorRequested: "Palabra pedida", speaking: "hablando",
    open: "abierta", closed: "cerrada", draft: "borrador", published: "publicada", scheduled: "programada", adjourned: "levantada",
    representativeSignIn: "Si representa a un movimiento involucrado, ingrese para verla.", password: "contraseña", signedRevision: "firmó la revisión",
    chainHead: "Cabeza de la cadena de hashes", chainHeadHelp: "Guárdela: si alguien alterara después el texto o las firmas, ya no coincidiría.",
  },
  en: {
    assemblies: "Assemblies", statements: "Published statements", mobilisations: "Mobilisation calls",
    movements: "Member movements", none: "Nothing yet.", loading: "Loading…", notFound: "Not found.",
    attendance: "Attendance", registered: "Registered", accredited: "Accredited", checkedIn: "Present",
    byCountry: "By country", sessions: "Sessions", agenda: "Agenda", currentSpeaker: "Has the floor",
    queue: "Speakers' list", motions: "Motions", vote: "Vote", openVote: "Open vote", results: "Results",
    yes: "Yes", no: "No", abstain: "Abstain", youHaveVoted: "You have voted", askFloor: "Ask for the floor",
    signIn: "Sign in with your badge's credential code", credentialCode: "Credential code", signedInAs: "Signed in delegate",
    signOut: "Sign out", adopted: "Adopted", rejected: "Rejected", cast: "cast", eligible: "eligible", quorum: "quorum",
    status: "Status", signatories: "Signatories", translations: "Translations", stale: "stale", revision: "Revision",
    endorsements: "Endorsements", actions: "Actions", countries: "Countries", turnout: "Turnout", arrests: "Arrests",
    injuries: "Injuries", deaths: "Deaths", live: "live", reconnecting: "reconnecting", offline: "offline",
    nobody: "Nobody", inQueue: "In the list", floorRequested: "Floor requested", speaking: "speaking",
    open: "open", closed: "closed", draft: "draft", published: "published", scheduled: "scheduled", adjourned: "adjourned",
    representativeSignIn: "If you represent a movement involved, sign in to see it.", password: "password", signedRevision: "signed revision",
    chainHead: "Head of the hash chain", chainHeadHelp: "Keep it: if anyone later altered the text or the signatures, it would no longer match.",
  },
};

const stored = localStorage.getItem("alba.lang");
export let lang = stored && texts[stored] ? stored : (navigator.language || "es").startsWith("en") ? "en" : "es";

export function t(key) {
  return texts[lang][key] ?? texts.es[key] ?? key;
}

export function setLang(next) {
  lang = next;
  localStorage.setItem("alba.lang", next);
  document.documentElement.lang = next;
}

export function formatNumber(n) {
  return new Intl.NumberFormat(lang).format(n ?? 0);
}

export function formatTime(iso) {
  return iso ? new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)) : "";
}
