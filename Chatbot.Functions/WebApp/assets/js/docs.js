// The API reference at /docs/: reads /openapi.json and lists every operation with its parameters, body and answers.
// Built with textContent only, like the chat page, and loading nothing from elsewhere.
const document_ = await (await fetch("/openapi.json")).json();
const schemas = document_.components.schemas;

const el = (name, text, className) => {
  const node = document.createElement(name);
  if (text !== undefined) { node.textContent = text; }
  if (className) { node.className = className; }
  return node;
};

const resolve = (item) => {
  let value = item;
  while (value?.$ref) { value = value.$ref.split("/").slice(1).reduce((node, key) => node[key], document_); }
  return value;
};

/** A schema as a short, readable outline: refs named, objects as their fields. */
function outline(schema, depth = 0) {
  if (!schema) { return ""; }
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop();
    return depth > 0 ? name : `${name} ${outline(schemas[name], depth + 1)}`;
  }
  if (schema.type === "array") { return `[${outline(schema.items, depth)}]`; }
  if (schema.properties) {
    const fields = Object.entries(schema.properties).map(([key, value]) => `  ${key}: ${outline(value, depth + 1)}`);
    return `{\n${fields.join("\n")}\n}`;
  }
  return [].concat(schema.type ?? "any").join(" | ") + (schema.enum ? ` (${schema.enum.join(", ")})` : "");
}

document.getElementById("description").textContent = document_.info.description;
const container = document.getElementById("operations");
for (const [path, item] of Object.entries(document_.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    if (method === "parameters") { continue; }
    const details = el("details", undefined, "operation");
    const summary = el("summary");
    summary.append(el("span", method, "method"), el("span", path, "path"), el("span", operation.summary));
    if (operation.security?.length) { summary.append(el("span", "bearer", "lock")); }
    details.append(summary);
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolve);
    if (parameters.length) {
      details.append(el("h3", "Parameters"));
      const list = el("ul");
      for (const parameter of parameters) { list.append(el("li", `${parameter.name} (${parameter.in}): ${outline(parameter.schema)}`)); }
      details.append(list);
    }
    const body = operation.requestBody?.content?.["application/json"]?.schema;
    if (body) { details.append(el("h3", "Body"), el("pre", outline(body))); }
    details.append(el("h3", "Answers"));
    const answers = el("ul");
    for (const [status, response] of Object.entries(operation.responses)) {
      const resolved = resolve(response);
      const line = el("li", `${status}: ${resolved.description}`);
      for (const [type, content] of Object.entries(resolved.content ?? {})) {
        if (type !== "application/problem+json") { line.append(el("pre", `${type}\n${outline(content.schema)}`)); }
      }
      answers.append(line);
    }
    details.append(answers);
    container.append(details);
  }
}
