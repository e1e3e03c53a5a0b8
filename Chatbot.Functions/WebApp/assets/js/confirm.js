// A question before an action that cannot be undone, in a modal dialog that names what is at stake. The answer is
// the button pressed; Escape or Cancel is no.
const dialog = document.getElementById("confirm-dialog");
const text = document.getElementById("confirm-text");
const yes = document.getElementById("confirm-yes");

/** Resolves true when the user confirms, false when they cancel. */
export function confirmAction(question, action) {
  text.textContent = question;
  yes.textContent = action;
  dialog.returnValue = "";
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "yes"), { once: true });
  });
}
