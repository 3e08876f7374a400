// Keeps a live quorum count up to date (the quorum page, the projector): asks the quorum's API
// answer every second and writes its figures in place. A failed request keeps the last figures
// and tries again; without JavaScript the page shows the count at load.
(function () {
  "use strict";
  var live = document.querySelector("[data-quorum-poll]");
  if (!live) { return; }
  var url = live.getAttribute("data-quorum-poll");
  var reachedText = live.getAttribute("data-reached-text");
  var shortText = live.getAttribute("data-short-text");
  var state = live.querySelector('[data-quorum="state"]');

  function put(name, value) {
    var element = live.querySelector('[data-quorum="' + name + '"]');
    if (element && element.textContent !== String(value)) { element.textContent = String(value); }
  }

  function show(quorum) {
    ["present", "represented", "counted", "voting_seats"].forEach(function (name) {
      put(name, quorum[name]);
    });
    var words = quorum.quorate ? reachedText
      : shortText.replace("{missing}", String(Math.max(quorum.needed - quorum.counted, 0)));
    if (state.textContent !== words) { state.textContent = words; }
    state.className = "quorum-state " + (quorum.quorate ? "reached" : "short");
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(show)
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, 1000); });
  }
  window.setTimeout(poll, 1000);
}());
