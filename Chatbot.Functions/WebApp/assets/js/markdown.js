// A small Markdown renderer that builds DOM nodes and never parses HTML: a model's answer is text, so markup in it
// (<img onerror=…>, <script>) shows as the characters it is. Links keep only http:, https: and mailto: targets;
// any other link is shown as its source text. Covers what chat answers use: fenced code (with a copy button),
// headings, lists, quotes, rules, paragraphs, `code`, **bold**, *italic*, ~~struck~~ and links.
import { copyText } from "./clipboard.js";

const fence = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;
const headingStart = /^ {0,3}(#{1,6})\s+/;
const rule = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const quote = /^ {0,3}> ?(.*)$/;
const listItem = /^( {0,3})([-*+]|\d{1,9}[.)])\s+(.*)$/;
const blank = /^\s*$/;
// Quotes and lists nest by recursion: deeper than this, what is left shows as text, so that `>>>>…` thousands deep
// cannot overflow the stack.
const maxNesting = 32;

/** Renders Markdown text into a document fragment. */
export function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  renderBlocks(text.replace(/\r\n?/g, "\n").split("\n"), fragment);
  return fragment;
}

function renderBlocks(lines, parent, depth = 0) {
  if (depth >= maxNesting) {
    parent.append(paragraph(lines.map((line) => line.trim()).join("\n")));
    return;
  }
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
    } else if ((match = heading(line))) {
      const h = document.createElement(`h${Math.min(match.level + 2, 6)}`);
      appendInline(match.title, h);
      parent.append(h);
      i++;
    } else if (rule.test(line)) {
      parent.append(document.createElement("hr"));
      i++;
    } else if (quote.test(line)) {
      const inner = [];
      for (; i < lines.length && (match = quote.exec(lines[i])); i++) { inner.push(match[1]); }
      const blockquote = document.createElement("blockquote");
      renderBlocks(inner, blockquote, depth + 1);
      parent.append(blockquote);
    } else if ((match = listItem.exec(line))) {
      i = renderList(lines, i, parent, depth);
    } else {
      const text = [];
      for (; i < lines.length && !blank.test(lines[i]) && !startsBlock(lines[i]); i++) { text.push(lines[i].trim()); }
      parent.append(paragraph(text.join("\n")));
    }
  }
}

function paragraph(text) {
  const p = document.createElement("p");
  appendInline(text, p);
  return p;
}

/**
 * A heading's level and title, or null. The closing #s and the spaces around them are trimmed by hand: a pattern
 * such as `(.*?)\s*#*\s*$` backtracks cubically on a long run of spaces. A title holds no line separator.
 */
function heading(line) {
  const start = headingStart.exec(line);
  if (start === null) { return null; }
  let end = line.length;
  while (end > start[0].length && isSpace(line[end - 1])) { end--; }
  while (end > start[0].length && line[end - 1] === "#") { end--; }
  while (end > start[0].length && isSpace(line[end - 1])) { end--; }
  const title = line.slice(start[0].length, end);
  return /[\n\r\u2028\u2029]/.test(title) ? null : { level: start[1].length, title };
}

function startsBlock(line) {
  return fence.test(line) || heading(line) !== null || rule.test(line) || quote.test(line) || listItem.test(line);
}

/** A list and its items; an item's further lines are those indented under it, rendered as blocks of their own. */
function renderList(lines, start, parent, depth) {
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
    if (body.length === 1) { appendInline(body[0], li); } else { renderBlocks(body, li, depth + 1); }
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

/**
 * Appends text with its inline marks as elements; the text between them stays text. At each character the marks
 * that may open there are tried in priority order (code, link, bold, struck, italic, bare address, line break), and
 * a mark's end is searched forward with `nextWhere`. No regular expression scans ahead for a closer: one would
 * backtrack quadratically on a line of openers that never close (a long run of `[`). Inside a link, a link or
 * bare address stays its text, since an anchor cannot hold another.
 */
function appendInline(text, parent, insideLink = false) {
  const markAt = inlineMarks(text, insideLink);
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const mark = markAt(i);
    if (mark === null) { continue; }
    if (i > last) { parent.append(text.slice(last, i)); }
    parent.append(mark.node);
    last = mark.end;
    i = mark.end - 1;
  }
  if (last < text.length) { parent.append(text.slice(last)); }
}

