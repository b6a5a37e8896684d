// Maps of Kreise and Gemeinden: GeoJSON outlines on a plain background, without any tile server
// (the platform runs on closed networks). Every Gemeinde on the map is also in a table on the page,
// so the map is an addition, never the only way to reach something.
//
// The page names the GeoJSON URL in data-geojson-url. Features carry properties.kind ("kreis" | "gemeinde"),
// properties.name, optionally properties.url (click to open) and properties.focus (highlighted; the map
// fits their bounds).
(function () {
  "use strict";

  const STYLES = {
    focus: { color: "#0b57d0", weight: 3, fillColor: "#0b57d0", fillOpacity: 0.25 },
    focusOutline: { color: "#0b57d0", weight: 3, fill: false },
    kreis: { color: "#1f2937", weight: 3, fill: false },
    gemeinde: { color: "#4b5563", weight: 1, fillColor: "#cbd5e1", fillOpacity: 0.45 },
    hover: { weight: 2, fillOpacity: 0.7 },
  };

  function style(feature) {
    const properties = feature.properties || {};
    if (properties.focus) return STYLES.focus;
    return properties.kind === "kreis" ? STYLES.kreis : STYLES.gemeinde;
  }

  function showError(element) {
    element.dataset.state = "error";
    element.setAttribute("role", "alert");
    element.textContent = element.dataset.error || "";
  }

  function init(element) {
    if (typeof L === "undefined") {
      showError(element);
      return;
    }
    const map = L.map(element, {
      zoomControl: false,
      attributionControl: true,
      scrollWheelZoom: false,
      minZoom: 6,
      maxZoom: 16,
      zoomSnap: 0.25,
    });
    // The zoom buttons' titles in the page's language (base.html carries them).
    L.control
      .zoom({
        zoomInTitle: document.body.getAttribute("data-zoom-in") || "+",
        zoomOutTitle: document.body.getAttribute("data-zoom-out") || "-",
      })
      .addTo(map);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("© Geobasis NRW (dl-de/zero-2-0)");
    map.setView([51.43, 7.66], 7);
    fetch(element.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then((collection) => {
        // Gemeinde areas below, clickable; Kreis outlines on top, not clickable, so they never hide a Gemeinde.
        const areas = collection.features.filter((f) => (f.properties || {}).kind !== "kreis");
        const outlines = collection.features.filter((f) => (f.properties || {}).kind === "kreis");
        const focus = L.featureGroup();
        L.geoJSON({ type: "FeatureCollection", features: areas }, {
          style: style,
          onEachFeature: (feature, layer) => {
            const properties = feature.properties || {};
            if (properties.focus) focus.addLayer(layer);
            if (properties.name) layer.bindTooltip(properties.name, { sticky: true });
            if (properties.url && !properties.focus) {
              layer.on("click", () => { window.location.href = properties.url; });
              layer.on("mouseover", () => layer.setStyle(STYLES.hover));
              layer.on("mouseout", () => layer.setStyle(style(feature)));
            }
          },
        }).addTo(map);
        L.geoJSON({ type: "FeatureCollection", features: outlines }, {
          style: (feature) => ((feature.properties || {}).focus ? STYLES.focusOutline : STYLES.kreis),
          interactive: false,
          onEachFeature: (feature, layer) => {
            if ((feature.properties || {}).focus) focus.addLayer(layer);
          },
        }).addTo(map);
        const bounds = focus.getLayers().length ? focus.getBounds() : L.geoJSON(collection).getBounds();
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], animate: false });
        element.dataset.state = "loaded";
        element.dataset.features = String(collection.features.length);
      })
      .catch(() => showError(element));
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-geojson-url]").forEach(init);
  });
})();
