// Referral links: one click copies a member's link, or opens the phone's share sheet.
// Behaviour through data- attributes only: the Content Security Policy forbids inline scripts.
(function () {
  "use strict";

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http (a local demo): select the field's text and copy it the older way.
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var done = document.execCommand("copy");
    field.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-referral-copy]");
    if (!button) return;
    copy(button.getAttribute("data-referral-copy")).then(function () {
      button.textContent = button.getAttribute("data-copied-label") || button.textContent;
      button.setAttribute("data-copied", "");
    }, function () {
      var field = button.closest("li").querySelector("[data-referral-link]");
      if (field) field.select();
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-referral-share]");
    if (!button || !navigator.share) return;
    navigator.share({
      title: button.getAttribute("data-share-title") || document.title,
      url: button.getAttribute("data-referral-share"),
    }).catch(function () {});  // closed by the person: nothing to do
  });

  // The share button shows only where the browser can share (phones, mostly).
  document.addEventListener("DOMContentLoaded", function () {
    if (!navigator.share) return;
    document.querySelectorAll("[data-referral-share]").forEach(function (button) {
      button.hidden = false;
    });
  });
})();
