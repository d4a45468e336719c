// The reader's light or dark choice, kept in this browser only (never a cookie: every
// reader is handed the same cached page). Loaded blocking in <head>, so a kept choice
// applies before the first paint; the header's radios then show and change it.
(() => {
  const KEY = "broadsheet-theme";
  const THEMES = ["light", "dark"];
  const root = document.documentElement;
  const stored = () => {
    try {
      const theme = localStorage.getItem(KEY);
      return THEMES.includes(theme) ? theme : "auto";
    } catch {
      return "auto"; // Storage refused (private mode, blocked): the device decides.
    }
  };
  const apply = (theme) => {
    if (THEMES.includes(theme)) root.dataset.theme = theme;
    else delete root.dataset.theme;
  };
  apply(stored());
  document.addEventListener("DOMContentLoaded", () => {
    const chosen = stored();
    document.querySelectorAll('input[name="theme"]').forEach((radio) => {
      radio.checked = radio.value === chosen;
      radio.addEventListener("change", () => {
        try {
          if (THEMES.includes(radio.value)) localStorage.setItem(KEY, radio.value);
          else localStorage.removeItem(KEY);
        } catch {
          // Not kept, but still applied to this page.
        }
        apply(radio.value);
      });
    });
  });
})();
