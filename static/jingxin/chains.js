/* The chain graph (no inline script: CSP script-src 'self').
 * <div data-chain-graph="url of the graph JSON"> draws {nodes, links, categories, hidden} with ECharts;
 * 链主 are large red nodes; clicking an enterprise opens its page. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  document.querySelectorAll("div[data-chain-graph]").forEach(function (el) {
    fetch(el.dataset.chainGraph, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var colors = ["#1d4ed8", "#0ea5e9", "#d63939", "#f59f00", "#94a3b8"];
        var chart = window.echarts.init(el);
        chart.setOption({
          color: colors,
          tooltip: { formatter: function (p) { return p.dataType === "node" ? p.data.name : ""; } },
          legend: [{ data: data.categories, top: 0 }],
          series: [{
            type: "graph", layout: "force", roam: true, draggable: true,
            categories: data.categories.map(function (name) { return { name: name }; }),
            data: data.nodes.map(function (n) {
              var node = Object.assign({}, n);
              node.label = { show: n.category < 3, fontWeight: n.master ? "bold" : "normal" };
              if (n.master) { node.itemStyle = { borderColor: "#7f1d1d", borderWidth: 3 }; }
              return node;
            }),
            links: data.links,
            force: { repulsion: 80, edgeLength: [20, 80], gravity: 0.1, layoutAnimation: false },
            lineStyle: { color: "source", opacity: 0.5 }
          }]
        });
        chart.on("click", function (p) {
          if (p.dataType === "node" && p.data.url) { window.location.href = p.data.url; }
        });
        el.dataset.drawn = String(data.nodes.length);
        window.addEventListener("resize", function () { chart.resize(); });
      });
  });
}());
