/* Round comparison chart: reads its data from the json_script element (no inline script, CSP 'self'). */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("cap-compare-data");
    var canvas = document.getElementById("cap-compare-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var palette = ["#1565c0", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#455a64"];
    data.datasets.forEach(function (d, i) { d.backgroundColor = palette[i % palette.length]; });
    new window.Chart(canvas, {
      type: "bar",
      data: data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { title: { display: true, text: canvas.dataset.axisLabel || "" } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
