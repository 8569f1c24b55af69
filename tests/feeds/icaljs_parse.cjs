// Parse iCalendar files with Mozilla's ical.js (the parser Thunderbird uses) and print, as JSON,
// what it understood of each: the calendar's name and every VEVENT with its times resolved
// through the feed's own VTIMEZONEs. Usage: ICALJS=<path to the ical.js package> node icaljs_parse.cjs FILE...
"use strict";

const fs = require("fs");
const path = require("path");
// The package's CommonJS build (its main entry is an ES module).
const ICAL = require(path.join(process.env.ICALJS, "dist", "ical.es5.cjs"));

function time(value) {
  if (!value) return null;
  return {
    local: value.toString(), // as written: 2020-12-08T09:30:00, or 2021-12-06 for a date
    tzid: value.isDate ? null : value.zone ? value.zone.tzid : null,
    is_date: value.isDate,
    utc: value.isDate ? null : value.toJSDate().toISOString(),
  };
}

function parse(file) {
  const component = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
  ICAL.TimezoneService.reset();
  for (const vtimezone of component.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const events = component.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const conference = vevent.getFirstProperty("conference");
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      location: event.location,
      status: vevent.getFirstPropertyValue("status"),
      sequence: event.sequence,
      start: time(event.startDate),
      end: time(event.endDate),
      url: vevent.getFirstPropertyValue("url"),
      conference: conference ? conference.getFirstValue() : null,
      categories: vevent.getAllProperties("categories").flatMap((property) => property.getValues()),
    };
  });
  return {
    file,
    name: component.getFirstPropertyValue("name"),
    description: component.getFirstPropertyValue("description"),
    timezones: component.getAllSubcomponents("vtimezone").map((vtz) => vtz.getFirstPropertyValue("tzid")),
    events,
  };
}

const results = [];
for (const file of process.argv.slice(2)) {
  try {
    results.push(parse(file));
  } catch (error) {
    results.push({ file, error: String(error) });
  }
}
process.stdout.write(JSON.stringify(results));
