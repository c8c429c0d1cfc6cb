// The app's texts in the platform's four languages: Spanish first (its working language), then
// English, Portuguese (Brazil) and French (Haiti). Each area of the app adds its own dictionary
// with addTexts, so pages own their words; a key missing in one language falls back to Spanish.
export const languages = { es: "Español", en: "English", pt: "Português", fr: "Français" };

const texts = { es: {}, en: {}, pt: {}, fr: {} };

/** Adds an area's texts: { es: {...}, en: {...}, pt: {...}, fr: {...} }. */
export function addTexts(dictionary) {
  for (const code of Object.keys(languages)) Object.assign(texts[code], dictionary[code] ?? {});
}

addTexts({
  es: {
    chainHead: "Cabeza de la cadena de hashes", chainHeadHelp: "Guárdela: si alguien alterara después el texto o las firmas, ya no coincidiría.",
    assemblies: "Asambleas", statements: "Declaraciones publicadas", mobilisations: "Convocatorias de movilización",
    movements: "Movimientos miembros", none: "Nada todavía.", loading: "Cargando…", tellersNav: "Escrutinio", notFound: "No encontrado.",
    attendance: "Asistencia", registered: "Inscriptos", accredited: "Acreditados", checkedIn: "Presentes",
    byCountry: "Por país", sessions: "Sesiones", agenda: "Orden del día", currentSpeaker: "En el uso de la palabra",
    queue: "Lista de oradores", motions: "Mociones", vote: "Votación", openVote: "Votación abierta", results: "Resultados",
    yes: "Sí", no: "No", abstain: "Abstención", youHaveVoted: "Usted ha votado", askFloor: "Pedir la palabra",
    signIn: "Ingresar con el código de la credencial", credentialCode: "Código de credencial", signedInAs: "Delegado/a identificado/a",
    signOut: "Salir", adopted: "Aprobada", rejected: "Rechazada", cast: "emitidos", eligible: "habilitados", quorum: "quórum",
    status: "Estado", signatories: "Firmantes", translations: "Traducciones", stale: "desactualizada", revision: "Revisión",
    endorsements: "Adhesiones", actions: "Acciones", countries: "Países", turnout: "Participación", arrests: "Detenciones",
    injuries: "Heridos", deaths: "Muertes", live: "en vivo", reconnecting: "reconectando", offline: "sin conexión",
    nobody: "Nadie", erasedPerson: "persona borrada", inQueue: "En la lista", floorRequested: "Palabra pedida", speaking: "hablando",
    open: "abierta", closed: "cerrada", draft: "borrador", published: "publicada", scheduled: "programada", adjourned: "levantada",
    representativeSignIn: "Si representa a un movimiento involucrado, ingrese para verla.", password: "Contraseña", signedRevision: "firmó la revisión",
    email: "Correo electrónico", language: "Idioma", signInTitle: "Ingresar", signInButton: "Ingresar",
    signInIntro: "Para organizadores y representantes de movimientos.", sessionExpired: "Su sesión venció. Ingrese de nuevo para continuar; lo que escribió se conserva.",
    signedInAsRole: "Sesión iniciada:", organiser: "organización", representative: "representante", delegate: "delegado/a",
    console: "Consola", myMovement: "Mi movimiento", cancel: "Cancelar", required: "Obligatorio.", networkDown: "Sin conexión con el servidor. Intente de nuevo.",
    waiting: "en espera", skipToContent: "Ir al contenido",
  },
  en: {
    chainHead: "Head of the hash chain", chainHeadHelp: "Keep it: if anyone later altered the text or the signatures, it would no longer match.",
    assemblies: "Assemblies", statements: "Published statements", mobilisations: "Mobilisation calls",
    movements: "Member movements", none: "Nothing yet.", loading: "Loading…", tellersNav: "Teller tasks", notFound: "Not found.",
    attendance: "Attendance", registered: "Registered", accredited: "Accredited", checkedIn: "Present",
    byCountry: "By country", sessions: "Sessions", agenda: "Agenda", currentSpeaker: "Has the floor",
    queue: "Speakers' list", motions: "Motions", vote: "Vote", openVote: "Open vote", results: "Results",
    yes: "Yes", no: "No", abstain: "Abstain", youHaveVoted: "You have voted", askFloor: "Ask for the floor",
    signIn: "Sign in with your badge's credential code", credentialCode: "Credential code", signedInAs: "Signed in delegate",
    signOut: "Sign out", adopted: "Adopted", rejected: "Rejected", cast: "cast", eligible: "eligible", quorum: "quorum",
    status: "Status", signatories: "Signatories", translations: "Translations", stale: "stale", revision: "Revision",
    endorsements: "Endorsements", actions: "Actions", countries: "Countries", turnout: "Turnout", arrests: "Arrests",
    injuries: "Injuries", deaths: "Deaths", live: "live", reconnecting: "reconnecting", offline: "offline",
    nobody: "Nobody", erasedPerson: "erased person", inQueue: "In the list", floorRequested: "Floor requested", speaking: "speaking",
    open: "open", closed: "closed", draft: "draft", published: "published", scheduled: "scheduled", adjourned: "adjourned",
    representativeSignIn: "If you represent a movement involved, sign in to see it.", password: "Password", signedRevision: "signed revision",
    email: "Email", language: "Language", signInTitle: "Sign in", signInButton: "Sign in",
    signInIntro: "For organisers and movements' representatives.", sessionExpired: "Your session has expired. Sign in again to go on; what you typed is kept.",
    signedInAsRole: "Signed in:", organiser: "organiser", representative: "representative", delegate: "delegate",
    console: "Console", myMovement: "My movement", cancel: "Cancel", required: "Required.", networkDown: "The server cannot be reached. Try again.",
    waiting: "waiting", skipToContent: "Skip to content",
  },
  pt: {
    chainHead: "Topo da cadeia de hashes", chainHeadHelp: "Guarde-o: se alguém alterasse depois o texto ou as assinaturas, já não coincidiria.",
    assemblies: "Assembleias", statements: "Declarações publicadas", mobilisations: "Convocatórias de mobilização",
    movements: "Movimentos membros", none: "Nada ainda.", loading: "Carregando…", tellersNav: "Escrutínio", notFound: "Não encontrado.",
    attendance: "Presença", registered: "Inscritos", accredited: "Credenciados", checkedIn: "Presentes",
    byCountry: "Por país", sessions: "Sessões", agenda: "Pauta", currentSpeaker: "Com a palavra",
    queue: "Lista de oradores", motions: "Moções", vote: "Votação", openVote: "Votação aberta", results: "Resultados",
    yes: "Sim", no: "Não", abstain: "Abstenção", youHaveVoted: "Você votou", askFloor: "Pedir a palavra",
    signIn: "Entrar com o código da credencial", credentialCode: "Código da credencial", signedInAs: "Delegado/a identificado/a",
    signOut: "Sair", adopted: "Aprovada", rejected: "Rejeitada", cast: "emitidos", eligible: "habilitados", quorum: "quórum",
    status: "Situação", signatories: "Signatários", translations: "Traduções", stale: "desatualizada", revision: "Revisão",
    endorsements: "Adesões", actions: "Ações", countries: "Países", turnout: "Participação", arrests: "Prisões",
    injuries: "Feridos", deaths: "Mortes", live: "ao vivo", reconnecting: "reconectando", offline: "sem conexão",
    nobody: "Ninguém", erasedPerson: "pessoa apagada", inQueue: "Na lista", floorRequested: "Palavra pedida", speaking: "falando",
    open: "aberta", closed: "encerrada", draft: "rascunho", published: "publicada", scheduled: "agendada", adjourned: "encerrada",
    representativeSignIn: "Se você representa um movimento envolvido, entre para vê-la.", password: "Senha", signedRevision: "assinou a revisão",
    email: "E-mail", language: "Idioma", signInTitle: "Entrar", signInButton: "Entrar",
    signInIntro: "Para organizadores e representantes de movimentos.", sessionExpired: "Sua sessão expirou. Entre de novo para continuar; o que você digitou foi mantido.",
    signedInAsRole: "Sessão iniciada:", organiser: "organização", representative: "representante", delegate: "delegado/a",
    console: "Console", myMovement: "Meu movimento", cancel: "Cancelar", required: "Obrigatório.", networkDown: "Sem conexão com o servidor. Tente de novo.",
    waiting: "aguardando", skipToContent: "Ir para o conteúdo",
  },
  fr: {
    chainHead: "Tête de la chaîne de hachage", chainHeadHelp: "Gardez-la : si quelqu'un modifiait ensuite le texte ou les signatures, elle ne correspondrait plus.",
    assemblies: "Assemblées", statements: "Déclarations publiées", mobilisations: "Appels à la mobilisation",
    movements: "Mouvements membres", none: "Rien pour l'instant.", loading: "Chargement…", tellersNav: "Dépouillement", notFound: "Introuvable.",
    attendance: "Présence", registered: "Inscrits", accredited: "Accrédités", checkedIn: "Présents",
    byCountry: "Par pays", sessions: "Séances", agenda: "Ordre du jour", currentSpeaker: "A la parole",
    queue: "Liste des orateurs", motions: "Motions", vote: "Vote", openVote: "Vote ouvert", results: "Résultats",
    yes: "Oui", no: "Non", abstain: "Abstention", youHaveVoted: "Vous avez voté", askFloor: "Demander la parole",
    signIn: "Se connecter avec le code de son badge", credentialCode: "Code du badge", signedInAs: "Délégué·e connecté·e",
    signOut: "Se déconnecter", adopted: "Adoptée", rejected: "Rejetée", cast: "exprimés", eligible: "inscrits au vote", quorum: "quorum",
    status: "État", signatories: "Signataires", translations: "Traductions", stale: "périmée", revision: "Révision",
    endorsements: "Soutiens", actions: "Actions", countries: "Pays", turnout: "Participation", arrests: "Arrestations",
    injuries: "Blessés", deaths: "Morts", live: "en direct", reconnecting: "reconnexion", offline: "hors ligne",
    nobody: "Personne", erasedPerson: "personne effacée", inQueue: "Dans la liste", floorRequested: "Parole demandée", speaking: "a la parole",
    open: "ouvert", closed: "clos", draft: "brouillon", published: "publiée", scheduled: "prévue", adjourned: "levée",
    representativeSignIn: "Si vous représentez un mouvement concerné, connectez-vous pour la voir.", password: "Mot de passe", signedRevision: "a signé la révision",
    email: "Courriel", language: "Langue", signInTitle: "Connexion", signInButton: "Se connecter",
    signInIntro: "Pour l'organisation et les représentant·es des mouvements.", sessionExpired: "Votre session a expiré. Reconnectez-vous pour continuer ; ce que vous avez saisi est conservé.",
    signedInAsRole: "Connecté·e :", organiser: "organisation", representative: "représentant·e", delegate: "délégué·e",
    console: "Console", myMovement: "Mon mouvement", cancel: "Annuler", required: "Obligatoire.", networkDown: "Le serveur est injoignable. Réessayez.",
    waiting: "en attente", skipToContent: "Aller au contenu",
  },
});

function preferred() {
  const stored = localStorage.getItem("alba.lang");
  if (stored && languages[stored]) return stored;
  for (const tag of navigator.languages ?? [navigator.language ?? "es"]) {
    const code = tag.slice(0, 2).toLowerCase();
    if (languages[code]) return code;
  }
  return "es";
}

export let lang = preferred();

export function t(key) {
  return texts[lang][key] ?? texts.es[key] ?? key;
}

/** A person's name as pages show it: an erased person in the page's language, never the server's English marker. */
export function personName(person, fallback = "") {
  return person.personalDataErased ? t("erasedPerson") : person.fullName ?? fallback;
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
