// Every page of the app: a path pattern (its captures are passed to the page) and the module that
// renders it. The host serves index.html for each of these paths (Web/Pages.cs).
const id = "([0-9a-f-]{36})";
const page = (file, name) => () => import(`./pages/${file}.js`).then(module => module[name]);

export const routes = [
  [/^\/$/, page("home", "home")],
  [/^\/signin$/, page("signin", "signin")],
  [new RegExp(`^/assemblies/${id}$`), page("assembly", "assembly")],
  [new RegExp(`^/sessions/${id}$`), page("session", "session")],
  [new RegExp(`^/sessions/${id}/projector$`), page("projector", "projector")],
  [new RegExp(`^/console/assemblies/${id}/sessions$`), page("chair-sessions", "chairSessions")],
  [new RegExp(`^/console/sessions/${id}$`), page("chair", "chair")],
  [new RegExp(`^/motions/${id}/verify$`), page("verify-vote", "verifyVote")],
  [/^\/tellers$/, page("tellers", "tellers")],
  [new RegExp(`^/statements/${id}$`), page("statement", "statement")],
  [new RegExp(`^/statements/${id}/verify$`), page("verify-statement", "verifyStatement")],
  [new RegExp(`^/mobilisations/${id}$`), page("mobilisation", "mobilisation")],
  [/^\/movement\/?$/, page("movement/home", "movementHome")],
  [new RegExp(`^/movement/statements/${id}$`), page("movement/statement", "movementStatement")],
  [new RegExp(`^/movement/mobilisations/${id}$`), page("movement/mobilisation", "movementMobilisation")],
  [new RegExp(`^/movement/actions/${id}/report$`), page("movement/report", "movementReport")],
  [/^\/console$/, page("console/home", "consoleHome")],
  [/^\/console\/partners$/, page("console/partners", "consolePartners")],
  [/^\/console\/accounts$/, page("console/accounts", "consoleAccounts")],
  [new RegExp(`^/console/assemblies/${id}$`), page("console/assembly", "consoleAssembly")],
  [new RegExp(`^/console/assemblies/${id}/check-in$`), page("console/checkin", "checkInDesk")],
];
