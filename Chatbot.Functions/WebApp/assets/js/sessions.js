// The session list: newest activity first, a page at a time as the API pages it (the Link header's "next").
import { json } from "./api.js";
import { guarded } from "./notice.js";

const pageSize = 20;
const list = document.getElementById("session-list");
const more = document.getElementById("more-sessions");
let next = null;
let selectHandler = () => {};
let currentId = null;

export function setUpSessions({ onSelect }) {
  selectHandler = onSelect;
  more.addEventListener("click", () => guarded(loadMore));
}

export async function loadSessions() {
  list.replaceChildren();
  next = `/chatsessions/?limit=${pageSize}`;
  await loadMore();
}

async function loadMore() {
  if (!next) { return; }
  const { value, links } = await json("GET", next);
  for (const session of value) { list.append(item(session)); }
  next = links.next ?? null;
  more.hidden = next === null;
}

export function titleOf(session) {
  return session.title?.trim() ? session.title : "New chat";
}

function item(session) {
  const li = document.createElement("li");
  li.dataset.sessionId = String(session.id);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "session-link";
  button.textContent = titleOf(session);
  button.title = `Last active ${new Date(session.updated_at).toLocaleString()}`;
  button.addEventListener("click", () => selectHandler(session.id));
  li.append(button);
  markCurrent(li);
  return li;
}

function markCurrent(li) {
  const current = li.dataset.sessionId === String(currentId);
  li.classList.toggle("current", current);
  li.querySelector("button").toggleAttribute("aria-current", current);
  if (current) { li.querySelector("button").setAttribute("aria-current", "page"); }
}

export function setCurrent(id) {
  currentId = id;
  for (const li of list.children) { markCurrent(li); }
}

/** A session created, renamed or just active: it moves to the top, as the API orders them. */
export function upsert(session) {
  list.querySelector(`[data-session-id="${session.id}"]`)?.remove();
  list.prepend(item(session));
}

export function remove(id) {
  list.querySelector(`[data-session-id="${id}"]`)?.remove();
}
