// The copy button of a new API key: the clipboard API where the browser allows
// it (secure contexts), else the key is selected so the user can copy it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector("[data-copy-status]");
  const say = (text) => { if (status) status.textContent = text; };
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      if (!field) return;
      try {
        if (!navigator.clipboard) throw new Error("no clipboard API");
        await navigator.clipboard.writeText(field.value);
        say("Copied to the clipboard.");
      } catch (_error) {
        // plain http or a refused permission: select it for Ctrl+C / long press
        field.focus();
        field.select();
        say("Selected: press Ctrl+C (or Cmd+C) to copy.");
      }
    });
  }
});
