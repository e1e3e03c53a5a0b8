// The search box: the caller's prompts and answers that match, best first; a result opens its chat.
import { json } from "./api.js";
import { guarded } from "./notice.js";

const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const results = document.getElementById("search-results");
let openHandler = () => {};

export function setUpSearch({ onOpen }) {
  openHandler = onOpen;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(search);
  });
  input.addEventListener("keydown", (event) => { if (event.key === "Escape") { clearSearch(); } });
  input.addEventListener("search", () => { if (!input.value.trim()) { clearSearch(); } });
}

export function clearSearch() {
  input.value = "";
  results.hidden = true;
  results.replaceChildren();
}

async function search() {
  const q = input.value.trim();
  if (!q) { clearSearch(); return; }
  const { value } = await json("GET", `/search/?q=${encodeURIComponent(q)}&limit=20`);
  results.replaceChildren(...(value.length ? value.map(item) : [nothingFound()]));
  results.hidden = false;
}

function item(found) {
  const li = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "search-result";
  const title = document.createElement("span");
  title.className = "search-title";
  title.textContent = found.session_title?.trim() ? found.session_title : "New chat";
  const snippet = document.createElement("span");
  snippet.className = "search-snippet";
  snippet.textContent = found.snippet;
  button.append(title, snippet);
  button.addEventListener("click", () => openHandler(found.session_id));
  li.append(button);
  return li;
}

function nothingFound() {
  const li = document.createElement("li");
  li.className = "search-empty";
  li.textContent = "Nothing found.";
  return li;
}
