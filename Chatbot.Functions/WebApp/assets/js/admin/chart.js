// A bar chart of tokens per day, drawn as SVG by the page itself: one bar per day, its figures in a tooltip (the
// bar's <title>) and in the chart's description, so a screen reader gets them too. Colours come from the stylesheet.
import { formatNumber } from "./table.js";

const svgNamespace = "http://www.w3.org/2000/svg";
const [width, height] = [720, 240];
const margin = { top: 16, right: 8, bottom: 28, left: 64 };

function svg(name, attributes = {}, text) {
  const element = document.createElementNS(svgNamespace, name);
  for (const [key, value] of Object.entries(attributes)) { element.setAttribute(key, String(value)); }
  if (text !== undefined) { element.textContent = text; }
  return element;
}

/** A round number at or above the largest value, so the axis reads 0 to 5,000 rather than 0 to 4,731. */
function scaleTop(largest) {
  if (largest <= 0) { return 1; }
  const magnitude = 10 ** Math.floor(Math.log10(largest));
  return [1, 2, 2.5, 5, 10].map((step) => step * magnitude).find((top) => top >= largest);
}

/** The chart for `days`: [{day: "2026-10-27", total_tokens, messages}, …], oldest first. */
export function tokensPerDayChart(days) {
  const top = scaleTop(Math.max(0, ...days.map((day) => day.total_tokens)));
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const slot = plotWidth / Math.max(days.length, 1);
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, role: "img", class: "tokens-chart", "aria-labelledby": "chart-title chart-description",
  });
  const total = days.reduce((sum, day) => sum + day.total_tokens, 0);
  chart.append(
    svg("title", { id: "chart-title" }, "Tokens per day"),
    svg("desc", { id: "chart-description" },
      `${formatNumber(total)} tokens over ${days.length} days; the most in one day: ${formatNumber(Math.max(0, ...days.map((day) => day.total_tokens)))}.`));

  for (const fraction of [0, 0.5, 1]) {
    const y = margin.top + plotHeight * (1 - fraction);
    chart.append(
      svg("line", { class: "grid", x1: margin.left, x2: width - margin.right, y1: y, y2: y }),
      svg("text", { class: "axis-label", x: margin.left - 6, y: y + 4, "text-anchor": "end" }, formatNumber(top * fraction)));
  }

  days.forEach((day, index) => {
    const barHeight = plotHeight * (day.total_tokens / top);
    const bar = svg("rect", {
      class: "bar",
      x: margin.left + index * slot + slot * 0.15,
      y: margin.top + plotHeight - barHeight,
      width: slot * 0.7,
      height: barHeight,
      "data-day": day.day,
      "data-tokens": day.total_tokens,
    });
    bar.append(svg("title", {}, `${day.day}: ${formatNumber(day.total_tokens)} tokens, ${formatNumber(day.messages)} answers`));
    chart.append(bar);
  });

  // Only the first and last days are labelled: thirty dates would crowd the axis.
  if (days.length > 0) {
    const labelY = height - 8;
    chart.append(svg("text", { class: "axis-label", x: margin.left, y: labelY, "text-anchor": "start" }, days[0].day));
    chart.append(svg("text", { class: "axis-label", x: width - margin.right, y: labelY, "text-anchor": "end" }, days.at(-1).day));
  }
  return chart;
}
