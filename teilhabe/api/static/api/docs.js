// Interactive API documentation: Swagger UI (from npm, served from our own origin) on the OpenAPI document.
// No inline script (strict CSP): the document's address comes from a data attribute.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi"),
    domNode: root,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    tryItOutEnabled: false,
    supportedSubmitMethods: ["get", "head"],
  });
})();
