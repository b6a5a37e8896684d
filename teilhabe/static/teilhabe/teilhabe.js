// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Submit the language form as soon as a language is picked (the button stays for keyboard and no-JS users).
  const select = document.getElementById("th-language-select");
  if (select) select.addEventListener("change", () => select.form.submit());

  // Long checkbox lists ({% choices %}, teilhabe/core/templatetags/fields.py): a text filter hides the options that do not match and a live
  // region says how many are visible and how many are chosen. Chosen options stay chosen while hidden.
  const normalise = (text) => text.toLocaleLowerCase("de").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  document.querySelectorAll("[data-th-choices]").forEach((fieldset) => {
    const panel = fieldset.querySelector(".th-choices__filter");
    const input = fieldset.querySelector("[data-th-choices-filter]");
    const count = fieldset.querySelector("[data-th-choices-count]");
    const options = Array.from(fieldset.querySelectorAll(".th-choices__options .kern-form-check"));
    if (!panel || !input || !count) return;
    const labels = options.map((option) => normalise(option.textContent || ""));
    const update = () => {
      const wanted = normalise(input.value.trim());
      let visible = 0;
      options.forEach((option, index) => {
        const show = !wanted || labels[index].includes(wanted);
        option.hidden = !show;
        if (show) visible += 1;
      });
      const checked = fieldset.querySelectorAll(".th-choices__options input:checked").length;
      count.textContent = count.dataset.template
        .replace("{visible}", String(visible))
        .replace("{total}", String(options.length))
        .replace("{checked}", String(checked));
    };
    panel.hidden = false;
    input.addEventListener("input", update);
    // Enter in the filter would submit the whole form: the filter is not an answer.
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
    fieldset.addEventListener("change", (event) => {
      if (event.target !== input) update();
    });
    update();
  });

  // Rows that can be added (includes/formset.html): a button copies the empty row and counts it in TOTAL_FORMS.
  document.querySelectorAll("[data-th-formset]").forEach((fieldset) => {
    const rows = fieldset.querySelector("[data-th-formset-rows]");
    const template = fieldset.querySelector("template[data-th-formset-template]");
    const button = fieldset.querySelector("[data-th-formset-add]");
    const total = fieldset.querySelector('input[name$="-TOTAL_FORMS"]');
    if (!rows || !template || !button || !total) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const index = Number(total.value);
      const html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const first = rows.lastElementChild && rows.lastElementChild.querySelector("input");
      if (first) first.focus();
    });
  });

  // After a submit: focus the error summary (a form came back with errors) or else the message of the step just
  // done, so that screen reader and keyboard users start where the page says what happened.
  const target =
    document.querySelector("form .kern-alert--danger, [data-th-focus]") ||
    document.querySelector('main [aria-invalid="true"]') ||
    document.querySelector(".th-messages");
  if (target) {
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: false });
  }
});
