// Files in a conversation: the composer's attach button, drag and drop and pasted images upload at once and wait as
// chips until the message goes; a message shows its attachments (images as thumbnails, other files as chips) and
// opens one on click. The bytes come through the API with the bearer token, so they are shown from blob: URLs.
import { send } from "./api.js";
import { guarded } from "./notice.js";

const byId = (id) => document.getElementById(id);
const [composer, prompt, attachButton, fileInput, pendingList] =
  ["composer", "prompt", "attach", "attach-input", "pending-attachments"].map(byId);
const units = ["bytes", "KB", "MB", "GB"];
let pending = []; // [{ id, name, content_type, size }] uploaded, not yet sent
let uploading = 0;
const blobs = new Map(); // attachment id → Promise of a blob: URL, kept while the page lives

export function formatSize(size) {
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const isImage = (attachment) => attachment.content_type.startsWith("image/");

/** The attachment's bytes as a blob: URL, fetched once. */
function blobUrl(attachment) {
  if (!blobs.has(attachment.id)) {
    const loading = send("GET", `/attachments/${attachment.id}/content/`, { accept: "*/*" })
      .then((response) => response.blob())
      .then((blob) => URL.createObjectURL(blob));
    loading.catch(() => blobs.delete(attachment.id));
    blobs.set(attachment.id, loading);
  }
  return blobs.get(attachment.id);
}

/** Opens an attachment in a new tab (an image, a PDF, a text file the browser shows) from its bytes. */
async function openAttachment(attachment) {
  const url = await blobUrl(attachment);
  const link = document.createElement("a");
  link.href = url;
  link.target = "_blank";
  link.rel = "noopener";
  // Images and PDFs open in the tab; anything else (text, code) is saved under its own name.
  if (!isImage(attachment) && attachment.content_type !== "application/pdf") { link.download = attachment.name; }
  link.click();
}

/** One attachment as a button: a thumbnail for an image, else a chip with its name and size. */
export function attachmentElement(attachment, { onRemove } = {}) {
  const item = document.createElement("li");
  item.className = "attachment";
  item.dataset.attachmentId = String(attachment.id);
  const open = document.createElement("button");
  open.type = "button";
  open.className = isImage(attachment) ? "thumb" : "chip";
  const label = `${attachment.name} (${formatSize(attachment.size)})`;
  if (attachment.available === false) {
    open.disabled = true;
    open.textContent = `${label}: not available`;
  } else if (isImage(attachment)) {
    const image = document.createElement("img");
    image.alt = attachment.name;
    open.setAttribute("aria-label", `Open ${label}`);
    open.append(image);
    blobUrl(attachment).then((url) => { image.src = url; }, () => { open.textContent = label; });
    open.addEventListener("click", () => guarded(() => openAttachment(attachment)));
  } else {
    open.textContent = label;
    open.setAttribute("aria-label", `Open ${label}`);
    open.addEventListener("click", () => guarded(() => openAttachment(attachment)));
  }
  item.append(open);
  if (onRemove) {
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "link remove";
    remove.textContent = "×";
    remove.setAttribute("aria-label", `Remove ${attachment.name}`);
    remove.addEventListener("click", onRemove);
    item.append(remove);
  }
  return item;
}

/** Shows a message's attachments in its list (hidden when there are none). */
export function showAttachments(container, attachments) {
  const list = attachments ?? [];
  container.hidden = list.length === 0;
  container.replaceChildren(...list.map((attachment) => attachmentElement(attachment)));
}

function showPending() {
  pendingList.hidden = pending.length === 0 && uploading === 0;
  const items = pending.map((attachment) => attachmentElement(attachment, {
    onRemove: () => { pending = pending.filter((other) => other.id !== attachment.id); showPending(); },
  }));
  if (uploading > 0) {
    const busy = document.createElement("li");
    busy.className = "attachment uploading";
    busy.textContent = `uploading ${uploading} file${uploading === 1 ? "" : "s"}…`;
    items.push(busy);
  }
  pendingList.replaceChildren(...items);
  prompt.required = pending.length === 0;
}

/** Uploads files one after another; each refused one says why, and the others still go. */
async function upload(files) {
  uploading += files.length;
  showPending();
  for (const file of files) {
    try {
      const form = new FormData();
      form.append("file", file, file.name || "pasted-image");
      const response = await send("POST", "/attachments/", { body: form });
      pending.push(await response.json());
    } catch (error) {
      error.subject = file.name || "The pasted file";
      throw error;
    } finally {
      uploading -= 1;
      showPending();
    }
  }
}

/** The uploaded attachments, for the message being sent; they stay until the message is taken. */
export function pendingIds() { return pending.map((attachment) => attachment.id); }

export function isUploading() { return uploading > 0; }

/** The message went: its attachments are its own now. */
export function clearPending() {
  pending = [];
  showPending();
}

export function setUpAttachments() {
  attachButton.addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", () => {
    const files = [...fileInput.files];
    fileInput.value = "";
    guarded(() => upload(files));
  });
  composer.addEventListener("dragover", (event) => {
    if (event.dataTransfer?.types.includes("Files")) { event.preventDefault(); composer.classList.add("dropping"); }
  });
  composer.addEventListener("dragleave", () => composer.classList.remove("dropping"));
  composer.addEventListener("drop", (event) => {
    composer.classList.remove("dropping");
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0) { return; }
    event.preventDefault();
    guarded(() => upload(files));
  });
  prompt.addEventListener("paste", (event) => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) { return; }
    event.preventDefault();
    guarded(() => upload(files));
  });
}
