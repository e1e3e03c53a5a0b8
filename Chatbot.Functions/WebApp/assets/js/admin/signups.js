// The sign-ups tab: the registration mode (saved as soon as it is chosen) and invites. A new invite's code is shown
// once, here, with a copy button: the server keeps only its hash, and the list never has it.
import { json } from "../api.js";
import { copyText } from "../clipboard.js";
import { confirmAction } from "../confirm.js";
import { button, cell, formatDate, pagedTable } from "./table.js";

const byId = (id) => document.getElementById(id);
const pageSize = 20;
const [modeSelect, modeSaved, inviteForm, uses, expiry, newInvite, newCode, newFacts] =
  ["registration-mode", "registration-saved", "invite-form", "invite-uses", "invite-days", "new-invite", "new-invite-code", "new-invite-facts"]
    .map(byId);

let guard = (action) => action();
let table = null;
let savedMode = null;

export function setUp(adminGuard) {
  guard = adminGuard;
  table = pagedTable({
    table: byId("invite-table"), empty: byId("invites-empty"), newer: byId("invites-newer"), older: byId("invites-older"), row, guard,
  });
  modeSelect.addEventListener("change", () => guard(saveMode));
  byId("registration-form").addEventListener("submit", (event) => event.preventDefault());
  inviteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    guard(createInvite);
  });
  byId("copy-invite").addEventListener("click", (event) => copyText(newCode.textContent, event.currentTarget));
}

export async function load() {
  modeSaved.textContent = "";
  const [{ value: settings }] = await Promise.all([json("GET", "/admin/settings/"), loadInvites()]);
  savedMode = settings.registration_mode;
  modeSelect.value = savedMode;
}

export function reset() {
  hideCode();
  table?.clear();
  inviteForm.reset();
  modeSaved.textContent = "";
}

function loadInvites() { return table.load(`/admin/invites/?limit=${pageSize}`); }

async function saveMode() {
  modeSaved.textContent = "Saving…";
  try {
    const { value } = await json("PATCH", "/admin/settings/", { body: { registration_mode: modeSelect.value } });
    savedMode = value.registration_mode;
    modeSelect.value = savedMode;
    modeSaved.textContent = `Saved: registration is ${savedMode}.`;
  } catch (error) {
    // The select shows what holds, not the choice the server refused.
    if (savedMode) { modeSelect.value = savedMode; }
    modeSaved.textContent = "";
    throw error;
  }
}

async function createInvite() {
  const body = { uses: uses.valueAsNumber, expires_in_days: expiry.valueAsNumber };
  const { value } = await json("POST", "/admin/invites/", { body });
  newCode.textContent = value.code;
  newFacts.textContent = `Invite #${value.id}: ${value.uses_left} use${value.uses_left === 1 ? "" : "s"}, expires ${formatDate(value.expires_at)}.`;
  newInvite.hidden = false;
  await loadInvites();
}

function hideCode() {
  newCode.textContent = "";
  newFacts.textContent = "";
  newInvite.hidden = true;
}

function row(invite) {
  const tr = document.createElement("tr");
  tr.dataset.inviteId = String(invite.id);
  const expired = new Date(invite.expires_at) <= new Date();
  const revoke = button("Revoke", () => guard(() => revokeInvite(invite)), "secondary danger");
  revoke.setAttribute("aria-label", `Revoke invite #${invite.id}`);
  tr.append(
    cell(`#${invite.id}`), cell(String(invite.uses_left), "number"),
    cell(`${formatDate(invite.expires_at)}${expired ? " (expired)" : ""}`, "date"), cell(formatDate(invite.created_at), "date"), cell(revoke));
  return tr;
}

async function revokeInvite(invite) {
  const question = `Revoke invite #${invite.id}? Its code will register nobody from now on.`;
  if (!(await confirmAction(question, `Revoke invite #${invite.id}`))) { return; }
  await json("DELETE", `/admin/invites/${invite.id}/`);
  if (newFacts.textContent.startsWith(`Invite #${invite.id}:`)) { hideCode(); }
  await table.reload();
}
