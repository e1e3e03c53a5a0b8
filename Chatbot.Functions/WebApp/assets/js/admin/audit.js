// The audit tab: the log, newest first, a page at a time, narrowed to one action. A line's detail (a small JSON object)
// is shown as "field: value" text, a change as "from → to"; it may hold what an anonymous caller typed (a failed
// login's username), so it only ever becomes text.
import { cell, formatDate, pagedTable } from "./table.js";

const byId = (id) => document.getElementById(id);
const pageSize = 50;
const actionSelect = byId("audit-action");
const actions = [
  "login", "login_failed", "login_locked", "logout", "logout_everywhere", "password_changed", "account_deleted", "registered",
  "user_updated", "user_deleted", "chat_read", "session_deleted", "invite_created", "invite_revoked", "settings_changed",
  "bootstrap", "superuser_created", "password_reset",
];

let table = null;

export function setUp(guard) {
  table = pagedTable({
    table: byId("audit-table"), empty: byId("audit-empty"), newer: byId("audit-newer"), older: byId("audit-older"), row, guard,
  });
  actionSelect.append(...actions.map((action) => new Option(action.replace(/_/g, " "), action)));
  actionSelect.addEventListener("change", () => guard(load));
  byId("audit-filters").addEventListener("submit", (event) => event.preventDefault());
}

export function load() {
  const query = new URLSearchParams({ limit: String(pageSize) });
  if (actionSelect.value) { query.set("action", actionSelect.value); }
  return table.load(`/admin/audit/?${query}`);
}

export function reset() {
  actionSelect.value = "";
  table?.clear();
}

function row(entry) {
  const tr = document.createElement("tr");
  const who = entry.actor_username ?? (entry.actor === null ? "anonymous" : `user ${entry.actor}`);
  const target = entry.target_type ? `${entry.target_type}${entry.target_id ? ` ${entry.target_id}` : ""}` : "";
  const detail = document.createElement("code");
  detail.textContent = detailText(entry.detail);
  tr.append(
    cell(formatDate(entry.at), "date"), cell(who), cell(entry.action.replace(/_/g, " ")), cell(target), cell(entry.address ?? ""),
    cell(detail, "detail"));
  return tr;
}

function detailText(detail) {
  if (!detail) { return ""; }
  let parsed;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return detail;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) { return detail; }
  return Object.entries(parsed).map(([field, value]) => `${field.replace(/_/g, " ")}: ${valueText(value)}`).join("; ");
}

function valueText(value) {
  if (value && typeof value === "object" && "from" in value && "to" in value) {
    return `${valueText(value.from)} → ${valueText(value.to)}`;
  }
  if (value === null) { return "none"; }
  return typeof value === "string" ? value : JSON.stringify(value);
}
