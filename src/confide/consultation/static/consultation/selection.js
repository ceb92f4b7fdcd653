/* "Add selected original text to the list": select words in an original text and press the
   button (or Ctrl+Shift+A) to append them to the "also remove" list. Without JavaScript the
   button stays hidden and the clinician types the terms instead. */
(function () {
  "use strict";

  function selectedOriginal() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) { return ""; }
    var node = selection.getRangeAt(0).commonAncestorContainer;
    var element = node.nodeType === 1 ? node : node.parentElement;
    if (!element || !element.closest("[data-original]")) { return ""; }
    return selection.toString().replace(/\s+/g, " ").trim();
  }

  function addSelection() {
    var list = document.getElementById("id_also_remove");
    var status = document.getElementById("selection-status");
    var text = selectedOriginal();
    if (!list) { return; }
    if (!text) {
      if (status) { status.textContent = "Select text in an original first."; }
      return;
    }
    list.value = (list.value.replace(/\s+$/, "") + "\n" + text).replace(/^\n/, "");
    if (status) { status.textContent = "Added to the list: " + text + ". Press De-identify again."; }
    list.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("add-selection");
    if (!button) { return; }
    button.hidden = false;
    // Keep the selection: a mouse press on the button would otherwise clear it.
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    button.addEventListener("click", addSelection);
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey && event.shiftKey && (event.key === "A" || event.key === "a")) {
        if (selectedOriginal()) { event.preventDefault(); addSelection(); }
      }
    });
  });
}());
