// Every page of the app: a path pattern (its captures are passed to the page) and the module that
// renders it. The host serves index.html for each of these paths (Web/Pages.cs).
const id = "([0-9a-f-]{36})";
const page = (file, name) => () => import(`./pages/${file}.js`).then(module => module[name]);

export const routes = [
  [/^\/$/, page("home", "home")],
  [/^\/signin$/, page("signin", "signin")],
  [new RegExp(`^/assemblies/${id}$`), page("assembly", "assembly")],
  [new RegExp(`^/sessions/${id}$`), page("session", "session")],
  [new RegExp(`^/statements/${id}$`), page("statement", "statement")],
  [new RegExp(`^/mobilisations/${id}$`), page("mobilisation", "mobilisation")],
  [/^\/console$/, page("console/home", "consoleHome")],
  [new RegExp(`^/console/assemblies/${id}$`), page("console/assembly", "consoleAssembly")],
  [new RegExp(`^/console/assemblies/${id}/check-in$`), page("console/checkin", "checkInDesk")],
];
