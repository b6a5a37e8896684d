// Grants per inhabitant and Kreis as a choropleth, without any tile server. The numbers come from a JSON data
// island on the page (the same figures as the table below the map), the outlines from data-geojson-url.
(function () {
  "use strict";

  const COLOURS = ["#eff6ff", "#bfdbfe", "#60a5fa", "#2563eb", "#1e3a8a"];

  function init(element) {
    if (typeof L === "undefined") {
      element.textContent = element.dataset.error || "";
      return;
    }
    const values = JSON.parse(document.getElementById(element.dataset.values).textContent);
    const numbers = Object.values(values).map(Number).filter((v) => v > 0);
    const max = numbers.length ? Math.max(...numbers) : 0;
    const colour = (v) => (v > 0 && max > 0 ? COLOURS[Math.min(4, Math.floor((v / max) * 4.999))] : "#f3f4f6");
    const map = L.map(element, { scrollWheelZoom: false, minZoom: 6, maxZoom: 12, zoomSnap: 0.25 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("© Geobasis NRW (dl-de/zero-2-0)");
    map.setView([51.43, 7.66], 7);
    fetch(element.dataset.geojsonUrl, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then((collection) => {
        const layer = L.geoJSON(collection, {
          style: (feature) => ({
            color: "#374151",
            weight: 1,
            fillOpacity: 0.85,
            fillColor: colour(Number(values[feature.properties.key] || 0)),
          }),
          onEachFeature: (feature, featureLayer) => {
            const value = Number(values[feature.properties.key] || 0).toLocaleString("de-DE", { minimumFractionDigits: 2 });
            featureLayer.bindTooltip(`${feature.properties.name}: ${value} € je Einwohner`);
          },
        }).addTo(map);
        map.fitBounds(layer.getBounds());
      })
      .catch(() => {
        element.textContent = element.dataset.error || "";
      });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("#grants-map").forEach(init);
  });
})();