/** The mark starting at an index, as its node and where it ends, or null; asked with ever larger indexes. */
function inlineMarks(text, insideLink) {
  const at = (index, marker) => text.startsWith(marker, index);
  const closer = (test) => nextWhere(text.length, test);
  const boldEnd = closer((j) => at(j, "**") && isNonSpace(text[j - 1]));
  const boldUnderscoreEnd = closer((j) => at(j, "__") && isNonSpace(text[j - 1]) && !isWordChar(text[j + 2]));
  const struckEnd = closer((j) => at(j, "~~") && isNonSpace(text[j - 1]));
  const italicEnd = closer((j) => text[j] === "*" && isNonSpace(text[j - 1]) && text[j - 1] !== "*");
  const italicUnderscoreEnd = closer((j) => text[j] === "_" && isNonSpace(text[j - 1]) && text[j - 1] !== "_" && !isWordChar(text[j + 1]));
  const labelEnd = closer((j) => text[j] === "]" || text[j] === "\n");
  const destinationAfter = lastOneKept((start) => destination(text, start));
  let codeSpanAt = null; // made at the first backtick

  // `**x**` and its kin: the marker, then text whose first character `opensOn` accepts, up to the first end after it.
  const delimited = (i, marker, name, endFrom, opensOn = isNonSpace) => {
    const from = i + marker.length;
    if (!at(i, marker) || !opensOn(text[from])) { return null; }
    const end = endFrom(from + 1);
    return end === Infinity ? null : { end: end + marker.length, node: nested(name, text.slice(from, end), insideLink) };
  };
  const opensItalic = (marker) => (c) => isNonSpace(c) && c !== marker;

  return (i) => {
    switch (text[i]) {
      case "`":
        codeSpanAt ??= codeSpans(text);
        return codeSpanAt(i);
      case "!":
      case "[": {
        const open = text[i] === "!" ? i + 1 : i;
        const close = text[open] === "[" ? labelEnd(open + 1) : Infinity;
        const target = text[close] === "]" && text[close + 1] === "(" ? destinationAfter(close + 2) : null;
        if (target === null) { return null; }
        const source = text.slice(i, target.end);
        return { end: target.end, node: link(target.url, text.slice(open + 1, close), source, open > i, insideLink) };
      }
      case "*":
        return delimited(i, "**", "strong", boldEnd) ?? delimited(i, "*", "em", italicEnd, opensItalic("*"));
      case "_":
        if (isWordChar(text[i - 1])) { return null; } // snake_case is no emphasis
        return delimited(i, "__", "strong", boldUnderscoreEnd) ?? delimited(i, "_", "em", italicUnderscoreEnd, opensItalic("_"));
      case "~":
        return delimited(i, "~~", "del", struckEnd);
      case "h": {
        bareAddress.lastIndex = i;
        const address = bareAddress.exec(text)?.[0];
        return address === undefined ? null : { end: i + address.length, node: link(address, address, address, false, insideLink) };
      }
      case "\n":
        return { end: i + 1, node: document.createElement("br") };
      default:
        return null;
    }
  };
}

