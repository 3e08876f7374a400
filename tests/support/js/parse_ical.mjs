// Parse iCalendar bytes (stdin) with ical.js, Thunderbird's parser, and print JSON.
//
//   node tests/support/js/parse_ical.mjs < invite.ics
//
// Output: {"ok", "complaints": [...], "method", "events": [{uid, summary, sequence, status,
// recurrence_id, tzid, dtstart, dtend}]}; times are UTC, "YYYY-MM-DDTHH:MM:SSZ", from
// Time.toJSDate().toISOString() (YYYY-MM-DD for all-day dates).
//
// ical.js is lenient: it throws ICAL.parse.ParserError on a malformed content line or an
// unclosed component, throws from value parsing on a broken DATE-TIME, and otherwise takes what
// it gets. A TZID without a VTIMEZONE silently becomes a *floating* time (the machine's local
// time), so this script reports it, as it does a VEVENT without UID or DTSTART and a VTIMEZONE
// RDATE with several values (ical.js reads only the first; see below).
// Exit status 0 whenever a JSON answer was printed, complaints or not.

import ICAL from "ical.js";

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks)));
    process.stdin.on("error", reject);
  });
}

function describe(error) {
  return `${error && error.name ? error.name : "Error"}: ${error && error.message ? error.message : error}`;
}

function utc(time, what, uid, tzid, complaints) {
  if (!time) {
    return null;
  }
  if (time.isDate) {
    return time.toString(); // YYYY-MM-DD
  }
  if (time.zone === ICAL.Timezone.localTimezone) {
    complaints.push(
      tzid
        ? `VEVENT ${JSON.stringify(uid)}: ${what};TZID=${tzid} has no VTIMEZONE ical.js could ` +
            "use, so it became a floating (local) time"
        : `VEVENT ${JSON.stringify(uid)}: ${what} is a floating time (neither UTC nor TZID)`,
    );
  }
  const date = time.toJSDate();
  if (Number.isNaN(date.getTime())) {
    complaints.push(`VEVENT ${JSON.stringify(uid)}: ${what} is not a valid date-time`);
    return null;
  }
  return date.toISOString().replace(".000Z", "Z");
}

function firstValue(component, name) {
  const prop = component.getFirstProperty(name);
  return prop ? prop.getFirstValue() : null;
}

function main(bytes) {
  const complaints = [];
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    return { ok: false, complaints: [`not UTF-8: ${describe(error)}`], events: [] };
  }

  let root;
  try {
    const jcal = ICAL.parse(text);
    if (Array.isArray(jcal) && Array.isArray(jcal[0])) {
      return {
        ok: false,
        complaints: [`${jcal.length} top-level components, expected one VCALENDAR`],
        events: [],
      };
    }
    root = new ICAL.Component(jcal);
  } catch (error) {
    return { ok: false, complaints: [`ICAL.parse: ${describe(error)}`], events: [] };
  }
  if (root.name !== "vcalendar") {
    const name = root.name ? root.name.toUpperCase() : "nothing";
    return { ok: false, complaints: [`top-level component is ${name}, not VCALENDAR`], events: [] };
  }

  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    // ical.js (Timezone._expandComponent) reads only the first value of each RDATE of a
    // STANDARD/DAYLIGHT observance: "RDATE:19810329T030000,19820328T030000,..." (what
    // icalendar 7 writes) loses every transition after the first, so DST is wrong.
    const tzid = firstValue(vtimezone, "tzid");
    for (const observance of vtimezone.getAllSubcomponents()) {
      for (const rdate of observance.getAllProperties("rdate")) {
        if (rdate.getValues().length > 1) {
          complaints.push(
            `VTIMEZONE ${tzid} ${observance.name.toUpperCase()}: RDATE with ` +
              `${rdate.getValues().length} values; ical.js uses only the first value of each ` +
              "RDATE (one date per RDATE line, or an RRULE, works)",
          );
        }
      }
    }
    try {
      const zone = new ICAL.Timezone(vtimezone);
      if (!zone.tzid) {
        complaints.push("VTIMEZONE without TZID");
        continue;
      }
      ICAL.TimezoneService.register(zone);
    } catch (error) {
      complaints.push(`VTIMEZONE: ${describe(error)}`);
    }
  }

  const events = [];
  for (const vevent of root.getAllSubcomponents("vevent")) {
    const uid = firstValue(vevent, "uid");
    try {
      const event = new ICAL.Event(vevent);
      if (!uid) {
        complaints.push("VEVENT without UID");
      }
      if (!vevent.hasProperty("dtstart")) {
        complaints.push(`VEVENT ${JSON.stringify(uid)}: no DTSTART`);
      }
      const startProp = vevent.getFirstProperty("dtstart");
      const endProp = vevent.getFirstProperty("dtend");
      const tzid = startProp ? startProp.getParameter("tzid") || null : null;
      const endTzid = endProp ? endProp.getParameter("tzid") || null : null;
      const recurrenceId = event.recurrenceId;
      events.push({
        uid,
        summary: event.summary ?? null,
        sequence: event.sequence ?? null,
        status: firstValue(vevent, "status"),
        recurrence_id: recurrenceId ? utc(recurrenceId, "RECURRENCE-ID", uid, null, complaints) : null,
        tzid,
        dtstart: utc(event.startDate, "DTSTART", uid, tzid, complaints),
        dtend: endProp || vevent.hasProperty("duration")
          ? utc(event.endDate, "DTEND", uid, endTzid, complaints)
          : null,
      });
    } catch (error) {
      complaints.push(`VEVENT ${JSON.stringify(uid)}: ${describe(error)}`);
    }
  }

  return {
    ok: complaints.length === 0,
    complaints,
    method: firstValue(root, "method"),
    events,
  };
}

const result = main(await readStdin());
process.stdout.write(JSON.stringify(result) + "\n");
