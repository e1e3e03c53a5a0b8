// One place on the page for what went wrong: announced to screen readers, never swallowed.
import { describe } from "./problems.js";

const box = document.getElementById("notice");
const text = document.getElementById("notice-text");
document.getElementById("notice-close").addEventListener("click", clear);

export function showError(error) {
  text.textContent = describe(error);
  box.hidden = false;
}

export function clear() {
  box.hidden = true;
  text.textContent = "";
}

/** Runs an action from a button or form, showing any error it throws. */
export async function guarded(action) {
  try {
    clear();
    return await action();
  } catch (error) {
    if (error?.name !== "AbortError") { showError(error); }
    return undefined;
  }
}
