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

// Charts: <canvas data-chart="id"> drawn from the JSON in <script id="id" type="application/json">.
(function () {
  var PALETTE = ["#0b57a4", "#e0782b", "#2e8540", "#8e44ad", "#c0392b", "#16a085"];
  function draw() {
    if (!window.Chart) return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source || canvas.getAttribute("data-drawn")) return;
      var spec = JSON.parse(source.textContent);
      spec.datasets.forEach(function (dataset, index) {
        dataset.backgroundColor = PALETTE[index % PALETTE.length];
        dataset.borderColor = PALETTE[index % PALETTE.length];
        dataset.spanGaps = true;  // days without a count for one channel
      });
      new window.Chart(canvas, {
        type: spec.type || "bar",
        data: { labels: spec.labels, datasets: spec.datasets },
        options: {
          animation: false,
          scales: { y: { beginAtZero: true, ticks: spec.percent ? { callback: function (v) { return v + " %"; } } : {} } },
        },
      });
      canvas.setAttribute("data-drawn", "true");
    });
  }
  // Chart.js is loaded with "defer" after this file on the pages that need it.
  window.addEventListener("load", draw);
})();
