// Behaviour through data- attributes only: the Content Security Policy forbids inline scripts.
(function () {
  "use strict";

  // Videos: the host's player (and its cookies) loads only when the visitor asks for it.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-video-src]");
    if (!button) return;
    var frame = document.createElement("iframe");
    frame.src = button.getAttribute("data-video-src");
    frame.title = button.getAttribute("data-video-title") || "";
    frame.allow = "autoplay; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    button.closest(".video").replaceChildren(frame);
  });

  // Language switcher and filters: submit on change.
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-submit-on-change]")) {
      event.target.form.requestSubmit();
    }
  });

  // Copy-to-clipboard buttons.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      button.textContent = button.getAttribute("data-copied-label") || button.textContent;
    });
  });

  // Board: drag a card onto a column to move it (the select and button still work without it).
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-application]");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
  });
  document.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest("[data-stage]");
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.add("is-drop-target");
  });
  document.addEventListener("dragleave", function (event) {
    var column = event.target.closest && event.target.closest("[data-stage]");
    if (column) column.classList.remove("is-drop-target");
  });
  document.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest("[data-stage]");
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.remove("is-drop-target");
    var form = dragged.querySelector("form[data-move-form]");
    dragged = null;
    if (!form) return;
    form.querySelector("select[name=stage]").value = column.getAttribute("data-stage");
    form.requestSubmit();
  });
})();
