// The letter page: as the user types, post the form to /preview and show the letter and its
// problems. Everything received is set as text (never as HTML).
(function () {
  "use strict";
  var form = document.getElementById("letter-form");
  if (!form) { return; }
  var labels = JSON.parse((document.getElementById("letter-labels") || {}).textContent || "{}");
  var timer = null;
  var sequence = 0;

  function show(result) {
    document.getElementById("letter-text").textContent = result.text;
    document.getElementById("letter-score").textContent = String(result.score);
    var list = document.getElementById("letter-problems");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    result.problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.className = "problem " + (problem.severity === "warning" ? "warning" : "error");
      var name = document.createElement("b");  // the problem's name, never its code
      name.textContent = labels[problem.code] || problem.code.replace(/_/g, " ");
      item.appendChild(name);
      item.appendChild(document.createTextNode(" " + problem.detail));
      list.appendChild(item);
    });
    result.gaps.forEach(function (gap) {
      var item = document.createElement("li");
      item.className = "problem gap";
      item.textContent = gap.detail;
      list.appendChild(item);
    });
    document.getElementById("letter-clean").hidden = result.problems.length + result.gaps.length > 0;
  }

  function refresh() {
    var mine = ++sequence;
    var error = document.getElementById("letter-error");
    fetch(form.dataset.preview, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
      .then(function (answer) {
        if (mine !== sequence) { return; }  // a newer request is on its way
        if (answer[0]) { error.hidden = true; show(answer[1]); }
        else { error.textContent = answer[1].error || ""; error.hidden = false; }
      })
      .catch(function () { /* offline: the buttons still work */ });
  }

  // what was written and not saved as a version is not lost by leaving the page unawares
  // (only for those who can save it: a viewer's changes are never kept)
  var hint = document.getElementById("letter-unsaved");
  var unsaved = Boolean(hint) && form.dataset.unsaved === "1";
  var leaving = false;
  function changed() {
    if (!hint) { return; }
    unsaved = true;
    hint.hidden = false;
  }
  form.addEventListener("submit", function () { leaving = true; });  // it posts what is written
  window.addEventListener("beforeunload", function (event) {
    if (unsaved && !leaving) { event.preventDefault(); event.returnValue = ""; }
  });

  form.addEventListener("input", function () {
    changed();
    clearTimeout(timer);
    timer = setTimeout(refresh, 350);
  });
  form.querySelectorAll("button.suggest").forEach(function (button) {
    button.addEventListener("click", function () {
      var area = document.getElementById(button.dataset.target);
      area.value = (area.value.trim() ? area.value.trim() + "\n" : "") + button.dataset.text;
      changed();
      area.focus();
      refresh();
    });
  });
})();
