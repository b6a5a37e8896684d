// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Submit the language form as soon as a language is picked (the button stays for keyboard and no-JS users).
  const select = document.getElementById("th-language-select");
  if (select) select.addEventListener("change", () => select.form.submit());
});
