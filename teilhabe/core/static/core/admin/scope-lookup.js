"use strict";
// Admin, memberships: the lookup link beside "Bereich" opens the list of the kind chosen in "Art des Bereichs"
// of the same row. The admin's RelatedObjectLookups.js does the rest (popup, writing the chosen key back).
// Runs in the capture phase, before the admin's own click handler on .related-lookup.
document.addEventListener(
  "click",
  (event) => {
    const link = event.target.closest("a[data-th-scope-lookup]");
    if (!link) {
      return;
    }
    const input = document.getElementById(link.id.replace(/^lookup_/, ""));
    const prefix = input ? input.name.slice(0, -"scope_id".length) : "";
    const select = document.querySelector(`select[name="${prefix}scope_type"]`);
    const urls = JSON.parse(link.dataset.thLookupUrls || "{}");
    const url = select ? urls[select.value] : undefined;
    if (!url) {
      event.preventDefault();
      event.stopImmediatePropagation();
      if (select) {
        select.focus();
      }
      return;
    }
    link.href = url;
  },
  true,
);
