/* Bulletin version page charts (no inline script: CSP script-src 'self').
 * <div data-bulletin-chart="completion|ranking" data-source="id of a json_script"> reads
 * {schedule, indicator, units: [{name, completion, colour}], ranking: [{name, value}]}. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var COLOURS = { green: "#2e8b57", yellow: "#e6ac00", red: "#c82828" };
  document.querySelectorAll("div[data-bulletin-chart]").forEach(function (el) {
    var source = document.getElementById(el.dataset.source);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el);
    if (el.dataset.bulletinChart === "completion") {
      var schedule = data.schedule == null ? null : Number(data.schedule);
      chart.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 50, right: 20, top: 20, bottom: 30 },
        xAxis: { type: "category", data: data.units.map(function (u) { return u.name; }) },
        yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
        series: [{
          type: "bar",
          data: data.units.map(function (u) {
            return { value: u.completion == null ? null : Number(u.completion), itemStyle: { color: COLOURS[u.colour] || "#5a78aa" } };
          }),
          label: { show: true, position: "top" },
          markLine: schedule == null ? undefined : { symbol: "none", data: [{ yAxis: schedule }], lineStyle: { color: "#c82828", type: "dashed" } }
        }]
      });
    } else {
      var rows = data.ranking.slice().reverse();
      chart.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 110, right: 30, top: 10, bottom: 20 },
        xAxis: { type: "value", inverse: false },
        yAxis: { type: "category", data: rows.map(function (r) { return r.name; }) },
        series: [{ type: "bar", data: rows.map(function (r) { return r.value == null ? null : Number(r.value); }), label: { show: true, position: "right" } }]
      });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
