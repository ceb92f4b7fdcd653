/* Fast segment entry for progress notes: "Add segment" (or Ctrl+Enter in a text box) fetches
   an empty row from the server and puts the cursor in it. Without JavaScript the button
   submits the form and the server adds the row instead. */
(function () {
  "use strict";

  function nextIndex(list) {
    var max = -1;
    list.querySelectorAll("[data-segment-index]").forEach(function (row) {
      max = Math.max(max, parseInt(row.getAttribute("data-segment-index"), 10) || 0);
    });
    return max + 1;
  }

  function addRow(button) {
    var list = document.getElementById("segments");
    if (!list || button.disabled) { return; }
    var lastSaid = list.querySelector("[data-segment-index]:last-of-type select[name$='-discloser']");
    var url = button.getAttribute("data-row-url") + "?n=" + nextIndex(list);
    button.disabled = true;
    fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("row " + response.status); }
        return response.text();
      })
      .then(function (html) {
        list.insertAdjacentHTML("beforeend", html);
        var rows = list.querySelectorAll("[data-segment-index]");
        var row = rows[rows.length - 1];
        var status = document.getElementById("segment-status");
        if (status) { status.textContent = "Segment " + rows.length + " added."; }
        var said = row.querySelector("select[name$='-discloser']");
        if (said) { said.focus(); } else if (lastSaid) { lastSaid.focus(); }
      })
      .catch(function () { button.form.requestSubmit(button); })
      .finally(function () { button.disabled = false; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("#add-segment");
    if (!button) { return; }
    event.preventDefault();
    addRow(button);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) { return; }
    if (!event.target.closest("#segments")) { return; }
    var button = document.getElementById("add-segment");
    if (!button) { return; }
    event.preventDefault();
    addRow(button);
  });
})();
