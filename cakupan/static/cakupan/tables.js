/* Responsive tables (cakupan.css, "Responsive tables"): each cell of a table.rtable without a
   data-label gets its column's header text, so a row read as a card on a phone names every value.
   Runs on load and after every HTMX swap. Cells spanning columns are skipped. */
(function () {
  "use strict";
  function label(root) {
    var tables = root.querySelectorAll("table.rtable");
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1].cells : [];
      var names = Array.prototype.map.call(heads, function (th) { return th.textContent.replace(/[\u25b2\u25bc\u2191\u2193]/g, "").replace(/\s+/g, " ").trim(); });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          if (row.cells.length !== names.length) return;
          Array.prototype.forEach.call(row.cells, function (cell, i) {
            if (!cell.hasAttribute("data-label") && names[i]) cell.setAttribute("data-label", names[i]);
          });
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:afterSettle", function () { label(document); });
})();