// Sticky, so it is tried only where an address may start; it stops at the first space, so it reads each address once.
const bareAddress = /https?:\/\/[^\s<>]*[^\s<>.,;:!?'")\]]/y;

/**
 * A search for the first index at or after `from` where `test` holds (Infinity for none). `from` never decreases
 * between calls, so an answer still ahead is kept and the text is read once in all, however many openers ask.
 */
function nextWhere(length, test) {
  let next = -1;
  return (from) => {
    if (next >= from) { return next; }
    for (next = from; next < length && !test(next); next++) { /* reading on */ }
    if (next >= length) { next = Infinity; }
    return next;
  };
}

/** Remembers the last answer: the openers of a run like `[[[[a](…` all share one `](`, which is read once. */
function lastOneKept(compute) {
  let lastArgument;
  let lastResult;
  return (argument) => {
    if (argument !== lastArgument) {
      lastArgument = argument;
      lastResult = compute(argument);
    }
    return lastResult;
  };
}

/**
 * A code span opening at a backtick, or null: the rest of its run of backticks, then at least one character, then
 * the next run of exactly as many. The runs are listed once; for each length, the search only moves forward.
 */
function codeSpans(text) {
  const runs = []; // [start, end) of each run of backticks, in order
  const runsByLength = new Map();
  for (let j = text.indexOf("`"); j !== -1; j = text.indexOf("`", j)) {
    const start = j;
    while (text[j] === "`") { j++; }
    if (!runsByLength.has(j - start)) { runsByLength.set(j - start, []); }
    runsByLength.get(j - start).push(runs.length);
    runs.push([start, j]);
  }
  let current = 0;
  const searched = new Map(); // run length → how far into runsByLength's list the search has come
  return (i) => {
    while (runs[current][1] <= i) { current++; }
    const contentStart = runs[current][1];
    const length = contentStart - i;
    const candidates = runsByLength.get(length) ?? [];
    let k = searched.get(length) ?? 0;
    while (k < candidates.length && runs[candidates[k]][0] <= contentStart) { k++; }
    searched.set(length, k);
    if (k === candidates.length) { return null; }
    const contentEnd = runs[candidates[k]][0];
    return { end: contentEnd + length, node: element("code", text.slice(contentStart, contentEnd).replace(/^ (.*) $/, "$1")) };
  };
}

/**
 * A link's `(url "title")` from just after its `(`: the URL and where the `)` ends, or null. The URL may hold
 * balanced parentheses one deep (Wikipedia's addresses do); the title is read and dropped.
 */
function destination(text, start) {
  const urlStart = skipSpaces(text, start);
  let urlEnd = skipUrl(text, urlStart);
  while (text[urlEnd] === "(") {
    const inner = skipUrl(text, urlEnd + 1);
    if (text[inner] !== ")") { break; }
    urlEnd = skipUrl(text, inner + 1);
  }
  const close = skipSpaces(text, titleEnd(text, urlEnd) ?? urlEnd);
  if (text[close] === ")") { return { url: text.slice(urlStart, urlEnd), end: close + 1 }; }
  // `( "a b")` is no URL and a title; such a link, with no target, shows as its source text.
  const afterTitle = titleEnd(text, start);
  const titleClose = afterTitle === null ? -1 : skipSpaces(text, afterTitle);
  return text[titleClose] === ")" ? { url: "", end: titleClose + 1 } : null;
}

function titleEnd(text, from) {
  const quote = skipSpaces(text, from);
  if (quote === from || text[quote] !== '"') { return null; }
  let end = quote + 1;
  while (end < text.length && text[end] !== '"' && text[end] !== "\n") { end++; }
  return text[end] === '"' ? end + 1 : null;
}

function skipSpaces(text, from) {
  let end = from;
  while (isSpace(text[end])) { end++; }
  return end;
}

function skipUrl(text, from) {
  let end = from;
  while (end < text.length && text[end] !== "(" && text[end] !== ")" && !isSpace(text[end])) { end++; }
  return end;
}

const space = /\s/;
const wordChar = /\w/;
function isSpace(c) { return c !== undefined && space.test(c); }
function isNonSpace(c) { return c !== undefined && !space.test(c); }
function isWordChar(c) { return c !== undefined && wordChar.test(c); }

function element(name, text) {
  const node = document.createElement(name);
  node.textContent = text;
  return node;
}

function nested(name, text, insideLink) {
  const node = document.createElement(name);
  appendInline(text, node, insideLink);
  return node;
}

/** A link only to a web or mail address; anything else (javascript:, data:, relative paths) stays as its source text. */
function link(target, label, source, isImage, insideLink) {
  if (insideLink || !isSafeUrl(target)) { return document.createTextNode(source); }
  const a = document.createElement("a");
  a.href = target;
  a.rel = "noopener noreferrer nofollow";
  a.target = "_blank";
  // An image is shown as a link to it: the page loads nothing from other origins.
  appendInline(isImage ? `Image: ${label || target}` : label || target, a, true);
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
