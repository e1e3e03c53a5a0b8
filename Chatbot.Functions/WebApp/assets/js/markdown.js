// A small Markdown renderer that builds DOM nodes and never parses HTML: a model's answer is text, so markup in it
// (<img onerror=…>, <script>) shows as the characters it is. Links keep only http:, https: and mailto: targets;
// any other link is shown as its source text. Covers what chat answers use: fenced code (with a copy button),
// headings, lists, quotes, rules, paragraphs, `code`, **bold**, *italic*, ~~struck~~ and links.

const fence = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;
const heading = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const rule = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const quote = /^ {0,3}> ?(.*)$/;
const listItem = /^( {0,3})([-*+]|\d{1,9}[.)])\s+(.*)$/;
const blank = /^\s*$/;

/** Renders Markdown text into a document fragment. */
export function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  renderBlocks(text.replace(/\r\n?/g, "\n").split("\n"), fragment);
  return fragment;
}

function renderBlocks(lines, parent) {
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    let match;
    if (blank.test(line)) {
      i++;
    } else if ((match = fence.exec(line))) {
      const close = new RegExp(`^ {0,3}${match[1][0]}{${match[1].length},}\\s*$`);
      const body = [];
      for (i++; i < lines.length && !close.test(lines[i]); i++) { body.push(lines[i]); }
      i++; // the closing fence; an answer still streaming may not have it yet
      parent.append(codeBlock(body.join("\n"), match[2]));
    } else if ((match = heading.exec(line))) {
      const h = document.createElement(`h${Math.min(match[1].length + 2, 6)}`);
      appendInline(match[2], h);
      parent.append(h);
      i++;
    } else if (rule.test(line)) {
      parent.append(document.createElement("hr"));
      i++;
    } else if (quote.test(line)) {
      const inner = [];
      for (; i < lines.length && (match = quote.exec(lines[i])); i++) { inner.push(match[1]); }
      const blockquote = document.createElement("blockquote");
      renderBlocks(inner, blockquote);
      parent.append(blockquote);
    } else if ((match = listItem.exec(line))) {
      i = renderList(lines, i, parent);
    } else {
      const paragraph = [];
      for (; i < lines.length && !blank.test(lines[i]) && !startsBlock(lines[i]); i++) { paragraph.push(lines[i].trim()); }
      const p = document.createElement("p");
      appendInline(paragraph.join("\n"), p);
      parent.append(p);
    }
  }
}

function startsBlock(line) {
  return fence.test(line) || heading.test(line) || rule.test(line) || quote.test(line) || listItem.test(line);
}

/** A list and its items; an item's further lines are those indented under it, rendered as blocks of their own. */
function renderList(lines, start, parent) {
  const first = listItem.exec(lines[start]);
  const ordered = /\d/.test(first[2]);
  const list = document.createElement(ordered ? "ol" : "ul");
  if (ordered && Number.parseInt(first[2], 10) !== 1) { list.start = Number.parseInt(first[2], 10); }
  let i = start;
  let match;
  while (i < lines.length && (match = listItem.exec(lines[i])) && /\d/.test(match[2]) === ordered) {
    const indent = match[1].length + match[2].length + 1;
    const body = [match[3]];
    for (i++; i < lines.length; i++) {
      const next = lines[i];
      if (blank.test(next)) {
        if (i + 1 < lines.length && leadingSpaces(lines[i + 1]) >= indent) { body.push(""); continue; }
        break;
      }
      if (leadingSpaces(next) >= Math.min(indent, 2)) { body.push(next.slice(Math.min(leadingSpaces(next), indent))); continue; }
      if (listItem.test(next) || startsBlock(next)) { break; }
      body.push(next); // a lazy continuation of the item's text
    }
    const li = document.createElement("li");
    if (body.length === 1) { appendInline(body[0], li); } else { renderBlocks(body, li); }
    list.append(li);
    while (i < lines.length && blank.test(lines[i]) && i + 1 < lines.length && listItem.test(lines[i + 1])) { i++; }
  }
  parent.append(list);
  return i;
}

