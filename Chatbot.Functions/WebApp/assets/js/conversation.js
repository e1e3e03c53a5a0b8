// The open session: its current branch, sending with the answer streamed in, stop, regenerate, edit, the switch
// between versions, and its settings. With no session open it is a new chat, which its first message creates.
import { ApiError, json, send } from "./api.js";
import { clearPending, isUploading, pendingIds, setUpAttachments } from "./attachments.js";
import { fill, messageElement, showAnswer } from "./messages.js";
import { guarded, showError } from "./notice.js";
import { readEvents } from "./sse.js";
import * as sessions from "./sessions.js";

const byId = (id) => document.getElementById(id);
const [empty, list, title, composer, prompt, sendButton, stopButton] =
  ["no-session", "messages", "session-title", "composer", "prompt", "send", "stop"].map(byId);
const [sessionActions, renameButton, renameForm, renameInput, deleteButton] =
  ["session-actions", "rename", "rename-form", "rename-input", "delete-session"].map(byId);
const [settingsForm, modelSelect, systemPrompt, saveSettingsButton] = ["settings-form", "model-select", "system-prompt", "save-settings"].map(byId);

let session = null;
let streaming = null; // { messageId, reader: AbortController }
let afterAnswer = () => {};
let afterCreate = () => {};
let opening = 0; // counts the chats opened, created or left, so that only the latest choice shows its chat
let loading = false; // a chat is being opened or created: nothing is sent until it shows

export function setUpConversation({ onAnswered, onCreated }) {
  afterAnswer = onAnswered;
  afterCreate = onCreated;
  composer.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = prompt.value;
    // While another chat opens, the prompt stays in the box rather than going to the chat being left; a message of
    // attachments alone may have no text, and none goes while a file is still uploading.
    if ((text.trim() || pendingIds().length > 0) && !streaming && !loading && !isUploading()) {
      prompt.value = "";
      guarded(() => sendPrompt(text).catch((error) => {
        prompt.value ||= text; // the prompt was not taken: give it back to edit or resend
        throw error;
      }));
    }
  });
  prompt.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  setUpAttachments();
  stopButton.addEventListener("click", () => guarded(stop));
  list.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target || streaming) { return; }
    if (target.dataset.select) { guarded(() => selectBranch(target.dataset.select)); }
    if (target.classList.contains("edit")) { startEdit(target.closest(".message")); }
  });
  renameButton.addEventListener("click", startRename);
  byId("rename-cancel").addEventListener("click", endRename);
  renameForm.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(async () => {
      await patch({ title: renameInput.value.trim() || null });
      endRename();
    });
  });
  deleteButton.addEventListener("click", () => guarded(confirmDelete));
  settingsForm.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(() => patch(settings()));
  });
}

/** The model and system prompt chosen in the settings; a new chat is created with them. */
function settings() {
  return { model: modelSelect.value || null, system_prompt: systemPrompt.value.trim() || null };
}

/** Sends a prompt to the open chat; with none open, the prompt's own chat is created first. */
async function sendPrompt(text) {
  if (!session && !(await create())) {
    prompt.value ||= text; // another chat was opened meanwhile: the prompt went nowhere, and stays to send there
    return;
  }
  const attachments = pendingIds();
  const body = attachments.length > 0 ? { prompt: text, attachments } : { prompt: text };
  await stream(`/chatsessions/${session.id}/messages/`, body, null, "POST", clearPending);
}

/** Creates a chat and shows it, unless another was chosen meanwhile (then it is only listed); true when shown. */
async function create() {
  const ticket = ++opening;
  loading = true;
  let value;
  try {
    ({ value } = await json("POST", "/chatsessions/", { body: settings() }));
  } finally {
    if (ticket === opening) { loading = false; }
  }
  sessions.upsert(value);
  if (ticket !== opening) { return false; }
  show(value);
  sessions.setCurrent(value.id);
  afterCreate(value.id);
  return true;
}

