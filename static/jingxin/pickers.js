/* Search pickers (core.forms.SearchSelect): a select holding only the chosen row becomes a search box (tom-select,
 * vendored) that asks the page's scoped search endpoint for suggestions as the user types. */
(function () {
  "use strict";
  if (!window.TomSelect) { return; }
  document.querySelectorAll("select[data-search-url]").forEach(function (el) {
    if (el.disabled) { return; }
    var url = el.dataset.searchUrl;
    new window.TomSelect(el, {
      valueField: el.dataset.valueField || "value",
      labelField: "text",
      searchField: [],
      maxOptions: 20,
      preload: "focus",
      loadThrottle: 250,
      placeholder: el.dataset.placeholder || "",
      score: function () { return function () { return 1; }; },  // the server has matched name, code and unit
      load: function (query, callback) {
        var self = this;
        fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { self.clearOptions(); callback(data.results); })  // only this answer's rows
          .catch(function () { callback(); });
      },
      render: {
        option: function (item, escape) {
          return "<div><div>" + escape(item.text) + "</div>" +
            (item.detail ? "<div class=\"small text-secondary\">" + escape(item.detail) + "</div>" : "") + "</div>";
        },
        item: function (item, escape) { return "<div>" + escape(item.text) + "</div>"; },
        no_results: function () { return "<div class=\"no-results\">" + escape(el.dataset.empty || "—") + "</div>"; }
      }
    });
    function escape(text) { return String(text).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c]; }); }
  });
})();
