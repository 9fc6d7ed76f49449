// The public forms' proof of work (vivier/core/antibot.py): find a number such that
// SHA-256(ticket + ":" + number) starts with data-antibot-bits zero bits, while the person types.
// Without this script (or without Web Crypto) the form still works: the server then only asks
// that it stayed open a few seconds, which any person filling it in needs anyway.
(function () {
  "use strict";

  var BATCH = 256;

  function leadingZeroBits(bytes) {
    var bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { bits += 8; continue; }
      return bits + Math.clz32(bytes[i]) - 24;
    }
    return bits;
  }

  function solve(ticket, bits) {
    var encoder = new TextEncoder();
    function batch(start) {
      var hashes = [];
      for (var n = start; n < start + BATCH; n++) {
        hashes.push(crypto.subtle.digest("SHA-256", encoder.encode(ticket + ":" + n)));
      }
      return Promise.all(hashes).then(function (digests) {
        for (var i = 0; i < digests.length; i++) {
          if (leadingZeroBits(new Uint8Array(digests[i])) >= bits) return String(start + i);
        }
        return batch(start + BATCH);
      });
    }
    return batch(0);
  }

  function protect(form) {
    var ticket = form.querySelector("input[name=ticket]");
    var proof = form.querySelector("input[name=proof]");
    var bits = parseInt(form.getAttribute("data-antibot-bits"), 10);
    if (!ticket || !proof || !bits || !window.crypto || !crypto.subtle) return;
    var done = false;
    var waiting = false;
    solve(ticket.value, bits).then(function (number) {
      proof.value = number;
      done = true;
      if (waiting) form.requestSubmit();
    }, function () {
      done = true; // no proof: the server falls back on the time the form stayed open
      if (waiting) form.requestSubmit();
    });
    form.addEventListener("submit", function (event) {
      if (done) return;
      event.preventDefault();
      waiting = true;
      form.setAttribute("aria-busy", "true");
    });
  }

  document.querySelectorAll("form[data-antibot-bits]").forEach(protect);
})();
