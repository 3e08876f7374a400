// Keeps the projector's vote up to date: fetches the server's rendering of the meeting's latest
// vote every second (the question, the ballots received, then the result: never a running
// result) and puts it in place when it changed. A failed request keeps what is shown.
(function () {
  "use strict";
  var live = document.querySelector("[data-vote-poll]");
  if (!live) { return; }
  var url = live.getAttribute("data-vote-poll");
  var shown = live.innerHTML.trim();

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        if (html.trim() !== shown) {
          shown = html.trim();
          live.innerHTML = shown;
        }
      })
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, 1000); });
  }
  window.setTimeout(poll, 1000);
}());
