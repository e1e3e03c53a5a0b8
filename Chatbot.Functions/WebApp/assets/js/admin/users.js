// The users tab: the list with its search and filters, a page at a time; one user's details (this month's usage,
// sessions), and what an admin changes: status, role, daily quota, and deletion after a question that names the user.
import { json } from "../api.js";
import { confirmAction } from "../confirm.js";
import { button, cell, formatDate, formatNumber, pagedTable } from "./table.js";

const byId = (id) => document.getElementById(id);
const pageSize = 20;
const [listView, filters, q, role, status] = ["user-list", "user-filters", "user-q", "user-role", "user-status"].map(byId);
const [detail, detailName, facts, activate, form, roleSelect, quotaInput, saved, remove] =
  ["user-detail", "user-detail-name", "user-facts", "user-activate", "user-form", "user-detail-role", "user-detail-quota", "user-saved", "user-delete"]
    .map(byId);

let guard = (action) => action();
let table = null;
let shown = null; // the user whose details are open

export function setUp(adminGuard) {
  guard = adminGuard;
  table = pagedTable({
    table: byId("user-table"), empty: byId("users-empty"), newer: byId("users-newer"), older: byId("users-older"), row, guard,
  });
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    guard(loadList);
  });
  for (const select of [role, status]) { select.addEventListener("change", () => guard(loadList)); }
  byId("user-back").addEventListener("click", () => guard(closeDetail));
  activate.addEventListener("click", () => guard(() => setStatus(shown, shown.status === "active" ? "deactivated" : "active")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guard(saveRoleAndQuota);
  });
  remove.addEventListener("click", () => guard(confirmDelete));
}

/** Opened: the list, as the filters say (the details of one user close). */
export async function load() {
  showList();
  await loadList();
}

export function reset() {
  filters.reset();
  table?.clear();
  shown = null;
  showList();
}

function loadList() {
  const query = new URLSearchParams({ limit: String(pageSize) });
  for (const [name, input] of [["q", q], ["role", role], ["status", status]]) {
    const value = input.value.trim();
    if (value) { query.set(name, value); }
  }
  return table.load(`/admin/users/?${query}`);
}

function row(user) {
  const tr = document.createElement("tr");
  tr.dataset.userId = String(user.id);
  const name = button(user.username, () => guard(() => openDetail(user.id)), "link");
  name.setAttribute("aria-label", `Details of ${user.username}`);
  const toggle = button(user.status === "active" ? "Deactivate" : "Activate",
    () => guard(() => setStatus(user, user.status === "active" ? "deactivated" : "active")));
  toggle.setAttribute("aria-label", `${toggle.textContent} ${user.username}`);
  tr.append(
    cell(name), cell(user.email), cell(user.role), cell(statusBadge(user.status)),
    cell(formatDate(user.date_joined), "date"), cell(formatDate(user.last_login), "date"),
    cell(formatNumber(user.usage_today.total_tokens), "number"), cell(formatNumber(user.usage_today.messages), "number"),
    cell(quotaText(user.daily_token_quota), "number"), cell(toggle));
  return tr;
}

function statusBadge(value) {
  const span = document.createElement("span");
  span.className = `badge badge-${value}`;
  span.textContent = value;
  return span;
}

function quotaText(quota) {
  if (quota === null) { return "default"; }
  return quota === 0 ? "0 (no answers)" : formatNumber(quota);
}

async function openDetail(id) {
  const { value } = await json("GET", `/admin/users/${id}/`);
  showDetail(value);
  saved.textContent = "";
  listView.hidden = true;
  detail.hidden = false;
  detailName.focus();
}

function closeDetail() {
  showList();
  return table.reload();
}

function showList() {
  detail.hidden = true;
  listView.hidden = false;
  shown = null;
}

function showDetail(user) {
  shown = user;
  detailName.textContent = user.username;
  const entries = [
    ["Email", user.email],
    ["Role", user.role],
    ["Status", statusBadge(user.status)],
    ["Joined", formatDate(user.date_joined)],
    ["Last login", formatDate(user.last_login)],
    ["Chat sessions", formatNumber(user.session_count)],
    ["Today", `${formatNumber(user.usage_today.total_tokens)} tokens, ${answers(user.usage_today.messages)}`],
    ["This month", `${formatNumber(user.usage_this_month.total_tokens)} tokens, ${answers(user.usage_this_month.messages)}`],
    ["Daily token quota", quotaText(user.daily_token_quota)],
  ];
  facts.replaceChildren(...entries.flatMap(([term, value]) => {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    if (value instanceof Node) { dd.append(value); } else { dd.textContent = value; }
    return [dt, dd];
  }));
  facts.dataset.userId = String(user.id);
  activate.textContent = user.status === "active" ? `Deactivate ${user.username}` : `Activate ${user.username}`;
  roleSelect.value = user.role;
  quotaInput.value = user.daily_token_quota === null ? "" : String(user.daily_token_quota);
  remove.textContent = `Delete ${user.username}`;
}

function answers(count) { return `${formatNumber(count)} answer${count === 1 ? "" : "s"}`; }

/** Activates (or approves) an account, or deactivates it: the server ends its logins at once. */
async function setStatus(user, newStatus) {
  const { value } = await json("PATCH", `/admin/users/${user.id}/`, { body: { status: newStatus } });
  if (shown?.id === value.id) {
    showDetail(value);
    saved.textContent = `${value.username} is now ${value.status}.`;
  } else {
    await table.reload();
  }
}

async function saveRoleAndQuota() {
  if (quotaInput.validity.badInput || (quotaInput.value !== "" && !Number.isSafeInteger(Number(quotaInput.value)))) {
    throw new Error("The daily token quota must be a whole number of tokens, or empty for the deployment's default.");
  }
  const { value } = await json("PATCH", `/admin/users/${shown.id}/`, {
    body: { role: roleSelect.value, daily_token_quota: quotaInput.value === "" ? null : Number(quotaInput.value) },
  });
  showDetail(value);
  const quota = value.daily_token_quota === null ? "the deployment's daily quota" : `a daily quota of ${quotaText(value.daily_token_quota)}`;
  saved.textContent = `Saved: ${value.username} is ${value.role === "admin" ? "an admin" : "a user"} with ${quota}.`;
}

async function confirmDelete() {
  const user = shown;
  const question = `Delete the user ${user.username} (${user.email})? Their chats, messages and logins are erased with the account. This cannot be undone.`;
  if (!(await confirmAction(question, `Delete ${user.username}`))) { return; }
  await json("DELETE", `/admin/users/${user.id}/`);
  showList();
  await table.reload();
}
