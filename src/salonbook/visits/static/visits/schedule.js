// The schedule grid: EventCalendar's resource time grid, one column per staff member (a day),
// or one staff member's week. Data is the JSON of GET /api/v1/schedule, embedded in the page
// for the first paint and fetched again on navigation and on every relevant live change.
//
// Times are handled as the location's wall clock: the API's "10:00-05:00" is handed to the
// calendar as the floating "10:00", and what the calendar gives back is sent without an offset,
// which the server reads in the location's zone. For floating times EventCalendar's Dates hold
// that wall clock in their *local* fields (getHours), whatever the browser's own zone, and its
// dateStr is the same time as text. The calendar's zone is set to the location's offset only
// so that its "now" line is drawn at the location's time.
(function () {
  "use strict";
  const sb = window.salonbook;
  const config = JSON.parse(document.getElementById("schedule-config").textContent);
  let data = JSON.parse(document.getElementById("schedule-data").textContent);
  const root = document.getElementById("schedule");
  const calendarEl = document.getElementById("calendar");
  const picker = document.getElementById("time-picker");
  const locale = document.documentElement.lang || "en";
  const phone = window.matchMedia("(max-width: 899px)");
  // A phone shows a busy location's staff a group at a time (chosen in the staff select):
  // a handful of columns to scroll through sideways instead of dozens to draw and swipe past.
  const GROUP = 6;
  const state = {
    date: config.date,
    view: config.view,
    staffId: config.staffId,
    group: Number(new URLSearchParams(location.search).get("group")) || 0,
  };
  let calendar = null;

  // --- dates as wall-clock strings -------------------------------------------------------
  const pad = (n) => String(n).padStart(2, "0");
  const wall = (iso) => iso.slice(0, 19);
  /** The wall-clock time a calendar Date stands for: its local fields (see above). */
  const wallOf = (d) =>
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const addDays = (isoDate, n) => {
    const d = new Date(isoDate + "T12:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };
  const monday = (isoDate) => {
    const d = new Date(isoDate + "T12:00:00Z");
    return addDays(isoDate, -((d.getUTCDay() + 6) % 7));
  };
  /** The location's UTC offset ("-05:00") at noon of a day: where "now" is drawn. */
  function utcOffset(isoDate) {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: config.timeZone, timeZoneName: "longOffset",
    }).formatToParts(new Date(isoDate + "T12:00:00Z"));
    const name = parts.find((p) => p.type === "timeZoneName")?.value || "GMT";
    return name === "GMT" ? "+00:00" : name.slice(3);
  }
  const esc = (text) =>
    String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const timeLabel = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: "UTC" });
  const clock = (isoLocal) => timeLabel.format(new Date(isoLocal.slice(0, 16) + ":00Z"));

  // --- the API's schedule as the calendar's resources and events --------------------------
  function resources(schedule) {
    return schedule.staff.map((member) => ({
      id: member.id,
      title: { html: `<span class="resource-name">${esc(member.name)}</span>` +
        (member.position ? `<span class="resource-position">${esc(member.position)}</span>` : "") },
    }));
  }

  function background(resourceId, start, end, kind, title) {
    return { resourceId, start, end, display: "background", classNames: [kind], title: title || "" };
  }

  function events(schedule) {
    const out = [];
    for (const member of schedule.staff) {
      for (const day of member.days) {
        const dayStart = day.date + "T00:00:00";
        const dayEnd = addDays(day.date, 1) + "T00:00:00";
        if (!day.hours) {
          out.push(background(member.id, dayStart, dayEnd, "day-off", config.dayOff[day.day_off] || ""));
          continue;
        }
        out.push(background(member.id, dayStart, wall(day.hours.start), "closed"));
        out.push(background(member.id, wall(day.hours.end), dayEnd, "closed"));
        for (const pause of day.breaks) {
          out.push(background(member.id, wall(pause.start), wall(pause.end), "break", config.text.break));
        }
      }
    }
    for (const booking of schedule.bookings) {
      const color = booking.color || booking.category?.color || "";
      out.push({
        id: String(booking.id),
        resourceId: booking.staff_id,
        start: wall(booking.start),
        end: wall(booking.end),
        title: booking.client?.name || "",
        backgroundColor: color || undefined,
        classNames: ["booking", "status-" + booking.status, color ? "colored" : "plain"],
        editable: config.canEdit,
        extendedProps: { booking },
      });
    }
    return out;
  }

  function content(info) {
    const booking = info.event.extendedProps.booking;
    if (!booking) return { html: `<span class="bg-label">${esc(info.event.title)}</span>` };
    const services = booking.services.map((s) => esc(s.name)).join(", ");
    const status = config.statuses[booking.status] || booking.status;
    return {
      html:
        `<div class="bk" data-booking-id="${booking.id}">` +
        `<div class="bk-time">${clock(wall(booking.start))}–${clock(wall(booking.end))}` +
        `<span class="bk-status">${esc(status)}</span></div>` +
        `<div class="bk-client">${esc(booking.client?.name || "—")}</div>` +
        `<div class="bk-services">${services}</div>` +
        (booking.category ? `<div class="bk-category">${esc(booking.category.name)}</div>` : "") +
        `</div>`,
    };
  }

  /** Show the hours anybody works (and every booking), rounded out to whole hours. */
  function visibleHours(schedule) {
    let first = 24 * 60, last = 0;
    const minutes = (iso) => Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
    for (const member of schedule.staff) {
      for (const day of member.days) {
        if (!day.hours) continue;
        first = Math.min(first, minutes(day.hours.start));
        const end = minutes(day.hours.end);
        last = Math.max(last, end === 0 ? 24 * 60 : end);
      }
    }
    for (const booking of schedule.bookings) {
      first = Math.min(first, minutes(booking.start));
      const sameDay = booking.end.slice(0, 10) === booking.start.slice(0, 10);
      last = Math.max(last, sameDay ? minutes(booking.end) : 24 * 60);
    }
    if (first >= last) { first = 9 * 60; last = 20 * 60; }
    const from = Math.floor(first / 60), to = Math.min(24, Math.ceil(last / 60));
    return { slotMinTime: pad(from) + ":00", slotMaxTime: pad(to) + ":00" };
  }

  // --- staff groups on a phone -------------------------------------------------------------
  const groupCount = () => Math.ceil(config.staff.length / GROUP);
  const grouped = () => phone.matches && state.view === "day" && !state.staffId && groupCount() > 1;

  /** The part of the schedule the grid draws: everything, or one group of staff on a phone. */
  function shown(schedule) {
    if (!grouped()) return schedule;
    const group = Math.min(state.group, groupCount() - 1);
    const ids = new Set(config.staff.slice(group * GROUP, (group + 1) * GROUP).map((s) => s.id));
    return {
      ...schedule,
      staff: schedule.staff.filter((s) => ids.has(s.id)),
      bookings: schedule.bookings.filter((b) => ids.has(b.staff_id)),
    };
  }

  /** The staff select: "All staff" and everyone, or on a phone the groups and everyone. */
  function staffOptions() {
    const select = document.getElementById("schedule-staff");
    const option = (value, label) => new Option(label, value);
    const everyone = config.staff.map((s) => option(String(s.id), s.name));
    if (phone.matches && groupCount() > 1) {
      const groups = document.createElement("optgroup");
      groups.label = config.text.groups;
      for (let g = 0; g < groupCount(); g++) {
        const members = config.staff.slice(g * GROUP, (g + 1) * GROUP);
        groups.append(option("group:" + g, `${members[0].name} – ${members[members.length - 1].name}`));
      }
      const people = document.createElement("optgroup");
      people.label = config.text.staffMembers;
      people.append(...everyone);
      select.replaceChildren(groups, people);
    } else {
      select.replaceChildren(option("", config.text.allStaff), ...everyone);
    }
  }

  // --- the toolbar ------------------------------------------------------------------------
  function title() {
    const node = document.getElementById("schedule-title");
    const at = (iso) => new Date(iso + "T12:00:00Z");
    if (state.view === "week") {
      const start = monday(state.date), end = addDays(start, 6);
      const fmt = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
      node.textContent = `${fmt.format(at(start))} – ${fmt.format(at(end))}`;
    } else {
      const long = !phone.matches;
      node.textContent = new Intl.DateTimeFormat(locale, {
        weekday: long ? "long" : "short", day: "numeric", month: long ? "long" : "short", timeZone: "UTC",
      }).format(at(state.date));
    }
    document.getElementById("schedule-date").value = state.date;
    root.querySelectorAll("[data-view]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.view === state.view)));
    document.getElementById("schedule-staff").value = state.staffId
      ? String(state.staffId)
      : grouped() ? "group:" + state.group : "";
    calendarEl.dataset.view = state.view;
  }

  function range() {
    if (state.view === "week") {
      const start = monday(state.date);
      return { start, end: addDays(start, 6) };
    }
    return { start: state.date, end: state.date };
  }

  function rememberInUrl() {
    const params = new URLSearchParams({ date: state.date });
    if (state.view === "week") params.set("view", "week");
    if (state.staffId) params.set("staff", state.staffId);
    if (grouped() && state.group) params.set("group", state.group);
    history.replaceState(null, "", "?" + params.toString());
  }

  let loading = 0;
  async function load() {
    const ticket = ++loading;
    const { start, end } = range();
    const params = new URLSearchParams({ location_id: config.locationId, date: start, end_date: end });
    if (state.staffId) params.set("staff_id", state.staffId);
    try {
      const fresh = await sb.api("GET", "/schedule?" + params.toString());
      if (ticket !== loading) return; // a newer request is on its way
      data = fresh;
      draw();
    } catch (error) {
      sb.toast(error.message, "error");
    }
  }

  function draw() {
    const part = shown(data);
    const hours = visibleHours(part);
    calendar.setOption("slotMinTime", hours.slotMinTime);
    calendar.setOption("slotMaxTime", hours.slotMaxTime);
    calendar.setOption("resources", resources(part));
    calendar.setOption("events", events(part));
    root.dataset.loaded = String(Date.now());
    root.dataset.bookings = String(data.bookings.length);
    root.dataset.shown = String(part.bookings.length);
  }

  function go(date, view, staffId) {
    state.date = date;
    if (view) state.view = view;
    if (staffId !== undefined) state.staffId = staffId;
    if (state.view === "week" && !state.staffId) state.staffId = config.weekStaffId;
    calendar.setOption("timeZone", utcOffset(state.view === "week" ? monday(state.date) : state.date));
    title();
    rememberInUrl();
    calendar.setOption("datesAboveResources", state.view === "week");
    calendar.setOption("view", state.view === "week" ? "resourceTimeGridWeek" : "resourceTimeGridDay");
    calendar.setOption("date", state.date);
    calendar.setOption("columnWidth", columnWidth());
    load();
  }

  root.addEventListener("click", (event) => {
    const step = event.target.closest("[data-go]");
    if (step) {
      const delta = step.dataset.go;
      if (delta === "today") go(config.today);
      else go(addDays(state.date, Number(delta) * (state.view === "week" ? 7 : 1)));
    }
    const view = event.target.closest("[data-view]");
    if (view && view.tagName === "BUTTON") go(state.date, view.dataset.view);
    if (event.target.closest("[data-close-picker]")) closePicker();
  });
  document.getElementById("schedule-date").addEventListener("change", (event) => {
    if (event.target.value) go(event.target.value);
  });
  document.getElementById("schedule-staff").addEventListener("change", (event) => {
    const value = event.target.value;
    if (value.startsWith("group:")) {
      state.group = Number(value.slice(6));
      go(state.date, undefined, null);
    } else if (!value && state.view === "week") {
      go(state.date, "day", null); // everyone's columns are a day view
    } else {
      go(state.date, undefined, value ? Number(value) : null);
    }
  });

  // --- tapping a free cell: pick the exact start, then fill in the booking ----------------
  function closePicker() {
    picker.classList.add("hidden");
  }

  function openPicker(info) {
    if (!config.canCreate || !info.resource) return;
    // The tap lands on a snapped time; offer the starts of the whole hour it falls in.
    const hour = info.dateStr.slice(0, 13); // "2026-12-01T10"
    const staffId = info.resource.id;
    const member = config.staff.find((s) => String(s.id) === String(staffId));
    const times = picker.querySelector(".time-picker-times");
    times.replaceChildren();
    for (let minute = 0; minute < 60; minute += config.step) {
      const value = `${hour}:${pad(minute)}`;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button small";
      button.textContent = clock(value);
      button.dataset.start = value;
      button.addEventListener("click", () => {
        closePicker();
        sb.showInSheet(`/bookings/new/?staff=${encodeURIComponent(staffId)}&start=${encodeURIComponent(value)}`);
      });
      times.appendChild(button);
    }
    picker.querySelector(".time-picker-title").textContent =
      `${config.text.chooseTime}${member ? " · " + member.name : ""}`;
    picker.classList.remove("hidden");
    // A touch is followed by a synthetic click where the finger was: keep it off the picker.
    picker.inert = true;
    setTimeout(() => { picker.inert = false; picker.querySelector("button")?.focus(); }, 350);
    if (!phone.matches && info.jsEvent) {
      const box = root.getBoundingClientRect();
      picker.style.left = Math.min(info.jsEvent.clientX - box.left, box.width - 260) + "px";
      picker.style.top = Math.max(info.jsEvent.clientY - box.top - 20, 60) + "px";
    } else {
      picker.style.left = picker.style.top = "";
    }
  }

  document.addEventListener("keydown", (event) => { if (event.key === "Escape") closePicker(); });

  // --- drag and drop, resize ----------------------------------------------------------------
  async function save(info, body) {
    const booking = info.event.extendedProps.booking;
    try {
      await sb.api("PATCH", `/bookings/${booking.id}`, body, { "If-Match": `"${booking.version}"` });
      sb.toast(config.text.moved, "ok");
      load();
    } catch (error) {
      info.revert();
      // A 422 names fields ("start: ..."); the person needs only the messages.
      const fields = error.problem?.errors;
      const message = fields ? Object.values(fields).flat().join(" ") : error.message;
      sb.toast(`${config.text.refused}: ${message}`, "error");
    }
  }

  function columnWidth() {
    // On a phone the staff columns keep a readable width and scroll sideways.
    const columns = shown(data).staff.length;
    if (!phone.matches) return state.view === "day" && columns > 8 ? "150px" : undefined;
    return state.view === "week" ? "96px" : (columns > 2 ? "44vw" : undefined);
  }

  calendar = EventCalendar.create(calendarEl, {
    view: state.view === "week" ? "resourceTimeGridWeek" : "resourceTimeGridDay",
    date: state.date,
    timeZone: config.offset,
    locale,
    headerToolbar: { start: "", center: "", end: "" },
    allDaySlot: false,
    firstDay: 1, // weeks run Monday to Sunday, as the server's week range does
    nowIndicator: true,
    height: "100%",
    slotDuration: "01:00",
    slotHeight: 72,
    snapDuration: { minutes: config.step },
    scrollTime: "08:00",
    ...visibleHours(shown(data)),
    // Whole hours: "10 AM" keeps the time column narrow on a phone.
    slotLabelFormat: { hour: "numeric" },
    datesAboveResources: state.view === "week",
    dayHeaderFormat: { weekday: "short", day: "numeric" },
    columnWidth: columnWidth(),
    resources: resources(shown(data)),
    events: events(shown(data)),
    editable: config.canEdit,
    eventStartEditable: config.canEdit,
    eventDurationEditable: config.canEdit,
    eventLongPressDelay: 500,
    pointer: config.canCreate,
    eventContent: content,
    dateClick: openPicker,
    eventClick(info) {
      const booking = info.event.extendedProps.booking;
      if (booking) sb.showInSheet(`/bookings/${booking.id}/`);
    },
    eventDrop(info) {
      const body = { start: wallOf(info.event.start) };
      if (info.newResource) body.staff_id = Number(info.newResource.id);
      save(info, body);
    },
    eventResize(info) {
      save(info, { end: wallOf(info.event.end) });
    },
  });
  staffOptions();
  title();
  root.dataset.loaded = String(Date.now());
  root.dataset.bookings = String(data.bookings.length);
  root.dataset.shown = String(shown(data).bookings.length);
  performance.mark("schedule-drawn"); // read by `make bench`
  phone.addEventListener("change", () => {
    staffOptions();
    title();
    draw();
    calendar.setOption("columnWidth", columnWidth());
  });

  // --- live: what others change shows up here ----------------------------------------------
  let pending = null;
  function soon() {
    clearTimeout(pending);
    pending = setTimeout(load, 120);
  }
  const LIVE = new Set(["booking", "schedule", "staff", "location", "booking_category"]);
  document.addEventListener("sb:change", (event) => {
    const change = event.detail;
    if (!LIVE.has(change.entity)) return;
    const at = change.data?.location_id;
    if (at !== undefined && at !== config.locationId) return;
    soon();
  });
  document.addEventListener("sb:resync", soon);

  // An open booking sheet says so when someone else changes or deletes that booking meanwhile,
  // or takes or deletes a payment of its visit, or changes its goods (sales, consumables):
  // those leave the booking's version alone, and name the booking in their data.
  const VISIT_PARTS = new Set(["payment", "sale_line", "visit_consumable"]);
  document.addEventListener("sb:change", (event) => {
    const change = event.detail;
    if (change.actor_id === config.userId) return;
    const part = VISIT_PARTS.has(change.entity);
    if (change.entity !== "booking" && !part) return;
    const bookingId = part ? change.data?.booking_id : change.id;
    const open = document.querySelector(`#sheet-body [data-booking-id="${bookingId}"]`);
    if (!open || (!part && Number(open.dataset.version) >= change.version)) return;
    const notice = open.querySelector(".sheet-notice");
    const deleted = !part && change.action === "deleted";
    notice.replaceChildren(document.createTextNode(
      (deleted ? config.text.deletedElsewhere : config.text.changedElsewhere) + " "));
    const reload = document.createElement("button");
    reload.type = "button";
    reload.className = "button small";
    reload.textContent = config.text.showChanges;
    reload.addEventListener("click", () => sb.showInSheet(`/bookings/${bookingId}/`));
    notice.append(reload);
    notice.hidden = false;
  });
  document.addEventListener("booking-saved", soon);
  if (config.cursor !== null) sb.listen(config.cursor);
  window.salonbookSchedule = { calendar, load, go, state };
})();
