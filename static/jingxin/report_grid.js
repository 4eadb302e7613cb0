/* The monthly report grid as a spreadsheet (Tabulator, vendored): the indicator column and the header stay in
 * place, arrow keys move, typing starts editing, Enter saves the cell and moves down, a block copied from Excel
 * pastes from the selected cell. The page's own form keeps its inputs (hidden): every edit is written back into
 * them, so saving is the same form POST as without script. Completion, 序时 deviation and growth of each row
 * come from the server (monitoring's rules, the dashboard's) after each change: nothing is computed here. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview]");
  var holder = form && form.querySelector("[data-testid=sheet]");
  var fallback = form && form.querySelector("[data-grid-fallback]");
  if (!holder || !fallback || !window.Tabulator) { return; }
  var labels = JSON.parse(holder.dataset.labels);
  var fieldLabels = JSON.parse(holder.dataset.fields);
  var FIELDS = ["value", "base_value", "numerator", "denominator", "text", "note"];
  var NUMBERS = { value: true, base_value: true, numerator: true, denominator: true };
  var inputs = {};  // "<indicator>-<field>" → the form's input
  var original = {};  // row id → the row's data as drawn (to undo a paste into a cell that takes no figure)

  function text(cell) { return cell ? cell.textContent.replace(/\s+/g, " ").trim() : ""; }

  var rows = [];
  fallback.querySelectorAll("tbody tr[data-indicator]").forEach(function (tr) {
    var tds = tr.children;
    var nameCell = tds[1];
    var plan = tr.dataset.plan || "";
    var name = nameCell.childNodes.length ? nameCell.childNodes[0].textContent.trim() : text(nameCell);
    var row = {
      id: tr.dataset.indicator, kind: tr.dataset.kind, seq: text(tds[0]), name: name, plan: plan,
      computed: tr.hasAttribute("data-computed"), unit: text(tds[2]), kindLabel: text(tds[3]),
      target: text(tds[4]), previous: text(tds[5]), editable: {}, applies: {},
      completion: "", deviation: "", growth: "", colour: ""
    };
    tr.querySelectorAll("td[data-field]").forEach(function (td) {
      var field = td.dataset.field;
      var input = td.querySelector("input, textarea");
      row.applies[field] = !td.classList.contains("bg-light");
      row.editable[field] = !!input && td.hasAttribute("data-editable");
      row[field] = input ? input.value : text(td);
      if (input) { inputs[row.id + "-" + field] = input; }
    });
    original[row.id] = JSON.parse(JSON.stringify(row));
    rows.push(row);
  });
  if (!rows.length) { return; }

  function editable(cell) { return !!cell.getRow().getData().editable[cell.getField()]; }

  function shade(cell) {
    var data = cell.getRow().getData();
    var el = cell.getElement();
    el.classList.toggle("sheet-off", !data.applies[cell.getField()]);
    el.classList.toggle("sheet-input", !!data.editable[cell.getField()]);
    return cell.getValue() === undefined || cell.getValue() === null ? "" : String(cell.getValue());
  }

  function colour(cell) {
    var data = cell.getRow().getData();
    var el = cell.getElement();
    el.classList.remove("sheet-green", "sheet-yellow", "sheet-red");
    if (data.colour) { el.classList.add("sheet-" + data.colour); }
    return cell.getValue() || "";
  }

  var columns = [
    { title: labels.unit, field: "unit", width: 56 },
    { title: labels.target, field: "target", hozAlign: "right", minWidth: 84 },
    { title: labels.previous, field: "previous", hozAlign: "right", minWidth: 84 }
  ];
  FIELDS.forEach(function (field, i) {
    columns.push({
      title: fieldLabels[i], field: field, editor: field === "text" ? "textarea" : "input", editable: editable,
      formatter: shade, hozAlign: NUMBERS[field] ? "right" : "left",
      minWidth: field === "value" || field === "base_value" ? 100 : (NUMBERS[field] ? 80 : 90),
      widthGrow: 1
    });
  });
  columns.push({ title: labels.completion, field: "completion", hozAlign: "right", width: 72, formatter: colour });
  columns.push({ title: labels.deviation, field: "deviation", minWidth: 120, formatter: colour, cssClass: "sheet-wrap" });
  columns.push({ title: labels.growth, field: "growth", hozAlign: "right", width: 72 });

  var table = new window.Tabulator(holder, {
    data: rows,
    index: "id",
    layout: "fitColumns",
    maxHeight: "70vh",
    rowHeader: {
      title: labels.name, field: "name", frozen: true, headerSort: false, resizable: false, width: 200,
      formatter: function (cell) {
        var data = cell.getRow().getData();
        var el = document.createElement("span");
        el.textContent = data.seq + ". " + data.name + (data.computed ? "（" + labels.computed + "）" : "");
        el.title = data.plan + " · " + data.kindLabel;
        return el;
      }
    },
    columnDefaults: { headerSort: false, resizable: "header", headerWordWrap: true },
    columns: columns,
    selectableRange: 1,
    selectableRangeColumns: false,
    selectableRangeRows: false,
    selectableRangeClearCells: true,
    editTriggerEvent: "dblclick",
    clipboard: true,
    clipboardCopyStyled: false,
    clipboardCopyConfig: { rowHeaders: false, columnHeaders: false },
    clipboardCopyRowRange: "range",
    clipboardPasteParser: "range",
    clipboardPasteAction: "range"
  });

  // Back into the form: every figure of every row (a paste into a cell that takes no figure is undone).
  function syncAll() {
    table.getRows().forEach(function (row) {
      var data = row.getData();
      var undo = {};
      FIELDS.forEach(function (field) {
        var input = inputs[data.id + "-" + field];
        if (input && data.editable[field]) {
          input.value = data[field] === null || data[field] === undefined ? "" : String(data[field]);
        } else if (data[field] !== original[data.id][field]) {
          undo[field] = original[data.id][field];
        }
      });
      if (Object.keys(undo).length) { row.update(undo); }
    });
    schedulePreview();
  }

  var timer = null;
  function schedulePreview() {
    clearTimeout(timer);
    timer = setTimeout(preview, 250);
  }
  function preview() {
    var body = new FormData(form);
    fetch(form.dataset.preview, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": body.get("csrfmiddlewaretoken") || "" }
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (figures) {
        if (!figures) { return; }
        Object.keys(figures).forEach(function (id) {
          var row = table.getRow(id);
          if (row) { row.update(figures[id]); }
        });
        holder.dataset.previewed = String((parseInt(holder.dataset.previewed || "0", 10)) + 1);
      })
      .catch(function () { /* the figures are a convenience; saving still checks everything */ });
  }

  table.on("tableBuilt", function () {
    fallback.hidden = true;
    holder.hidden = false;
    table.redraw(true);
    preview();
  });
  table.on("cellEdited", syncAll);
  table.on("clipboardPasted", syncAll);
  table.on("rangeChanged", function () { /* selection only */ });

  // Spreadsheet keys: typing on a selected cell starts editing with that character; Enter saves and moves down.
  function activeCell() {
    var range = table.getRanges()[0];
    var cells = range ? range.getCells() : [];
    return cells.length && cells[0].length ? cells[0][0] : null;
  }
  function focusSheet() {
    var scroller = holder.querySelector(".tabulator-tableholder");
    if (scroller) { scroller.focus(); }
  }
  holder.addEventListener("keydown", function (e) {
    var editing = e.target.closest && e.target.closest(".tabulator-editing");
    if (e.key === "Enter" && editing && !e.isComposing && !e.shiftKey) {
      var cell = activeCell();
      setTimeout(function () {
        var next = cell && cell.getRow().getNextRow();
        var range = table.getRanges()[0];
        if (next && range) { range.setBounds(next.getCell(cell.getField())); }
        focusSheet();
      }, 0);
      return;
    }
    if (!editing && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      var active = activeCell();
      if (!active || !editable(active)) { return; }
      e.preventDefault();
      active.edit(true);
      var input = active.getElement().querySelector("input, textarea");
      if (input) { input.value = e.key; }
    }
  }, true);
  holder.addEventListener("mouseup", function () {
    setTimeout(function () { if (!holder.querySelector(".tabulator-editing")) { focusSheet(); } }, 0);
  });
})();
