// The meeting form: when the organiser picks another time zone, the labels of the times say
// it at once ("Starts (Asia/Bangkok, UTC+07:00)"), as the server would after sending the form.
// Without JavaScript the form works the same; only the labels wait for the next page.
(function () {
  "use strict";
  var select = document.getElementById("timezone");
  if (!select || typeof Intl === "undefined") {
    return;
  }
  var ZONE_TEXT = /[A-Za-z_\/+\-]+, UTC[+\-]\d\d:\d\d/;

  function offset(zone, at) {
    try {
      var parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
        .formatToParts(at);
      for (var i = 0; i < parts.length; i++) {
        if (parts[i].type === "timeZoneName") {
          return parts[i].value === "GMT" ? "+00:00" : parts[i].value.slice(3);
        }
      }
    } catch (error) {
      return null;
    }
    return null;
  }

  function start() {
    var typed = document.getElementById("starts_at");
    var at = typed && typed.value ? new Date(typed.value) : new Date();
    return isNaN(at.getTime()) ? new Date() : at;
  }

  select.addEventListener("change", function () {
    var shift = offset(select.value, start());
    if (shift === null) {
      return;
    }
    var text = select.value + ", UTC" + shift;
    ["starts_at", "ends_at", "registration_deadline"].forEach(function (id) {
      var label = document.querySelector('label[for="' + id + '"]');
      if (label) {
        label.textContent = label.textContent.replace(ZONE_TEXT, text);
      }
    });
  });
})();
