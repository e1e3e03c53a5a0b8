// The login and register forms, and the logout button.
import { json, send } from "./api.js";
import { guarded } from "./notice.js";
import { tokens } from "./tokens.js";

const loginForm = document.getElementById("login-form");
const registerForm = document.getElementById("register-form");

export function setUpAuth({ onSignedIn, onSignedOut }) {
  document.getElementById("show-register").addEventListener("click", () => switchTo(registerForm));
  document.getElementById("show-login").addEventListener("click", () => switchTo(loginForm));

  loginForm.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(async () => {
      await logIn(field(loginForm, "username"), field(loginForm, "password"));
      loginForm.reset();
      onSignedIn();
    });
  });

  registerForm.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(async () => {
      const [username, email, password] = ["username", "email", "password"].map((name) => field(registerForm, name));
      await json("POST", "/register/", { body: { username, email, password }, auth: false });
      await logIn(username, password);
      registerForm.reset();
      switchTo(loginForm);
      onSignedIn();
    });
  });

  document.getElementById("logout").addEventListener("click", () => guarded(async () => {
    try {
      await logOut();
    } finally {
      onSignedOut();
    }
  }));
}

async function logIn(username, password) {
  const { value } = await json("POST", "/login/", { body: { username, password }, auth: false });
  tokens.store(value);
}

/** Revokes the refresh token (a 401: it had already expired or been revoked), then forgets both tokens. */
async function logOut() {
  const refresh = tokens.refresh;
  try {
    if (refresh) { await send("POST", "/logout/", { body: { refresh }, auth: false }); }
  } catch (error) {
    if (error?.status !== 401) { throw error; }
  } finally {
    tokens.forget();
  }
}

function switchTo(form) {
  loginForm.hidden = form !== loginForm;
  registerForm.hidden = form !== registerForm;
  form.querySelector("input").focus();
}

function field(form, name) { return form.elements.namedItem(name).value; }

export function showLogin() {
  switchTo(loginForm);
}
