/* 亩均 run page: final classes per unit and per industry as stacked bar charts (no inline script: CSP
 * script-src 'self'). Each ".mujun-class-chart" names its json_script in data-source:
 * {classes: ["A","B","C","D"], rows: [{name, A, B, C, D, total}]}. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var colours = { A: "#2fb344", B: "#206bc4", C: "#f59f00", D: "#d63939" };
  document.querySelectorAll(".mujun-class-chart").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: data.classes },
      grid: { left: 40, right: 10, bottom: 80 },
      xAxis: { type: "category", data: data.rows.map(function (r) { return r.name; }), axisLabel: { rotate: 30 } },
      yAxis: { type: "value" },
      series: data.classes.map(function (k) {
        return {
          name: k, type: "bar", stack: "all", itemStyle: { color: colours[k] },
          data: data.rows.map(function (r) { return r[k]; })
        };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
