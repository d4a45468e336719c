// "Remember my name and email": only when the commenter ticks the box, and only in this
// browser's storage. No cookie, and nothing reaches the server but the comment itself:
// the page is the same for every reader, so the fields are filled in here.
(() => {
  const KEY = "broadsheet-commenter";
  const form = document.getElementById("comment-form");
  const choice = form && form.querySelector("[data-remember]");
  if (!choice) return;
  const box = choice.querySelector("input[type=checkbox]");
  const name = form.elements.namedItem("author_name");
  const email = form.elements.namedItem("author_email");
  let storage;
  try {
    storage = window.localStorage;
  } catch {
    return; // Storage refused: the box would promise what cannot be kept.
  }
  choice.hidden = false;
  let kept = null;
  try {
    kept = JSON.parse(storage.getItem(KEY));
  } catch {
    storage.removeItem(KEY);
  }
  if (kept) {
    box.checked = true;
    // A form shown again with the commenter's text keeps what they typed.
    if (name && !name.value) name.value = kept.name || "";
    if (email && !email.value) email.value = kept.email || "";
  }
  form.addEventListener("submit", () => {
    if (box.checked) {
      storage.setItem(KEY, JSON.stringify({ name: name.value, email: email.value }));
    } else {
      storage.removeItem(KEY);
    }
  });
})();
