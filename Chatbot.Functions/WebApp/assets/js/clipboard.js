// Copy buttons: the text goes to the clipboard, and the button says for a moment whether it did.
export async function copyText(text, button) {
  // The label from before the first press: a second press while it says "Copied" must not keep that for good.
  const label = (button.dataset.label ??= button.textContent);
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed";
  }
  setTimeout(() => { button.textContent = label; }, 1500);
}
