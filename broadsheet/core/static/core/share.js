// "Copy link" for readers with JavaScript; without it the address stays in a
// read-only field to select and copy, so the button only appears once it can work.
document.querySelectorAll("[data-copy-button]").forEach((button) => {
  const source = button.parentElement.querySelector("[data-copy-source]");
  if (!source || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(source.value);
    button.textContent = "Copied";
  });
});
