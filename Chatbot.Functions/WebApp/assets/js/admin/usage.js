// The usage tab: the whole deployment's tokens per day for the last 30 days, and who spent most.
import { json } from "../api.js";
import { tokensPerDayChart } from "./chart.js";
import { cell, formatNumber } from "./table.js";

const byId = (id) => document.getElementById(id);
const [summary, chartHolder, topUsers, topEmpty] = ["usage-summary", "usage-chart", "top-users", "top-users-empty"].map(byId);
const days = 30;

export function setUp() {}

export async function load() {
  const { value } = await json("GET", `/admin/usage/?days=${days}`);
  summary.textContent = `${formatNumber(value.total_tokens)} tokens and ${formatNumber(value.messages)} answer${value.messages === 1 ? "" : "s"} `
    + `since ${value.since.slice(0, 10)}.`;
  chartHolder.replaceChildren(tokensPerDayChart(value.per_day));
  topUsers.querySelector("tbody").replaceChildren(...value.top_users.map((user) => {
    const tr = document.createElement("tr");
    tr.append(cell(user.username), cell(formatNumber(user.total_tokens), "number"), cell(formatNumber(user.messages), "number"));
    return tr;
  }));
  topUsers.hidden = value.top_users.length === 0;
  topEmpty.hidden = value.top_users.length > 0;
}

export function reset() {
  summary.textContent = "";
  chartHolder.replaceChildren();
  topUsers.querySelector("tbody").replaceChildren();
}
