// Draws GeoJSON outlines on a Leaflet map without any tile server (the platform runs on closed networks).
(function () {
  "use strict";
  function init(element) {
    const url = element.dataset.geojsonUrl;
    const map = L.map(element, { zoomControl: true, attributionControl: true, scrollWheelZoom: false, minZoom: 6, maxZoom: 18 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("© Geobasis NRW (dl-de/zero-2-0)");
    fetch(url, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then((response) => response.json())
      .then((collection) => {
        const layer = L.geoJSON(collection, {
          style: (feature) =>
            feature.properties.kind === "kreis"
              ? { color: "#0b57d0", weight: 3, fillOpacity: 0.05 }
              : { color: "#4a4a4a", weight: 1, fillColor: "#9bbcf2", fillOpacity: 0.25 },
          onEachFeature: (feature, featureLayer) => {
            if (feature.properties.kind === "gemeinde") {
              featureLayer.bindTooltip(feature.properties.name, { sticky: true });
              if (feature.properties.url) {
                featureLayer.on("click", () => { window.location.href = feature.properties.url; });
              }
            }
          },
        }).addTo(map);
        map.fitBounds(layer.getBounds(), { padding: [12, 12] });
        element.dataset.loaded = "true";
      });
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-geojson-url]").forEach(init);
  });
})();
