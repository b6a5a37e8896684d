// Copies the locked front-end packages from node_modules into teilhabe/static/vendor,
// so Django's collectstatic and WhiteNoise serve them from our own origin (no CDN, CSP 'self').
import { cpSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nm = join(root, "node_modules");
const out = join(root, "teilhabe", "static", "vendor");

const copies = [
  ["@kern-ux/native/dist/kern.min.css", "kern/kern.min.css"],
  ["@kern-ux/native/dist/fonts", "kern/fonts"],
  ["@kern-ux/native/LICENSE.md", "kern/LICENSE.md"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["htmx.org/LICENSE", "htmx/LICENSE"],
  ["leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  ["leaflet/dist/leaflet.js.map", "leaflet/leaflet.js.map"],
  ["leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet/dist/images", "leaflet/images"],
  ["leaflet/LICENSE", "leaflet/LICENSE"],
  ["leaflet.markercluster/dist/leaflet.markercluster.js", "markercluster/leaflet.markercluster.js"],
  ["leaflet.markercluster/dist/leaflet.markercluster.js.map", "markercluster/leaflet.markercluster.js.map"],
  ["leaflet.markercluster/dist/MarkerCluster.css", "markercluster/MarkerCluster.css"],
  ["leaflet.markercluster/dist/MarkerCluster.Default.css", "markercluster/MarkerCluster.Default.css"],
  ["leaflet.markercluster/MIT-LICENCE.txt", "markercluster/LICENSE"],
  ["chart.js/dist/chart.umd.min.js", "chartjs/chart.umd.min.js"],
  ["chart.js/dist/chart.umd.min.js.map", "chartjs/chart.umd.min.js.map"],
  ["chart.js/LICENSE.md", "chartjs/LICENSE.md"],
  // Only for the browser tests (tests/e2e/test_accessibility.py inject it); no page loads it.
  ["axe-core/axe.min.js", "axe/axe.min.js"],
  ["axe-core/LICENSE", "axe/LICENSE"],
  ["swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui/swagger-ui-bundle.js"],
  ["swagger-ui-dist/swagger-ui.css", "swagger-ui/swagger-ui.css"],
  // The CSS names its source map; collectstatic's manifest storage refuses a reference to a missing file.
  ["swagger-ui-dist/swagger-ui.css.map", "swagger-ui/swagger-ui.css.map"],
  ["swagger-ui-dist/LICENSE", "swagger-ui/LICENSE"],
  ["swagger-ui-dist/NOTICE", "swagger-ui/NOTICE"],
];

rmSync(out, { recursive: true, force: true });
for (const [from, to] of copies) {
  const src = join(nm, from);
  if (!existsSync(src)) {
    console.error(`missing ${src}: run "npm ci" first`);
    process.exit(1);
  }
  mkdirSync(dirname(join(out, to)), { recursive: true });
  cpSync(src, join(out, to), { recursive: true });
}
console.log(`front-end assets copied to ${out}`);
