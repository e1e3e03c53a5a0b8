// The Admin view: shown only to an active admin (GET /me/ says so), in four tabs that each read their part of the
// admin API when opened. The server decides what an admin may do: a demoted admin's next call answers 403, and the
// view closes.
import { json } from "../api.js";
import { guarded } from "../notice.js";
import * as audit from "./audit.js";
import * as signups from "./signups.js";
import * as usage from "./usage.js";
import * as users from "./users.js";

const toggle = document.getElementById("admin-toggle");
const tabs = [...document.querySelectorAll("#admin-view [role=tab]")];
const sections = { "tab-users": users, "tab-usage": usage, "tab-signups": signups, "tab-audit": audit };

let isAdmin = false;
let selected = tabs[0];
let deniedHandler = () => {};

/** Runs an admin action, showing its error; a 403 means this user is no longer an admin. */
export function adminGuarded(action) {
  return guarded(async () => {
    try {
      return await action();
    } catch (error) {
      if (error?.code === "permission_denied") { lose(); }
      throw error;
    }
  });
}

export function setUpAdmin({ onDenied }) {
  deniedHandler = onDenied;
  for (const tab of tabs) {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) {
        const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
        next.focus();
        select(next);
      }
    });
  }
  for (const section of Object.values(sections)) { section.setUp(adminGuarded); }
}

/** Reads the caller's role: the Admin button shows for an active admin only. */
export async function checkAccess() {
  const { value } = await json("GET", "/me/");
  isAdmin = value.role === "admin" && value.status === "active";
  toggle.hidden = !isAdmin;
  return isAdmin;
}

export function allowed() { return isAdmin; }

/** The view is shown: the selected tab reads its data afresh. */
export function enter() { return adminGuarded(() => sections[selected.id].load()); }

function select(tab) {
  mark(tab);
  enter();
}

function mark(tab) {
  selected = tab;
  for (const other of tabs) {
    const chosen = other === tab;
    other.setAttribute("aria-selected", String(chosen));
    other.tabIndex = chosen ? 0 : -1;
    document.getElementById(other.getAttribute("aria-controls")).hidden = !chosen;
  }
}

function lose() {
  isAdmin = false;
  toggle.hidden = true;
  deniedHandler();
}

/** Signed out: nothing of the last admin's view stays on the page for whoever signs in next. */
export function reset() {
  isAdmin = false;
  toggle.hidden = true;
  for (const section of Object.values(sections)) { section.reset(); }
  mark(tabs[0]);
}
