/* Monitoring dashboard charts (no inline script: CSP script-src 'self').
 * <div data-monitoring-chart="progress|ranking" data-source="id of a json_script"> reads
 * {months, schedule, schedule_label, units: [{name, completion: [...]}], ranking: [{name, value}]}. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  document.querySelectorAll("div[data-monitoring-chart]").forEach(function (el) {
    var source = document.getElementById(el.dataset.source);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el);
    if (el.dataset.monitoringChart === "progress") {
      var series = data.units.map(function (unit) {
        return { name: unit.name, type: "line", data: unit.completion, connectNulls: false };
      });
      series.push({
        name: data.schedule_label, type: "line", data: data.schedule,
        lineStyle: { type: "dashed", width: 3, color: "#666" }, itemStyle: { color: "#666" }
      });
      chart.setOption({
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
        legend: { type: "scroll", top: 0 },
        grid: { left: 50, right: 20, top: 40, bottom: 30 },
        xAxis: { type: "category", data: data.months },
        yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
        series: series
      });
    } else {
      var rows = data.ranking.slice().reverse();
      chart.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 160, right: 30, top: 10, bottom: 20 },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: rows.map(function (r) { return r.name; }) },
        series: [{ type: "bar", data: rows.map(function (r) { return r.value; }), label: { show: true, position: "right" } }]
      });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