/** Fills the model choice from the API's list: each model's name, and its provider when there is more than one. */
export async function loadModels() {
  const { value } = await json("GET", "/models/");
  const models = value.models ?? value.allowed.map(id => ({ id, name: id, provider: "" }));
  const providers = new Set(models.map(model => model.provider));
  const label = model => providers.size > 1 ? `${model.name} (${model.provider})` : model.name;
  const fallback = models.find(model => model.id === value.default);
  const options = [new Option(`Default (${fallback ? label(fallback) : value.default})`, "")];
  for (const model of models) { options.push(new Option(label(model), model.id)); }
  modelSelect.replaceChildren(...options);
  if (session) { modelSelect.value = session.model ?? ""; }
}

export async function open(id) {
  const ticket = ++opening;
  leaveStream();
  loading = true;
  let value, branch;
  try {
    [{ value }, branch] = await Promise.all([json("GET", `/chatsessions/${id}/`), json("GET", `/chatsessions/${id}/messages/`)]);
  } finally {
    if (ticket === opening) { loading = false; }
  }
  // Another chat was opened while this one loaded: the later choice wins, and this one is not shown over it.
  if (ticket !== opening) { return; }
  show(value);
  await showBranch(branch);
  scrollToEnd(true);
  prompt.focus();
  // An answer still streaming (the page was reloaded mid-answer): replay it and follow it live.
  const last = list.lastElementChild;
  if (last?.dataset.status === "streaming") {
    guarded(() => stream(`/chatsessions/${id}/messages/${last.dataset.messageId}/stream/`, undefined, last, "GET"));
  }
}

/** Shows the current branch from its first page on, following the Link header to the end. */
async function showBranch(first) {
  list.replaceChildren();
  for (let page = first; page;) {
    for (const message of page.value) { list.append(messageElement(message)); }
    page = page.links.next ? await json("GET", page.links.next) : null;
  }
  updateActions();
}

/** The switcher's arrows: the branch through that sibling becomes the current one. */
async function selectBranch(messageId) {
  await showBranch(await json("POST", `/chatsessions/${session.id}/messages/${messageId}/select/`));
}

/** Edits a prompt in place: Save answers the new prompt as a sibling, and what followed the old one leaves the view. */
function startEdit(li) {
  const promptView = li.querySelector(".prompt");
  const form = document.createElement("form");
  form.className = "edit-form";
  const input = document.createElement("textarea");
  input.value = promptView.textContent;
  input.rows = 3;
  input.setAttribute("aria-label", "Edited message");
  const save = Object.assign(document.createElement("button"), { type: "submit", textContent: "Save and send" });
  const cancel = Object.assign(document.createElement("button"), { type: "button", textContent: "Cancel", className: "secondary" });
  form.append(input, save, cancel);
  promptView.hidden = true;
  promptView.after(form);
  input.focus();
  const end = () => { form.remove(); promptView.hidden = false; };
  cancel.addEventListener("click", end);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) { return; }
    end();
    while (li.nextElementSibling) { li.nextElementSibling.remove(); }
    guarded(() => stream(`/chatsessions/${session.id}/messages/${li.dataset.messageId}/`, { prompt: text }, li, "PATCH"));
  });
}

/** Leaves the open chat, if any, for a new one: empty, with the default settings, ready for its first message. */
export function close() {
  leaveStream();
  opening++;
  loading = false;
  session = null;
  title.textContent = "New chat";
  sessionActions.hidden = true;
  saveSettingsButton.hidden = true;
  settingsForm.reset();
  endRename();
  resetDelete();
  empty.hidden = false;
  list.hidden = true;
  list.replaceChildren();
  updateActions();
}

export function focusPrompt() { prompt.focus(); }

export function currentId() { return session?.id ?? null; }

function show(value) {
  session = value;
  sessionActions.hidden = false;
  saveSettingsButton.hidden = false;
  empty.hidden = true;
  list.hidden = false;
  title.textContent = sessions.titleOf(value);
  modelSelect.value = value.model ?? "";
  systemPrompt.value = value.system_prompt ?? "";
  endRename();
  resetDelete();
}

/**
 * Posts a prompt (or a regeneration, or PATCHes an edit), or GETs a message's stream to resume it, asking for
 * Server-Sent Events, and shows each piece as it arrives: `message` (the stored prompt), `delta` (text), then `done` (the stored answer) or
 * `error` (a problem).
 */
