// Charts of the published staff survey results (Chart.js from the locked front-end assets; no inline script).
(function () {
  "use strict";
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function authorities(canvas, d) {
    var datasets = [{ type: "bar", label: d.label, data: d.shares, backgroundColor: "#2c5f8a" }];
    if (d.reference !== null) {
      datasets.push({
        type: "line", label: d.reference_label, data: d.labels.map(function () { return d.reference; }),
        borderColor: "#b3261e", pointRadius: 0, borderDash: [6, 4]
      });
    }
    return new window.Chart(canvas, {
      data: { labels: d.labels, datasets: datasets },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, scales: { x: { min: 0, suggestedMax: 40 } } }
    });
  }
  function trend(canvas, d) {
    var colours = ["#2c5f8a", "#5a8f29", "#8a5a2c"];
    var datasets = d.series.map(function (s, i) {
      return { label: s.label, data: s.values, borderColor: colours[i % colours.length], spanGaps: true };
    });
    datasets.push({ label: d.reference_label, data: d.reference, borderColor: "#b3261e", borderDash: [6, 4] });
    return new window.Chart(canvas, {
      type: "line", data: { labels: d.labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, scales: { y: { min: 0 } } }
    });
  }
  function init() {
    if (!window.Chart) { return; }
    var a = document.getElementById("wf-authorities");
    var t = document.getElementById("wf-trend");
    if (a) { a.dataset.ready = authorities(a, data(a.dataset.chart)) ? "1" : "0"; }
    if (t) { t.dataset.ready = trend(t, data(t.dataset.chart)) ? "1" : "0"; }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
