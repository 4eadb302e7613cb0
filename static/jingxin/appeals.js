/* Requests' figures page: the monthly trend and the category × unit heat map (no inline script: CSP).
 * Each ".appeals-chart" names its json_script in data-source and its kind in data-kind. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  document.querySelectorAll(".appeals-chart").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el);
    if (el.getAttribute("data-kind") === "trend") {
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { data: ["受理量", "已答复", "满意率%"] },
        xAxis: { type: "category", data: data.months },
        yAxis: [{ type: "value" }, { type: "value", max: 100 }],
        series: [
          { name: "受理量", type: "bar", data: data.received },
          { name: "已答复", type: "bar", data: data.answered },
          { name: "满意率%", type: "line", yAxisIndex: 1, data: data.satisfaction }
        ]
      });
    } else {
      chart.setOption({
        tooltip: {},
        grid: { left: 120, bottom: 60 },
        xAxis: { type: "category", data: data.categories },
        yAxis: { type: "category", data: data.units },
        visualMap: { min: 0, max: data.max || 1, calculable: true, orient: "horizontal", left: "center", bottom: 0 },
        series: [{ type: "heatmap", data: data.cells, label: { show: true } }]
      });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