function leadingSpaces(line) { return line.length - line.trimStart().length; }

function codeBlock(code, language) {
  const block = document.createElement("div");
  block.className = "code-block";
  const bar = document.createElement("div");
  bar.className = "code-bar";
  const label = document.createElement("span");
  label.textContent = language || "code";
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "copy";
  copy.textContent = "Copy";
  copy.setAttribute("aria-label", `Copy ${language || "code"} to the clipboard`);
  copy.addEventListener("click", () => copyText(code, copy));
  bar.append(label, copy);
  const pre = document.createElement("pre");
  const element = document.createElement("code");
  element.textContent = code;
  pre.append(element);
  pre.tabIndex = 0; // a long line scrolls sideways: the keyboard must reach it too
  block.append(bar, pre);
  return block;
}

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed";
  }
  setTimeout(() => { button.textContent = "Copy"; }, 1500);
}

// One pattern, alternatives in priority order; each match becomes an element, the text between stays text.
const inline = new RegExp([
  /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/.source, // 1-2 code span
  /(!?)\[([^\]\n]*)\]\(\s*([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+"[^"\n]*")?\s*\)/.source, // 3-5 link (or image)
  /\*\*(?=\S)([\s\S]*?\S)\*\*/.source, // 6 bold
  /(?<![\w])__(?=\S)([\s\S]*?\S)__(?![\w])/.source, // 7 bold
  /~~(?=\S)([\s\S]*?\S)~~/.source, // 8 struck
  /\*(?=[^\s*])([\s\S]*?[^\s*])\*/.source, // 9 italic
  /(?<![\w])_(?=[^\s_])([\s\S]*?[^\s_])_(?![\w])/.source, // 10 italic
  /(https?:\/\/[^\s<>]*[^\s<>.,;:!?'")\]])/.source, // 11 bare address
  /(\n)/.source, // 12 line break
].join("|"), "g");

function appendInline(text, parent) {
  let last = 0;
  for (const match of text.matchAll(inline)) {
    if (match.index > last) { parent.append(text.slice(last, match.index)); }
    last = match.index + match[0].length;
    if (match[2] !== undefined) {
      parent.append(element("code", match[2].replace(/^ (.*) $/, "$1")));
    } else if (match[4] !== undefined) {
      parent.append(link(match[5], match[4], match[0], match[3] === "!"));
    } else if (match[6] !== undefined || match[7] !== undefined) {
      parent.append(nested("strong", match[6] ?? match[7]));
    } else if (match[8] !== undefined) {
      parent.append(nested("del", match[8]));
    } else if (match[9] !== undefined || match[10] !== undefined) {
      parent.append(nested("em", match[9] ?? match[10]));
    } else if (match[11] !== undefined) {
      parent.append(link(match[11], match[11], match[11], false));
    } else {
      parent.append(document.createElement("br"));
    }
  }
  if (last < text.length) { parent.append(text.slice(last)); }
}

function element(name, text) {
  const node = document.createElement(name);
  node.textContent = text;
  return node;
}

function nested(name, text) {
  const node = document.createElement(name);
  appendInline(text, node);
  return node;
}

/** A link only to a web or mail address; anything else (javascript:, data:, relative paths) stays as its source text. */
function link(target, label, source, isImage) {
  if (!isSafeUrl(target)) { return document.createTextNode(source); }
  const a = document.createElement("a");
  a.href = target;
  a.rel = "noopener noreferrer nofollow";
  a.target = "_blank";
  // An image is shown as a link to it: the page loads nothing from other origins.
  appendInline(isImage ? `Image: ${label || target}` : label || target, a);
  return a;
}

export function isSafeUrl(target) {
  if (!/^(https?:\/\/|mailto:)/i.test(target)) { return false; }
  try {
    return ["http:", "https:", "mailto:"].includes(new URL(target).protocol);
  } catch {
    return false;
  }
}
