// Sign-in for organisers and representatives; afterwards to the page they came for or their home.
import { t } from "../i18n.js";
import { signIn, homeOf } from "../auth.js";
import { navigate } from "../app.js";

export async function signin(root) {
  root.innerHTML = `<h1>${t("signInTitle")}</h1>
    <section class="card narrow"><p class="muted">${t("signInIntro")}</p>
      <form id="sign-in-form" class="stack" novalidate>
        <label for="signin-email">${t("email")}</label>
        <input id="signin-email" name="email" type="email" required autocomplete="username">
        <label for="signin-password">${t("password")}</label>
        <input id="signin-password" name="password" type="password" required autocomplete="current-password">
        <p class="error" role="alert" data-form-error></p>
        <button class="primary" type="submit">${t("signInButton")}</button>
      </form></section>`;
  const form = root.querySelector("#sign-in-form");
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const error = form.querySelector("[data-form-error]");
    if (!form.email.value.trim() || !form.password.value) { error.textContent = t("required"); return; }
    try {
      const who = await signIn(form.email.value.trim(), form.password.value);
      const next = new URLSearchParams(location.search).get("next");
      navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : homeOf(who));
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  form.email.focus();
}
