// Autosave without warnings over the form while the writer is still typing.
//
// Wagtail autosaves a post half a second after each change. A draft that cannot be saved
// yet (no title so far, a cover picture not yet described) fails with a validation
// error, and Wagtail then showed "Autosave is paused: there are validation errors"
// in the footer, over the form, until the next successful save. Here that one error
// only turns the header's indicator to "Not saved yet"; autosave tries again at the next
// change, and Save draft or Publish show what is missing beside each field.
//
// Every other autosave error (the network, the server, a newer version saved elsewhere)
// is passed on as broadsheet-autosave:error, which the footer message listens to
// (templates/wagtailadmin/shared/unsaved_changes_warning.html).
(() => {
  "use strict";

  const INCOMPLETE_TOOLTIP =
    "This draft is saved automatically once it can be: Save draft shows what is missing.";

  function showIncomplete() {
    const indicator = document.getElementById("w-autosave-indicator");
    if (!indicator) return;
    indicator.setAttribute("data-w-autosave-state-value", "incomplete");
    indicator.setAttribute("data-w-tooltip-content-value", INCOMPLETE_TOOLTIP);
  }

  document.addEventListener("w-autosave:error", (event) => {
    if (event.detail?.type === "validation_error") {
      // After the indicator's own handler, which marks it "paused" in this same event.
      setTimeout(showIncomplete, 0);
      return;
    }
    event.target.dispatchEvent(
      new CustomEvent("broadsheet-autosave:error", { bubbles: true, detail: event.detail }),
    );
  });
})();
