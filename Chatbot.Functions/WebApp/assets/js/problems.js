// An API error in words a person can act on; the server's own detail where it says more than the status. An error
// about one thing among several (a file of an upload) names it first.
export function describe(error) {
  const words = describeProblem(error);
  return error?.subject ? `${error.subject}: ${words}` : words;
}

function describeProblem(error) {
  if (!(error && "status" in error)) {
    return error?.name === "TypeError" ? "The server cannot be reached. Check the connection and try again." : String(error?.message ?? error);
  }
  if (error.signedOut) {
    return error.code === "no_active_account"
      ? "Your account is not active any more, so you have been signed out."
      : "You have been signed out. Log in again to go on.";
  }
  const wait = error.retryAfter ? ` Try again in ${duration(error.retryAfter)}.` : "";
  switch (error.code) {
    case "gemini_rate_limited": return `The model is busy: its provider's request quota is used up.${wait || " Try again shortly."}`;
    case "quota_exceeded": return `Your daily token quota is spent.${wait}`;
    case "prompt_too_large": {
      const { prompt_tokens: tokens, input_token_limit: limit } = error.problem;
      return tokens && limit
        ? `The message is too long for the model: ${tokens} tokens, and it accepts ${limit}. Shorten it.`
        : "The message is too long for the model. Shorten it.";
    }
    case "payload_too_large": return "The message is too large to send (over 256 KiB).";
    case "gemini_unavailable": return `The model is unavailable at the moment.${wait || " Try again in a minute."}`;
    case "gemini_not_configured": return "The server has no Gemini API key set, so it cannot answer. Ask its operator to set GEMINI_API_KEY.";
    case "gemini_rejected": return "The model's provider rejected the server's key. Ask the operator to check it.";
    case "gemini_timeout": return "The model did not answer in time. Try again.";
    case "gemini_error": return "The model failed to answer. Try again.";
    case "content_blocked": return `The model refused: ${error.problem.detail ?? "the content was blocked"}.`;
    case "unsupported_attachment": return "That kind of file cannot be attached: images (PNG, JPEG, WebP, GIF, HEIC), PDFs and text files can.";
    case "attachment_too_large": return `The file is too large to attach.${error.problem.detail ? ` ${error.problem.detail}` : ""}`;
    case "too_many_attachments": return `Too many files for one message.${error.problem.detail ? ` ${error.problem.detail}` : ""}`;
    case "storage_quota_exceeded": return "Your storage for attachments is full. Delete old chats with files to make room.";
    case "attachments_not_supported": return "This chat's model cannot read images or PDFs. Pick another model in the settings, or send text files only.";
    case "attachment_in_use": return "A message still uses this file.";
    case "validation_failed": return fieldErrors(error.problem.errors) ?? error.message;
    case "no_active_account": return "Wrong username or password, or the account is not active.";
    case "registration_closed": return "Sign-ups are closed.";
    case "permission_denied": return "Only an admin can do that.";
    case "answer_in_progress": return "An answer is still being written. Wait for it, or stop it first.";
    case "not_last_message": return "Only the last answer can be regenerated.";
    default: break;
  }
  if (error.status === 429) { return `Too many requests.${wait}`; }
  if (error.status >= 500) { return `The server failed (${error.status}): ${error.message}`; }
  return error.message;
}

function fieldErrors(errors) {
  if (!errors) { return null; }
  return Object.entries(errors).map(([field, messages]) => `${field.replace(/_/g, " ")}: ${messages.join(" ")}`).join(" ");
}

function duration(seconds) {
  if (seconds < 90) { return `${seconds} second${seconds === 1 ? "" : "s"}`; }
  if (seconds < 5400) { return `${Math.round(seconds / 60)} minutes`; }
  return `${Math.round(seconds / 3600)} hours`;
}