async function stream(path, body, existing, method = "POST", onAccepted = () => {}) {
  const reader = new AbortController();
  streaming = { messageId: existing ? Number(existing.dataset.messageId) : null, reader };
  updateActions();
  const sessionId = session.id;
  let element = existing;
  let text = "";
  let current = null;
  let pending = false;
  try {
    const response = await send(method, path, { body, accept: "text/event-stream", signal: reader.signal });
    onAccepted();
    for await (const { event, data } of readEvents(response)) {
      const payload = JSON.parse(data);
      if (event === "message") {
        streaming.messageId = payload.id;
        current = payload;
        if (element) { fill(element, payload); } else { element = messageElement(payload); list.append(element); }
        updateActions();
        scrollToEnd(true);
      } else if (event === "delta") {
        text += payload.text;
        // Many small pieces arrive between two frames: render the answer once per frame, not once per piece.
        if (!pending) {
          pending = true;
          requestAnimationFrame(() => { pending = false; if (element?.isConnected) { showAnswer(element, text); scrollToEnd(); } });
        }
      } else if (event === "done") {
        current = payload;
        fill(element, payload);
      } else if (event === "error") {
        // The partial answer is kept by the server as failed; show it so, with the reason in words.
        fill(element, { ...current, response: text, status: "failed", error_code: payload.code });
        showError(new ApiError(payload.status, payload, null));
      }
    }
  } finally {
    if (streaming?.reader === reader) { streaming = null; }
    updateActions();
    if (session?.id === sessionId) {
      sessions.upsert(session);
      sessions.setCurrent(session.id);
      afterAnswer();
    }
  }
}

async function stop() {
  if (streaming?.messageId) {
    await json("POST", `/chatsessions/${session.id}/messages/${streaming.messageId}/stop/`);
  }
}

/** Stops reading a stream (the server goes on and stores the answer); for leaving the session. */
function leaveStream() {
  streaming?.reader.abort();
  streaming = null;
}

function regenerate(li) {
  return stream(`/chatsessions/${session.id}/messages/${li.dataset.messageId}/regenerate/`, undefined, li);
}

/** Send or Stop, and Regenerate on the last answer only, once it has ended. */
function updateActions() {
  sendButton.hidden = streaming !== null;
  stopButton.hidden = streaming === null;
  prompt.setAttribute("aria-busy", String(streaming !== null));
  for (const actions of list.querySelectorAll(".message-actions")) { actions.replaceChildren(); }
  for (const button of list.querySelectorAll(".edit, .versions button")) { button.hidden = streaming !== null; }
  const last = list.lastElementChild;
  if (last && streaming === null && !["streaming", "pending"].includes(last.dataset.status)) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "Regenerate";
    button.addEventListener("click", () => guarded(() => regenerate(last)));
    last.querySelector(".message-actions").append(button);
  }
}

async function patch(fields) {
  const { value } = await json("PATCH", `/chatsessions/${session.id}/`, { body: fields });
  show(value);
  sessions.upsert(value);
  sessions.setCurrent(value.id);
}

function startRename() {
  renameInput.value = session.title ?? "";
  renameForm.hidden = false;
  title.hidden = true;
  renameButton.hidden = true;
  renameInput.focus();
  renameInput.select();
}

function endRename() {
  const wasOpen = !renameForm.hidden;
  renameForm.hidden = true;
  title.hidden = false;
  renameButton.hidden = false;
  if (wasOpen) { renameButton.focus(); }
}

// Deleting takes two presses of the same button, so a slip of the keyboard cannot lose a conversation.
let deleteTimer = null;

async function confirmDelete() {
  if (!deleteTimer) {
    deleteButton.textContent = "Press again to delete";
    deleteTimer = setTimeout(resetDelete, 5000);
    return;
  }
  resetDelete();
  const id = session.id;
  await json("DELETE", `/chatsessions/${id}/`);
  sessions.remove(id);
  close();
  history.replaceState(null, "", "/");
}

function resetDelete() {
  clearTimeout(deleteTimer);
  deleteTimer = null;
  deleteButton.textContent = "Delete";
}

function scrollToEnd(force = false) {
  const nearEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  if (force || nearEnd) { list.scrollTop = list.scrollHeight; }
}
