// Wires the page together: signed out shows the forms; signed in shows the sessions and the open conversation,
// whose id is kept in the address (?session=ID) so a reload or a shared tab opens it again. With none open, the
// conversation is a new chat: typing can start at once, and the first message creates it. An admin also has the
// Admin view (?view=admin), in place of the chat.
import * as admin from "./admin/admin.js";
import { resetKeys, setUpKeys } from "./apikeys.js";
import { onSignedOut, refreshTokens } from "./api.js";
import { setUpAuth, showLogin } from "./auth.js";
import * as conversation from "./conversation.js";
import { clear, guarded, showError } from "./notice.js";
import { clearSearch, setUpSearch } from "./search.js";
import * as sessions from "./sessions.js";
import { tokens } from "./tokens.js";
import { hideUsage, refreshUsage } from "./usage.js";

const signedOutView = document.getElementById("signed-out");
const signedInView = document.getElementById("signed-in");
const logoutButton = document.getElementById("logout");
const adminView = document.getElementById("admin-view");
const adminToggle = document.getElementById("admin-toggle");

function sessionInAddress() {
  const id = Number.parseInt(new URLSearchParams(location.search).get("session") ?? "", 10);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

function adminInAddress() {
  return new URLSearchParams(location.search).get("view") === "admin";
}

function chatAddress() {
  const id = conversation.currentId();
  return id ? `/?session=${id}` : "/";
}

/** Shows the chat or, for an admin, the Admin view; the other one keeps its state, hidden. */
async function showView(inAdmin) {
  const showAdmin = inAdmin && admin.allowed();
  adminView.hidden = !showAdmin;
  signedInView.hidden = showAdmin;
  adminToggle.textContent = showAdmin ? "Chat" : "Admin";
  adminToggle.setAttribute("aria-label", showAdmin ? "Back to the chat" : "Admin");
  if (showAdmin) {
    await admin.enter();
  } else {
    if (adminInAddress()) { history.replaceState(null, "", chatAddress()); }
    conversation.focusPrompt();
  }
}

async function openSession(id, { push = true } = {}) {
  await conversation.open(id);
  sessions.setCurrent(id);
  if (push && sessionInAddress() !== id) { history.pushState(null, "", `/?session=${id}`); }
}

async function showSignedIn() {
  signedOutView.hidden = true;
  signedInView.hidden = false;
  logoutButton.hidden = false;
  conversation.focusPrompt();
  // The address is read before the lists load: a chat the user starts or opens meanwhile puts its own id there,
  // and opening that again here would abort the prompt they are sending in it.
  const id = sessionInAddress();
  await Promise.all([sessions.loadSessions(), conversation.loadModels(), refreshUsage(), admin.checkAccess()]);
  if (adminInAddress()) { await showView(true); }
  if (id && conversation.currentId() === null) {
    try {
      await openSession(id, { push: false });
    } catch (error) {
      history.replaceState(null, "", "/");
      throw error;
    }
  }
}

function showSignedOut() {
  conversation.close();
  clearSearch();
  admin.reset();
  resetKeys();
  adminView.hidden = true;
  signedInView.hidden = true;
  logoutButton.hidden = true;
  signedOutView.hidden = false;
  hideUsage();
  showLogin();
}

setUpAuth({ onSignedIn: () => guarded(showSignedIn), onSignedOut: () => { clear(); showSignedOut(); } });
onSignedOut(showSignedOut);
admin.setUpAdmin({ onDenied: () => guarded(() => showView(false)) });
setUpKeys();
sessions.setUpSessions({ onSelect: (id) => guarded(() => openSession(id)) });
setUpSearch({ onOpen: (id) => guarded(() => openSession(id)) });
conversation.setUpConversation({
  onAnswered: () => refreshUsage().catch(showError),
  onCreated: (id) => history.pushState(null, "", `/?session=${id}`),
});

// Nothing is stored yet: the new chat is created by its first message, so an unused one never fills the list.
document.getElementById("new-session").addEventListener("click", () => {
  conversation.close();
  sessions.setCurrent(null);
  if (sessionInAddress()) { history.pushState(null, "", "/"); }
  conversation.focusPrompt();
});

adminToggle.addEventListener("click", () => guarded(async () => {
  const toAdmin = adminView.hidden;
  history.pushState(null, "", toAdmin ? "/?view=admin" : chatAddress());
  await showView(toAdmin);
}));

// A deactivated account's tokens stop working within seconds; a tab coming back into view finds out at once, since
// its usage line is read again (and a 401 ends in the sign-in form).
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && tokens.signedIn && signedOutView.hidden) { refreshUsage().catch(showError); }
});

window.addEventListener("popstate", () => guarded(async () => {
  if (signedOutView.hidden) { await showView(adminInAddress()); }
  if (adminInAddress()) { return; }
  const id = sessionInAddress();
  if (id) { await openSession(id, { push: false }); } else { conversation.close(); sessions.setCurrent(null); }
}));

// Signed in from an earlier visit: the refresh token brings a fresh access token.
if (tokens.refresh) {
  guarded(async () => {
    await refreshTokens();
    await showSignedIn();
  }).then(() => { if (signedInView.hidden && adminView.hidden) { showSignedOut(); } });
} else {
  showSignedOut();
}
