// Today's token spending, in the header.
import { json } from "./api.js";

const line = document.getElementById("usage");
const number = new Intl.NumberFormat();

export async function refreshUsage() {
  const { value } = await json("GET", "/usage/");
  const today = value.today;
  const quota = value.daily_token_quota ? ` of ${number.format(value.daily_token_quota)}` : "";
  line.textContent = `Today: ${number.format(today.total_tokens)}${quota} tokens, ${number.format(today.messages)} message${today.messages === 1 ? "" : "s"}`;
  line.hidden = false;
}

export function hideUsage() {
  line.hidden = true;
}
