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

/* To-do counts in the navigation (core/todo.py): fetched after the page is drawn, so no page pays for them. */
(function () {
  "use strict";
  var nav = document.querySelector("[data-todo-counts]");
  if (!nav || !window.fetch) { return; }
  function badge(el, count) {
    var span = document.createElement("span");
    span.className = "badge bg-red text-white ms-1";
    span.textContent = String(count);
    el.appendChild(span);
  }
  fetch(nav.dataset.todoCounts, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data) { return; }
      var total = nav.querySelector("[data-testid=todo-total]");
      if (total && data.total) { total.textContent = String(data.total); total.classList.remove("d-none"); }
      Object.keys(data.links).forEach(function (url) {
        nav.querySelectorAll("a.dropdown-item").forEach(function (link) {
          if (link.getAttribute("href") !== url) { return; }
          badge(link, data.links[url]);
          var toggle = link.closest(".dropdown") && link.closest(".dropdown").querySelector(".dropdown-toggle");
          if (toggle && !toggle.querySelector(".badge")) { badge(toggle, "•"); }
        });
      });
    })
    .catch(function () { /* counts are a convenience: the to-do list on the home page has them too */ });
})();

/* Irreversible steps ask first: a form with data-confirm says what will happen and submits only when confirmed. */
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) { e.preventDefault(); }
  }, true);
})();

/* The bell's unread count (notifications): fetched after the page is drawn, like the to-do counts. */
(function () {
  "use strict";
  var bell = document.querySelector("[data-unread-url]");
  if (!bell || !window.fetch) { return; }
  fetch(bell.dataset.unreadUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      var badge = bell.querySelector("[data-testid=unread-count]");
      if (!data || !badge || !data.unread) { return; }
      badge.textContent = String(data.unread);
      badge.classList.remove("d-none");
    })
    .catch(function () { /* the messages page lists them too */ });
})();
