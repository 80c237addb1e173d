// Copy buttons (a new API key, the examples of the documentation pages): the
// clipboard API where the browser allows it (secure contexts), else the text
// is selected so the user can copy it. A button names what it copies by id in
// data-copy; its status goes to the [data-copy-status] beside it, or the page's.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const status = button.parentElement.querySelector("[data-copy-status]")
      || document.querySelector("[data-copy-status]");
    const say = (text) => { if (status) status.textContent = text; };
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      if (!field) return;
      const isInput = "value" in field && field.tagName !== "BUTTON";
      try {
        if (!navigator.clipboard) throw new Error("no clipboard API");
        await navigator.clipboard.writeText(isInput ? field.value : field.textContent);
        say("Copied to the clipboard.");
      } catch (_error) {
        // plain http or a refused permission: select it for Ctrl+C / long press
        if (isInput) {
          field.focus();
          field.select();
        } else {
          const range = document.createRange();
          range.selectNodeContents(field);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
        }
        say("Selected: press Ctrl+C (or Cmd+C) to copy.");
      }
    });
  }
});
