// How one exchange looks: the prompt as plain text, the answer as Markdown, and where the answer stands.
import { showAttachments } from "./attachments.js";
import { renderMarkdown } from "./markdown.js";

const statusWords = {
  pending: "waiting for the model…",
  streaming: "writing…",
  stopped: "stopped",
  truncated: "truncated: the answer reached the model's output limit",
  failed: "failed",
  blocked: "blocked",
};

const failureWords = {
  interrupted: "the server restarted while answering; regenerate it",
  gemini_timeout: "the model did not answer in time",
  gemini_unavailable: "the model was unavailable",
  gemini_rate_limited: "the model's quota was used up",
  gemini_error: "the model failed",
  gemini_rejected: "the model's provider rejected the server's key",
  gemini_not_configured: "the server has no Gemini key",
  content_blocked: "the model refused",
};

/** The words for a message's status, with the reason for a failure or a block. */
export function statusText(message) {
  if (message.status === "failed") {
    return `failed: ${failureWords[message.error_code] ?? message.error_code ?? "unknown error"}`;
  }
  if (message.status === "blocked") {
    return `blocked${message.finish_reason ? ` (${message.finish_reason.toLowerCase()})` : ""}`;
  }
  return statusWords[message.status] ?? "";
}

/** A new list item for a message; update it with fill(). */
export function messageElement(message) {
  const li = document.createElement("li");
  li.className = "message";
  const you = turn("user", "You");
  const prompt = document.createElement("div");
  prompt.className = "prompt";
  const versions = document.createElement("nav");
  versions.className = "versions";
  const edit = document.createElement("button");
  edit.type = "button";
  edit.className = "link edit";
  edit.textContent = "Edit";
  you.querySelector(".who").append(versions, edit);
  const files = document.createElement("ul");
  files.className = "attachment-list";
  files.setAttribute("aria-label", "Attachments");
  you.append(prompt, files);
  const assistant = turn("assistant", "Assistant");
  const status = document.createElement("span");
  status.className = "status";
  assistant.querySelector(".who").append(status);
  const answer = document.createElement("div");
  answer.className = "answer markdown";
  const actions = document.createElement("div");
  actions.className = "message-actions";
  assistant.append(answer, actions);
  li.append(you, assistant);
  fill(li, message);
  return li;
}

/** Shows a message's current state in its element. */
export function fill(li, message) {
  li.dataset.messageId = String(message.id);
  li.dataset.status = message.status;
  li.querySelector(".prompt").textContent = message.prompt;
  showAttachments(li.querySelector(".attachment-list"), message.attachments);
  showVersions(li.querySelector(".versions"), message);
  showAnswer(li, message.response);
  const status = li.querySelector(".status");
  status.textContent = statusText(message);
  status.hidden = message.status === "complete";
  status.className = `status status-${message.status}`;
}

/**
 * The `< 2/3 >` switcher: where this message stands among its siblings (other edits of the prompt, other answers to
 * it). Each arrow carries the sibling it selects.
 */
function showVersions(nav, message) {
  const siblings = message.siblings ?? [message.id];
  const at = siblings.indexOf(message.id);
  nav.hidden = siblings.length < 2 || at < 0;
  if (nav.hidden) { nav.replaceChildren(); return; }
  nav.setAttribute("aria-label", "Versions");
  const arrow = (label, text, target) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = text;
    button.setAttribute("aria-label", label);
    button.disabled = target === undefined;
    if (target !== undefined) { button.dataset.select = String(target); }
    return button;
  };
  const position = document.createElement("span");
  position.className = "version-position";
  position.textContent = `${at + 1}/${siblings.length}`;
  nav.replaceChildren(arrow("Previous version", "‹", siblings[at - 1]), position, arrow("Next version", "›", siblings[at + 1]));
}

export function showAnswer(li, text) {
  li.querySelector(".answer").replaceChildren(renderMarkdown(text));
}

function turn(kind, who) {
  const div = document.createElement("div");
  div.className = `turn ${kind}`;
  const label = document.createElement("div");
  label.className = "who";
  label.textContent = who;
  div.append(label);
  return div;
}
