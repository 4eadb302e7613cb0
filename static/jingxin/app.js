/* Jingxin page behaviour. No inline script anywhere (Content-Security-Policy: script-src 'self'). */
(function () {
  "use strict";

  // Language and other selects that submit their form on change.
  document.querySelectorAll("select.js-autosubmit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });

  // Generic charts: <div class="chart" data-chart="bar|hbar" data-source="id of a json_script"> with [{name, value}];
  // pages with their own chart script (monitoring, bulletins) leave out data-chart.
  if (window.echarts) {
    document.querySelectorAll("div.chart[data-chart][data-source]").forEach(function (el) {
      var source = document.getElementById(el.dataset.source);
      if (!source) { return; }
      var rows = JSON.parse(source.textContent);
      var names = rows.map(function (r) { return r.name; });
      var values = rows.map(function (r) { return r.value; });
      var horizontal = el.dataset.chart === "hbar";
      var chart = window.echarts.init(el);
      chart.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: horizontal ? 180 : 40, right: 20, top: 20, bottom: horizontal ? 20 : 60 },
        xAxis: horizontal ? { type: "value" } : { type: "category", data: names, axisLabel: { rotate: 30 } },
        yAxis: horizontal ? { type: "category", data: names.slice().reverse() } : { type: "value" },
        series: [{ type: "bar", data: horizontal ? values.slice().reverse() : values }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
})();
