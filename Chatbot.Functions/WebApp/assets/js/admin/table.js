// What the admin view's tables share: cells that hold text only (names, emails and audit details are whatever their
// authors typed, so they are never parsed as HTML), dates and numbers in the reader's locale, and paging by the
// API's Link header.
import { json } from "../api.js";

const numbers = new Intl.NumberFormat();
const dates = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "short" });

export function formatNumber(value) { return numbers.format(value); }

export function formatDate(iso) { return iso ? dates.format(new Date(iso)) : "never"; }

/** A table cell with the given text, or with the given nodes. */
export function cell(content, className) {
  const td = document.createElement("td");
  if (className) { td.className = className; }
  if (content instanceof Node) { td.append(content); } else { td.textContent = String(content ?? ""); }
  return td;
}

export function button(label, onClick, className = "secondary") {
  const element = document.createElement("button");
  element.type = "button";
  element.className = className;
  element.textContent = label;
  element.addEventListener("click", onClick);
  return element;
}

/**
 * A table whose rows come a page at a time: newest first, as the API lists them, "newer" following the Link
 * header's prev and "older" its next. `row` makes a table row from one item.
 */
export function pagedTable({ table, empty, newer, older, row, guard }) {
  const body = table.querySelector("tbody");
  let current = null;
  let links = {};

  async function load(path) {
    const answer = await json("GET", path);
    current = path;
    links = answer.links;
    body.replaceChildren(...answer.value.map(row));
    empty.hidden = answer.value.length > 0;
    table.hidden = answer.value.length === 0;
    newer.hidden = !links.prev;
    older.hidden = !links.next;
    return answer.value;
  }

  newer.addEventListener("click", () => guard(() => load(links.prev)));
  older.addEventListener("click", () => guard(() => load(links.next)));

  return {
    load,
    /** The page shown, read again (after a change to one of its rows). */
    reload: () => (current ? load(current) : Promise.resolve([])),
    clear() {
      current = null;
      body.replaceChildren();
      empty.hidden = true;
      newer.hidden = true;
      older.hidden = true;
    },
  };
}
