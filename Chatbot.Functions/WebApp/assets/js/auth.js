// The login and register forms, and the logout button. The register form follows the deployment's registration
// mode (GET /registration/): an invite code in invite mode, no automatic login in approval mode, and no form at all
// while sign-ups are closed.
import { json, send } from "./api.js";
import { guarded, showError } from "./notice.js";
import { tokens } from "./tokens.js";

const byId = (id) => document.getElementById(id);
const loginForm = byId("login-form");
const registerForm = byId("register-form");
const [message, registerOffer, registrationClosed, inviteField, inviteInput, approvalHint, registerSubmit] =
  ["auth-message", "register-offer", "registration-closed", "invite-field", "register-invite", "approval-hint", "register-submit"].map(byId);

let mode = "open";

export function setUpAuth({ onSignedIn, onSignedOut }) {
  byId("show-register").addEventListener("click", () => {
    showMessage(null);
    switchTo(registerForm);
    // The mode may have changed since the page loaded: the form shows the one that holds now.
    loadRegistrationMode();
  });
  byId("show-login").addEventListener("click", () => switchTo(loginForm));

  loginForm.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(async () => {
      showMessage(null);
      await logIn(field(loginForm, "username"), field(loginForm, "password"));
      loginForm.reset();
      onSignedIn();
    });
  });

  registerForm.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(async () => {
      const [username, email, password] = ["username", "email", "password"].map((name) => field(registerForm, name));
      const body = { username, email, password };
      if (mode === "invite") { body.invite_code = inviteInput.value.trim(); }
      let account;
      try {
        ({ value: account } = await json("POST", "/register/", { body, auth: false }));
      } catch (error) {
        if (error?.code === "registration_closed") { applyMode("closed"); }
        throw error;
      }
      registerForm.reset();
      if (account.status === "pending") {
        // Approval mode: the account exists but cannot log in until an admin activates it.
        switchTo(loginForm);
        showMessage(`Your account awaits approval. You can log in as ${account.username} once an admin has activated it.`);
        return;
      }
      await logIn(username, password);
      switchTo(loginForm);
      onSignedIn();
    });
  });

  byId("logout").addEventListener("click", () => guarded(async () => {
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

/** Asks the server which sign-up form to show. A failure leaves the form as it was: /register/ still decides. */
async function loadRegistrationMode() {
  try {
    const { value } = await json("GET", "/registration/", { auth: false });
    applyMode(value.registration_mode);
  } catch (error) {
    showError(error);
  }
}

function applyMode(newMode) {
  mode = newMode;
  const closed = mode === "closed";
  registerOffer.hidden = closed;
  registrationClosed.hidden = !closed;
  inviteField.hidden = mode !== "invite";
  inviteInput.required = mode === "invite";
  approvalHint.hidden = mode !== "approval";
  registerSubmit.textContent = mode === "approval" ? "Register" : "Register and log in";
  if (closed && !registerForm.hidden) { switchTo(loginForm); }
}

function showMessage(text) {
  message.textContent = text ?? "";
  message.hidden = !text;
}

function switchTo(form) {
  loginForm.hidden = form !== loginForm;
  registerForm.hidden = form !== registerForm;
  form.querySelector("input").focus();
}

function field(form, name) { return form.elements.namedItem(name).value; }

/** The sign-in form, with the sign-up offer that the registration mode allows. */
export function showLogin() {
  switchTo(loginForm);
  loadRegistrationMode();
}
