// The console's only script: draws the page's charts from the JSON block the server rendered, and submits
// a filter form when a select marked data-autosubmit changes. Pages work without it (tables, buttons).
(function () {
  "use strict";

  function drawCharts() {
    var block = document.getElementById("chart-data");
    if (!block || typeof echarts === "undefined") return;
    var options = JSON.parse(block.textContent || "{}");
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var option = options[element.getAttribute("data-chart")];
      if (!option) return;
      var chart = echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(option);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  function autosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    autosubmit();
  });
})();
