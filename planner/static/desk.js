// The check-in desk (web/door/desk.html): badge codes from a keyboard-wedge scanner (typed,
// then Enter), from the camera (jsQR, vendored by `make install`), or a participant found by
// name; each scan is posted with its own scan_id and the page's CSRF token.
//
// Every scan goes through a queue kept in localStorage, so that scans made while the venue's
// network is down survive a reload and are sent when it returns (the online event, and a
// retry timer). Sending one twice is harmless: the server answers a known scan_id as it did
// the first time. Until the server answers, the panel shows the local guess ("saved"); its
// answer then replaces it.
(function () {
  "use strict";
  var root = document.getElementById("desk");
  if (!root) { return; }
  var urls = JSON.parse(root.getAttribute("data-urls"));
  var texts = JSON.parse(root.getAttribute("data-texts"));
  var csrf = root.getAttribute("data-csrf");
  var queueKey = root.getAttribute("data-queue-key");
  var RETRY_MS = 5000;
  var LOG_SIZE = 12;
  var SAME_CODE_MS = 3000;

  function $(selector) { return root.querySelector(selector); }
  var panel = $("[data-result]");
  var codeForm = $("[data-code-form]");
  var codeInput = codeForm.querySelector("input");
  var queueNote = $("[data-queue]");
  var log = $("[data-log]");

  // Sounds: one pitch per outcome (WebAudio; silently nothing where it is unavailable).
  var PITCHES = {
    "admitted": [880], "credentials-pending": [660, 660], "already-in": [523],
    "checked-out": [440], "already-out": [392], "not-expected": [220, 220],
    "refused": [165, 165, 165], "signed-out": [165, 165, 165]
  };
  var audio = null;
  // Browsers let a page make sounds only after a tap or a key: wake the audio then.
  function wakeAudio() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") { audio.resume(); }
    } catch (error) { audio = null; }
  }
  document.addEventListener("keydown", wakeAudio);
  document.addEventListener("click", wakeAudio);
  function beep(outcome) {
    var pitches = PITCHES[outcome];
    if (!pitches) { return; }
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      pitches.forEach(function (pitch, index) {
        var start = audio.currentTime + index * 0.22;
        var oscillator = audio.createOscillator();
        var gain = audio.createGain();
        oscillator.frequency.value = pitch;
        oscillator.type = "square";
        gain.gain.setValueAtTime(0.15, start);
        gain.gain.exponentialRampToValueAtTime(0.001, start + 0.18);
        oscillator.connect(gain);
        gain.connect(audio.destination);
        oscillator.start(start);
        oscillator.stop(start + 0.2);
      });
    } catch (error) { /* no sound on this device: colour and text remain */ }
  }

  // The result panel.
  function show(node, text) {
    node.textContent = text || "";
    node.hidden = !text;
  }

  // The name in the person's own script, when it differs from the Latin one.
  function nativeName(person) {
    return person && person.native_name && person.native_name !== person.full_name
      ? person.native_name : "";
  }

  function showResult(state, answer, message) {
    panel.className = "desk-result outcome-" + state;
    panel.setAttribute("data-state", state);
    $("[data-outcome]").textContent = texts.outcomes[state] || state;
    var person = answer && answer.full_name;
    $("[data-person]").hidden = !person;
    show($("[data-native]"), nativeName(answer));
    show($("[data-latin]"), person);
    var organisation = answer && answer.organisation;
    show($("[data-organisation]"), organisation && (organisation.native_name &&
      organisation.native_name !== organisation.name
      ? organisation.native_name + " · " + organisation.name : organisation.name));
    show($("[data-role]"), answer && texts.roles[answer.role]);
    show($("[data-credential]"), answer && answer.credential_state &&
      texts.credentials[answer.credential_state]);
    show($("[data-message]"), message);
    beep(state);
  }

  // The log of the latest scans: each line shows its scan's state, then the server's answer.
  function logLine(scan, state, answer, message) {
    var line = log.querySelector('[data-scan="' + scan.scan_id + '"]');
    if (!line) {
      line = document.createElement("li");
      line.setAttribute("data-scan", scan.scan_id);
      log.insertBefore(line, log.firstChild);
      while (log.children.length > LOG_SIZE) { log.removeChild(log.lastChild); }
    }
    line.setAttribute("data-state", state);
    line.className = "log-" + state;
    var who = answer && answer.full_name
      ? (nativeName(answer) ? nativeName(answer) + " · " : "") + answer.full_name : "";
    line.textContent = [texts.outcomes[state] || state, who, message || ""]
      .filter(Boolean).join(" — ");
  }

  // The queue.
  function load() {
    try { return JSON.parse(window.localStorage.getItem(queueKey)) || []; }
    catch (error) { return []; }
  }
  function save(queue) {
    window.localStorage.setItem(queueKey, JSON.stringify(queue));
    queueNote.textContent = texts.waiting.replace("{count}", queue.length);
    queueNote.hidden = queue.length === 0;
  }
  function drop(scanId) {
    save(load().filter(function (scan) { return scan.scan_id !== scanId; }));
  }

  function newScanId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  function direction() {
    return root.querySelector("input[name=direction]:checked").value;
  }

  function record(person) {
    var scan = { scan_id: newScanId(), direction: direction(),
                 scanned_at: new Date().toISOString() };
    if (person.token) { scan.token = person.token; } else { scan.participant_id = person.id; }
    var queue = load();
    queue.push(scan);
    save(queue);
    var state = navigator.onLine ? "sending" : "queued";
    showResult(state, person.answer);
    logLine(scan, state, person.answer);
    flush();
  }

  var flushing = false;
  var retryTimer = null;
  var stopped = false; // signed out: nothing more is sent until the page is reloaded

  function later() {
    if (retryTimer === null) {
      retryTimer = window.setTimeout(function () { retryTimer = null; flush(); }, RETRY_MS);
    }
  }

  function post(scan) {
    var body = { scan_id: scan.scan_id, scanned_at: scan.scanned_at };
    if (scan.token) { body.token = scan.token; } else { body.participant_id = scan.participant_id; }
    return fetch(urls[scan.direction], {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  // A page open for hours outlives its CSRF token: take a fresh one from the page itself.
  function renewToken() {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("desk");
        if (!fresh) { throw new Error("signed out"); }
        csrf = fresh.getAttribute("data-csrf");
      });
  }

  function answered(scan, reply) {
    var error = reply.data && reply.data.error;
    if (reply.status === 200) {
      drop(scan.scan_id);
      showResult(reply.data.outcome, reply.data);
      logLine(scan, reply.data.outcome, reply.data);
      return true;
    }
    var expired = reply.status === 400 && error && error.code === "csrf";
    if (!expired && [400, 404, 409, 422].indexOf(reply.status) >= 0) {
      // Refused for good (an altered code, another meeting's): sending again cannot help.
      drop(scan.scan_id);
      var message = error ? error.message : "";
      showResult("refused", null, message);
      logLine(scan, "refused", null, message);
      return true;
    }
    if (expired || reply.status === 401 || reply.status === 403) {
      stopped = true;
      showResult("signed-out");
      logLine(scan, "signed-out");
      return false;
    }
    later(); // the server is unwell (5xx): keep the scan, try again
    return false;
  }

  function flush() {
    if (flushing || stopped) { return; }
    var queue = load();
    if (!queue.length) { return; }
    flushing = true;
    var scan = queue[0];
    post(scan)
      .then(function (reply) {
        if (reply.status === 400 && reply.data.error && reply.data.error.code === "csrf") {
          return renewToken().then(function () { return post(scan); });
        }
        return reply;
      })
      .then(function (reply) {
        flushing = false;
        if (answered(scan, reply)) { flush(); }
      })
      .catch(function () {
        // No network: the scan stays queued (and said so), to be sent when it returns.
        flushing = false;
        logLine(scan, "queued");
        if (panel.getAttribute("data-state") === "sending") { showResult("queued"); }
        later();
      });
  }

  window.addEventListener("online", flush);
  save(load());
  load().forEach(function (scan) { logLine(scan, "queued"); });
  flush();

  // Keyboard wedge: the scanner types the code, then Enter.
  codeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var token = codeInput.value.trim();
    codeInput.value = "";
    codeInput.focus();
    if (token) { record({ token: token }); }
  });
  function buttonText() { return direction() === "in" ? texts.check_in : texts.check_out; }
  root.querySelectorAll("input[name=direction]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      root.classList.toggle("leaving", direction() === "out");
      root.querySelectorAll("[data-results] button").forEach(function (button) {
        button.textContent = buttonText();
      });
      codeInput.focus();
    });
  });

  // Camera: frames drawn to a canvas, read by jsQR; one code is taken once per few seconds.
  var video = $("[data-video]");
  var startButton = $("[data-camera-start]");
  var stopButton = $("[data-camera-stop]");
  var cameraNote = $("[data-camera-note]");
  var canvas = document.createElement("canvas");
  var stream = null;
  var lastCode = null;
  var lastAt = 0;

  function look() {
    if (!stream) { return; }
    if (video.readyState >= video.HAVE_ENOUGH_DATA && video.videoWidth) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var frame = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(frame.data, frame.width, frame.height,
                             { inversionAttempts: "dontInvert" });
      var now = Date.now();
      if (code && code.data && (code.data !== lastCode || now - lastAt > SAME_CODE_MS)) {
        lastCode = code.data;
        lastAt = now;
        record({ token: code.data });
      }
    }
    window.setTimeout(look, 150);
  }

  function stopCamera() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
  }

  startButton.addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) {
      show(cameraNote, texts.camera_off);
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        startButton.hidden = true;
        stopButton.hidden = false;
        show(cameraNote, "");
        return video.play();
      })
      .then(look)
      .catch(function () { stopCamera(); show(cameraNote, texts.camera_off); });
  });
  stopButton.addEventListener("click", stopCamera);

  // Search by name (the API's search, read with the session), then check in or out.
  var searchForm = $("[data-search-form]");
  var results = $("[data-results]");
  var searchNote = $("[data-search-note]");
  searchForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = searchForm.querySelector("input").value.trim();
    results.textContent = "";
    searchNote.textContent = "";
    if (!q) { return; }
    fetch(urls.search + "?q=" + encodeURIComponent(q),
          { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (found) {
        if (!found.items.length) { searchNote.textContent = texts.no_match; }
        else if (found.total > found.items.length) {
          searchNote.textContent = texts.more.replace("{total}", found.total);
        }
        found.items.forEach(function (item) {
          var line = document.createElement("li");
          var name = document.createElement("span");
          name.className = "desk-found";
          name.textContent = (nativeName(item) ? nativeName(item) + " · " : "") +
            item.full_name + " — " + (item.organisation.native_name || item.organisation.name);
          if (item.present) {
            var here = document.createElement("span");
            here.className = "tag";
            here.textContent = texts.present;
            name.appendChild(here);
          }
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = buttonText();
          button.addEventListener("click", function () {
            record({ id: item.participant_id, answer: item });
          });
          line.appendChild(name);
          line.appendChild(button);
          results.appendChild(line);
        });
      })
      .catch(function () { searchNote.textContent = texts.search_failed; });
  });
})();
