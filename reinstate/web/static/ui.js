// Small things every page needs, loaded from <head> (the CSP allows no inline script):
// marks the page as scripted, so the phone layout may fold the navigation behind its button,
// and opens or closes it. Without scripts the navigation simply stays open.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Each cell learns its column's heading, so a phone can show a table row as a card of
  // "heading: value" lines (style.css) instead of a table wider than the screen.
  function label(table) {
    var heads = table.tHead ? table.tHead.rows[0] : null;
    if (!heads) { return; }
    var names = [];
    Array.prototype.forEach.call(heads.cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i += 1) { names.push(cell.textContent.trim()); }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (names[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", names[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("cards");
  }
  document.addEventListener("DOMContentLoaded", function () {
    // the browser's time zone, for a member's first sign-in (their zone until they choose one)
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    Array.prototype.forEach.call(document.querySelectorAll("input[data-browser-zone]"),
      function (input) { input.value = zone; });
    Array.prototype.forEach.call(document.querySelectorAll("main table"), label);
    var button = document.querySelector(".menu-toggle");
    var header = button && button.closest("header");
    if (!header) { return; }
    button.addEventListener("click", function () {
      var open = header.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
})();
