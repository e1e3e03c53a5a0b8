// Server-Sent Events from a fetch() body (EventSource cannot send an Authorization header): yields
// { event, data } for each event as soon as its blank line arrives.
export async function* readEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let event = "message";
  let data = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) { break; }
      buffer += value;
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        // A CR at the very end may be the first half of a CRLF split across reads: wait for the rest.
        if (buffer[newline] === "\r" && newline === buffer.length - 1) { break; }
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
        if (line === "") {
          if (data.length > 0) { yield { event, data: data.join("\n") }; }
          event = "message";
          data = [];
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") { event = text; } else if (field === "data") { data.push(text); }
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}
