// The "API keys" panel under the session list: create a key (its secret shown once, with a copy button), see each
// key's last use and today's tokens, revoke one. The list is read when the panel opens, so a closed panel costs nothing.
import { json } from "./api.js";
import { copyText } from "./clipboard.js";
import { confirmAction } from "./confirm.js";
import { guarded } from "./notice.js";

const panel = document.getElementById("api-keys");
const form = document.getElementById("key-form");
const nameInput = document.getElementById("key-name");
const created = document.getElementById("new-key");
const createdValue = document.getElementById("new-key-value");
const copyButton = document.getElementById("copy-key");
const list = document.getElementById("key-list");
const number = new Intl.NumberFormat();
const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Today's tokens from a key's `usage_today`: a count, or a usage object with its total. */
function tokensToday(usage) {
  if (typeof usage === "number") { return usage; }
  return usage?.total_tokens ?? 0;
}

function describe(key) {
  const used = key.last_used_at ? `last used ${when.format(new Date(key.last_used_at))}` : "never used";
  const expires = key.expires_at ? `, expires ${when.format(new Date(key.expires_at))}` : "";
  return `${key.prefix}… · ${used} · today ${number.format(tokensToday(key.usage_today))} tokens${expires}`;
}

function row(key) {
  const item = document.createElement("li");
  item.dataset.keyId = key.id;
  const name = document.createElement("strong");
  name.textContent = key.name;
  const facts = document.createElement("span");
  facts.className = "key-facts";
  facts.textContent = describe(key);
  const revoke = document.createElement("button");
  revoke.type = "button";
  revoke.className = "secondary danger";
  revoke.textContent = "Revoke";
  revoke.setAttribute("aria-label", `Revoke ${key.name}`);
  revoke.addEventListener("click", () => guarded(async () => {
    if (!await confirmAction(`Revoke the key "${key.name}"? Tools that use it stop working.`, "Revoke")) { return; }
    await json("DELETE", `/me/api-keys/${key.id}/`);
    await loadKeys();
  }));
  item.append(name, facts, revoke);
  return item;
}

export async function loadKeys() {
  const { value } = await json("GET", "/me/api-keys/");
  const keys = Array.isArray(value) ? value : value.results ?? [];
  if (keys.length === 0) {
    const none = document.createElement("li");
    none.className = "key-facts";
    none.textContent = "No keys yet.";
    list.replaceChildren(none);
    return;
  }
  list.replaceChildren(...keys.map(row));
}

/** Forgets the panel's state, and above all a key shown once, when the user signs out. */
export function resetKeys() {
  panel.open = false;
  created.hidden = true;
  createdValue.textContent = "";
  list.replaceChildren();
}

export function setUpKeys() {
  panel.addEventListener("toggle", () => { if (panel.open) { guarded(loadKeys); } });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(async () => {
      const { value } = await json("POST", "/me/api-keys/", { body: { name: nameInput.value.trim() } });
      createdValue.textContent = value.key;
      created.hidden = false;
      form.reset();
      await loadKeys();
    });
  });
  copyButton.addEventListener("click", () => copyText(createdValue.textContent, copyButton));
}
