// Follows a bulk pack run on the packs page: polls the job's JSON every second, moves the
// progress bar and its text, names the run's state, and reloads the page once the run has finished, so that the
// server renders the download links and any failures. Without JavaScript the page shows the
// state at load and a "Refresh" link.
(function () {
  "use strict";
  var run = document.querySelector("[data-job-poll]");
  if (!run) { return; }
  var url = run.getAttribute("data-job-poll");
  var template = run.getAttribute("data-progress-text");
  var bar = run.querySelector("progress");
  var text = run.querySelector("[data-job-text]");
  var refresh = run.querySelector("[data-refresh]");
  var state = run.querySelector("[data-job-state]");
  var stateLabels = state ? JSON.parse(state.getAttribute("data-state-labels") || "{}") : {};
  if (refresh) { refresh.hidden = true; }

  function show(report) {
    var progress = report.progress;
    bar.max = Math.max(progress.total, 1);
    bar.value = progress.done;
    var words = template.replace("{done}", progress.done).replace("{total}", progress.total);
    if (text.textContent !== words) { text.textContent = words; }
    if (state && stateLabels[report.state] && state.textContent !== stateLabels[report.state]) {
      state.textContent = stateLabels[report.state];
      state.className = "tag state-" + report.state;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (report) {
        show(report);
        if (report.state === "done" || report.state === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        // Signed out, or the server is away: stop, and offer the plain link again.
        if (refresh) { refresh.hidden = false; }
      });
  }

  window.setTimeout(poll, 1000);
})();
