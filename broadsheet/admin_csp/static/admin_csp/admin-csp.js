// XXX: Wagtail's admin starts some widgets and panels (date and time pickers, choosers,
// inline panels) with inline <script> elements, which our Content-Security-Policy
// (script-src 'self' + nonce, no 'unsafe-inline') blocks, leaving them dead. Our
// overrides of those templates (broadsheet/templates/wagtailadmin/) and of the
// choosers' rendering (broadsheet/admin_csp/wagtail_hooks.py) emit an inert
//   <template data-broadsheet-init="initDateTimeChooser" data-broadsheet-id="id_date"
//             data-broadsheet-options="{...}">
// instead, and this file makes the same call: initDateTimeChooser("id_date", {...}).
// It does so for the page as loaded and for markup added later (the scheduling dialog,
// new inline panel forms, modals), as the browser did for the inline scripts.
(() => {
  "use strict";

  // Only what Wagtail's inline scripts call, so markup cannot make this call anything else.
  const FUNCTIONS = new Set([
    "initDateChooser",
    "initTimeChooser",
    "initDateTimeChooser",
    "createTaskChooser",
  ]);
  const CONSTRUCTORS = new Set([
    "Chooser",
    "PageChooser",
    "SnippetChooser",
    "ImageChooser",
    "DocumentChooser",
    "InlinePanel",
    "MultipleChooserPanel",
  ]);
  const SELECTOR = "template[data-broadsheet-init]";
  const initialised = new WeakSet();

  function initialise(marker) {
    if (initialised.has(marker)) return;
    initialised.add(marker);
    const name = marker.dataset.broadsheetInit;
    const target = window[name];
    if (typeof target !== "function" || !(FUNCTIONS.has(name) || CONSTRUCTORS.has(name))) {
      console.error(`admin-csp.js: no ${name} to call for`, marker);
      return;
    }
    const args = [];
    if (marker.dataset.broadsheetId !== undefined) args.push(marker.dataset.broadsheetId);
    if (marker.dataset.broadsheetOptions !== undefined) {
      args.push(JSON.parse(marker.dataset.broadsheetOptions));
    }
    // One failing widget must not stop the others, as with separate inline scripts.
    try {
      if (CONSTRUCTORS.has(name)) {
        new target(...args);
      } else {
        target(...args);
      }
    } catch (error) {
      console.error(`admin-csp.js: ${name} failed`, error);
    }
  }

  function initialiseWithin(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(SELECTOR)) initialise(node);
    node.querySelectorAll(SELECTOR).forEach(initialise);
  }

  // XXX: an inline panel adds a form with jQuery's append(), which ran the form's inline
  // scripts at once; a MultipleChooserPanel then sets the new form's chooser straight
  // away (getById(...).setStateFromModalData). A MutationObserver would start that
  // chooser a moment too late, so what append() adds is started before it returns.
  function startWhatJQueryAppends() {
    const jq = window.jQuery;
    if (!jq || jq.fn.append.broadsheetInit) return;
    const append = jq.fn.append;
    const started = function (...args) {
      const result = append.apply(this, args);
      this.each((_, node) => initialiseWithin(node));
      return result;
    };
    started.broadsheetInit = true;
    jq.fn.append = started;
  }

  startWhatJQueryAppends();
  // jQuery may come after this file: try again once the page has loaded.
  document.addEventListener("DOMContentLoaded", startWhatJQueryAppends);
  // Each marker is acted on as soon as the parser has added it, as its inline script would
  // have run, and not at DOMContentLoaded: by then Wagtail's Stimulus controllers have
  // started, and a dropdown has moved its items (a chooser's "Choose another author") out
  // of the page into its popup, where a chooser started later cannot find them.
  // Document order, as inline scripts ran: fields before the panels that hold them.
  initialiseWithin(document.documentElement);
  new MutationObserver((mutations) => {
    for (const mutation of mutations) mutation.addedNodes.forEach(initialiseWithin);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
