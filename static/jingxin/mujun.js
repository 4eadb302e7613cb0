/* 亩均 run page: class counts per unit as a stacked bar chart (no inline script: CSP script-src 'self').
 * Reads the json_script "mujun-chart-data": {classes: ["A","B","C","D"], units: [{name, A, B, C, D}]}. */
(function () {
  "use strict";
  var el = document.getElementById("mujun-class-chart");
  var source = document.getElementById("mujun-chart-data");
  if (!window.echarts || !el || !source) { return; }
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: data.classes },
    grid: { left: 40, right: 10, bottom: 60 },
    xAxis: { type: "category", data: data.units.map(function (u) { return u.name; }), axisLabel: { rotate: 30 } },
    yAxis: { type: "value" },
    series: data.classes.map(function (k) {
      return { name: k, type: "bar", stack: "all", data: data.units.map(function (u) { return u[k]; }) };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
