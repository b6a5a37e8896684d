// Maps of the public finder. No tile server is needed (closed networks): markers are drawn on the outline of NRW
// when no tiles are configured. Every result is also in the list, so the map is an addition, not the only way.
(function () {
  "use strict";

  function baseMap(element) {
    const map = L.map(element, {
      scrollWheelZoom: false,
      attributionControl: true,
      zoomControl: false,
      minZoom: 6,
      maxZoom: 18,
    });
    // The zoom buttons' titles in the page's language (base.html carries them).
    L.control
      .zoom({
        zoomInTitle: document.body.getAttribute("data-zoom-in") || "+",
        zoomOutTitle: document.body.getAttribute("data-zoom-out") || "-",
      })
      .addTo(map);
    map.attributionControl.setPrefix(false);
    map.setView([51.43, 7.66], 7);
    drawOutline(map);
    return map;
  }

  function finderMap(element) {
    const map = baseMap(element);
    const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
    fetch(element.dataset.pointsUrl, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then((response) => response.json())
      .then((collection) => {
        const layer = L.geoJSON(collection, {
          pointToLayer: (feature, latlng) => L.circleMarker(latlng, {
            radius: 7, color: "#ffffff", weight: 2, fillColor: "#0b57d0", fillOpacity: 0.9,
          }),
          onEachFeature: (feature, marker) => {
            const link = document.createElement("a");
            link.href = feature.properties.url;
            link.textContent = feature.properties.title;
            marker.bindPopup(link);
          },
        });
        cluster.addLayer(layer);
        map.addLayer(cluster);
        element.dataset.markers = String(collection.features.length);
        if (collection.features.length > 0) {
          map.fitBounds(cluster.getBounds(), { padding: [20, 20], maxZoom: 14 });
        }
      });
  }

  function offerMap(element) {
    const map = baseMap(element);
    const points = element.dataset.markers.split(";").map((pair) => pair.split(",").map(Number));
    const markers = points.map(([lat, lon]) => L.circleMarker([lat, lon], {
      radius: 9, color: "#ffffff", weight: 2, fillColor: "#0b57d0", fillOpacity: 0.9,
    }).addTo(map));
    map.fitBounds(L.featureGroup(markers).getBounds(), { maxZoom: 13, padding: [30, 30] });
  }

  function drawOutline(map) {
    fetch("/gebiete/nrw.geojson", { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((data) => {
        if (data) L.geoJSON(data, { style: { color: "#6b7280", weight: 1, fill: true, fillColor: "#f3f4f6", fillOpacity: 1 }, interactive: false }).addTo(map).bringToBack();
      });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const finder = document.getElementById("finder-map");
    if (finder) finderMap(finder);
    const offer = document.getElementById("offer-map");
    if (offer) offerMap(offer);
  });
})();
