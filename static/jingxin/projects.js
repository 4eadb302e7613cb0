/* Key-project page: the monthly investment chart (no inline script: CSP script-src 'self').
 * <div data-project-chart data-source="id of a json_script"> reads
 * {year, months: [labels], plan: [...], completed: [...], ytd: [...], labels: {...}} (万元, strings or null). */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  document.querySelectorAll("div[data-project-chart]").forEach(function (el) {
    var source = document.getElementById(el.dataset.source);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var num = function (v) { return v == null ? null : Number(v); };
    var chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 60, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.months },
      yAxis: [{ type: "value", name: data.labels.month }, { type: "value", name: data.labels.cumulative }],
      series: [
        { name: data.labels.plan, type: "bar", data: data.plan.map(num) },
        { name: data.labels.completed, type: "bar", data: data.completed.map(num) },
        { name: data.labels.ytd, type: "line", yAxisIndex: 1, data: data.ytd.map(num), connectNulls: false }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
