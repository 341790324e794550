// The offline desk. It keeps the event's ticket list (keyed hashes, names, units, who is in) and a queue of scans in
// this device's IndexedDB; answers each scan from the server when it answers within a second, else from the device
// at once; and syncs the queue through /api/v1 in batches, each scan exactly once by its id.
(function () {
  "use strict";

  var SERVER_WAIT_MS = 1000;    // longer than this and the scan is answered from the device
  var SYNC_EVERY_MS = 5000;     // a queue waiting to be sent is retried this often
  var REFRESH_EVERY_MS = 60000; // the ticket list is fetched again this often while online
  var BATCH = 100;              // scans per request (the API takes up to 200)
  var SHOWN_SCANS = 30;

  var body = document.body;
  var API = body.dataset.api;
  var T = JSON.parse(document.getElementById("desk-texts").textContent);
  var $ = function (id) { return document.getElementById(id); };
  $("desk-needs-js").hidden = true;

  var state = { device: null, online: navigator.onLine, syncing: false, pending: 0, inFlight: {}, cryptoKey: null,
                tickets: 0, done: 0, message: "" };
  var dbPromise = null;

  function say(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, name) { return values && name in values ? values[name] : ""; });
  }

  function problem(text) {
    var box = $("desk-problem");
    if (box.textContent === (text || "") && box.hidden === !text) return;
    box.textContent = text || "";
    box.hidden = !text;
    if (text) box.focus();
  }

  if (!window.indexedDB || !window.idb || !window.crypto || !crypto.subtle || !window.fetch) {
    problem(T.unsupported);
    return;
  }

  // ---- storage -------------------------------------------------------------------------------------------------

  function database() {
    if (!dbPromise) {
      dbPromise = idb.openDB("ban-diem-danh", 1, {
        upgrade: function (db) {
          db.createObjectStore("meta");
          var tickets = db.createObjectStore("tickets", { keyPath: "token_hash" });
          tickets.createIndex("code_hash", "code_hash");
          db.createObjectStore("scans", { keyPath: "id" });
        }
      });
    }
    return dbPromise;
  }

  function saveDevice() {
    return database().then(function (db) { return db.put("meta", state.device, "device"); });
  }

  function allScans() {
    return database().then(function (db) { return db.getAll("scans"); });
  }

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // ---- time ----------------------------------------------------------------------------------------------------

  // The API speaks the event's local time without a zone (the event gives its offset); the device's own marks are
  // in UTC.
  function parseLocal(text) {
    if (!text) return null;
    var zoned = /(Z|[+-]\d\d:\d\d)$/.test(text);
    var offset = state.device && state.device.event && state.device.event.utc_offset || "";
    return new Date(zoned ? text : text + offset);
  }

  function clockTime(date) {
    return date ? date.toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }) : "";
  }

  function windowRefusal(now) {
    var event = state.device.event;
    var opens = parseLocal(event.checkin_opens_at), closes = parseLocal(event.checkin_closes_at);
    if (closes && now > closes) return T.window_closed;
    if (opens && now < opens) {
      return say(T.window_not_open, { time: opens.toLocaleString("vi-VN", { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", hour12: false }) });
    }
    return null;
  }

  // ---- the API -------------------------------------------------------------------------------------------------

  function api(path, options) {
    options = options || {};
    options.headers = Object.assign({ "Authorization": "Bearer " + state.device.token }, options.headers || {});
    options.cache = "no-store";
    return fetch(API + "/events/" + encodeURIComponent(state.device.slug) + path, options).then(function (response) {
      setOnline(true);
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          state.device.refused = data.message || String(response.status);
          render();
          throw new Error("refused");
        }
        if (!response.ok) throw new Error(data.message || String(response.status));
        return data;
      });
    }, function (error) {
      setOnline(false);
      throw error;
    });
  }

  function setOnline(online) {
    if (state.online === online) return;
    state.online = online;
    renderStatus();
    if (online) sync();
  }

  // ---- the device's copy of the event --------------------------------------------------------------------------

  function hashKey() {
    if (!state.cryptoKey || state.cryptoKey.hex !== state.device.hash_key) {
      var hex = state.device.hash_key, bytes = new Uint8Array(hex.length / 2);
      for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
      state.cryptoKey = {
        hex: hex,
        key: crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      };
    }
    return state.cryptoKey.key;
  }

  function ticketHash(kind, value) {
    return hashKey().then(function (key) {
      return crypto.subtle.sign("HMAC", key, new TextEncoder().encode(kind + ":" + value));
    }).then(function (signature) {
      return Array.prototype.map.call(new Uint8Array(signature), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    });
  }

  // The same reading of a code as the server's: a ticket's address, a short code (any case, dashes, spaces), or a
  // bare token.
  function parseCode(text) {
    var code = text.trim();
    var match = /\/t\/([A-Za-z0-9_-]{20,64})\/?$/.exec(code);
    var short = code.normalize("NFKC").toUpperCase().replace(/[^\p{L}\p{N}]/gu, "");
    if (!match && short.length === 8) return { kind: "code", value: short };
    return { kind: "token", value: match ? match[1] : code };
  }

  function findTicket(code) {
    if (!state.device.hash_key) return Promise.resolve(null);
    var parsed = parseCode(code);
    return Promise.all([ticketHash(parsed.kind, parsed.value), database()]).then(function (both) {
      var hash = both[0], db = both[1];
      return parsed.kind === "code" ? db.getFromIndex("tickets", "code_hash", hash) : db.get("tickets", hash);
    });
  }

  function refreshTickets() {
    if (!state.device || state.device.refused || windowRefusal(new Date()) === T.window_closed) return Promise.resolve();
    return api("/tickets?cursor=" + encodeURIComponent(state.device.cursor || "")).then(function (data) {
      if (!data.changed) return;
      return database().then(function (db) {
        return allScans().then(function (scans) {
          var mine = {};  // this device's scans the server has not answered yet still mark their tickets as in
          scans.forEach(function (scan) {
            if (scan.state === "pending" && scan.ticket && scan.local.status === "new") mine[scan.ticket] = scan.scanned_at;
          });
          // Only what changed is written: the store stays free for the scans (a rewrite of thousands blocks them).
          var tx = db.transaction("tickets", "readwrite");
          return tx.store.getAll().then(function (held) {
            var old = {};
            held.forEach(function (ticket) { old[ticket.token_hash] = ticket; });
            data.tickets.forEach(function (ticket) {
              var before = old[ticket.token_hash];
              delete old[ticket.token_hash];
              if (!ticket.checked_in_at && mine[ticket.token_hash]) ticket.checked_in_at = mine[ticket.token_hash];
              if (!before || before.checked_in_at !== ticket.checked_in_at || before.name !== ticket.name ||
                  before.unit !== ticket.unit || before.code_hash !== ticket.code_hash) tx.store.put(ticket);
            });
            Object.keys(old).forEach(function (hash) { tx.store.delete(hash); });  // cancelled since
            return tx.done;
          });
        }).then(function () {
          state.device.cursor = data.cursor;
          state.device.hash_key = data.hash_key;
          return saveDevice();
        });
      });
    }).then(function () { return renderCounts(); }, function () {});
  }

  function refreshEvent() {
    return api("").then(function (data) {
      state.device.event = data.event;
      state.device.units = data.units;
      state.device.sexes = data.sexes;
      state.device.notice = data.notice;
      state.device.refused = null;
      return saveDevice();
    }).then(function () { render(); });
  }

  // At the end of the check-in window the list leaves the device; the queue stays until it is sent (or can no
  // longer be), then the rest goes too.
  function expireIfClosed() {
    var device = state.device;
    if (!device || !device.event) return Promise.resolve();
    var now = new Date();
    var closed = now > parseLocal(device.event.checkin_closes_at);
    if (!closed) return Promise.resolve();
    return database().then(function (db) {
      return db.clear("tickets").then(function () {
        state.tickets = state.done = 0;
        state.counted = true;
        var late = now > parseLocal(device.event.sync_until);
        if (state.pending > 0 && !late) return;
        return Promise.all([db.clear("scans"), db.delete("meta", "device")]).then(function () {
          state.device = null;
          state.pending = 0;
          showSetup(T.cleared);
        });
      });
    });
  }

  // ---- scanning ------------------------------------------------------------------------------------------------

  function localAnswer(code, now) {
    var refusal = windowRefusal(now);
    if (refusal) return Promise.resolve({ status: "refused", message: refusal });
    return findTicket(code).then(function (ticket) {
      if (!ticket) return { status: "refused", message: T.unknown_here };
      var answer = { status: ticket.checked_in_at ? "already" : "new", name: ticket.name, unit: ticket.unit,
                     checked_in_at: ticket.checked_in_at || now.toISOString(), ticket: ticket.token_hash };
      if (ticket.checked_in_at) return answer;
      ticket.checked_in_at = now.toISOString();
      return database().then(function (db) { return db.put("tickets", ticket); }).then(function () { return answer; });
    });
  }

  function scan(code) {
    code = code.trim().slice(0, 300);
    if (!code || !state.device) return Promise.resolve();
    var started = performance.now();
    var now = new Date();
    return localAnswer(code, now).then(function (local) {
      var record = { id: newId(), kind: "ticket", code: code, scanned_at: now.toISOString(), state: "pending",
                     ticket: local.ticket || null, local: local };
      delete local.ticket;
      // The scan is on the device before anything is sent: a crash or a closed tab loses nothing.
      return database().then(function (db) { return db.put("scans", record); }).then(function () {
        state.pending += 1;
        if (!state.online) return null;
        state.inFlight[record.id] = true;
        var settled = api("/checkins", jsonBody({ checkins: [wire(record)] })).then(function (data) {
          return settle(record, data.results[0]).then(function () { return record; });
        });
        // A slow answer still settles the scan when it comes (and the list shows it); the desk does not wait.
        settled.catch(function () {}).then(function () {
          delete state.inFlight[record.id];
          renderStatus();
          renderScans();
        });
        return Promise.race([settled.catch(function () { return null; }),
                             new Promise(function (resolve) { setTimeout(resolve, SERVER_WAIT_MS, null); })]);
      }).then(function (settled) {
        if (local.status === "new" && local.name) state.done += 1;
        showResult(settled || record, performance.now() - started);
        renderStatus();
        renderCounts(true);
        renderScans();
        if (!settled) scheduleSync(SYNC_EVERY_MS);
      });
    });
  }

  function wire(record) {
    return record.kind === "walkin" ? Object.assign({ id: record.id, scanned_at: record.scanned_at }, record.data)
      : { id: record.id, code: record.code, scanned_at: record.scanned_at };
  }

  function jsonBody(data) {
    return { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) };
  }

  // The server's answer to a scan: it stands; a scan the device let in that the server did not (another desk was
  // first, or the ticket was cancelled meanwhile) is flagged for the desk.
  function settle(record, answer) {
    return database().then(function (db) {
      return db.get("scans", record.id).then(function (stored) {
        stored = stored || record;
        if (stored.state !== "pending") return;  // already settled by another answer to the same id
        state.pending = Math.max(0, state.pending - 1);
        stored.state = "synced";
        stored.server = { status: answer.status, message: answer.message || "", name: answer.name,
                          unit: answer.unit, checked_in_at: answer.checked_in_at };
        stored.flag = stored.local.status === "new" && answer.status !== "new" ? answer.status : null;
        delete stored.code;   // the ticket's secret is not kept once it has been sent
        if (stored.data) stored.data = null;
        Object.assign(record, stored);
        var writes = [db.put("scans", stored)];
        if (stored.ticket && answer.checked_in_at) {
          writes.push(db.get("tickets", stored.ticket).then(function (ticket) {
            if (!ticket) return;
            ticket.checked_in_at = answer.checked_in_at;
            return db.put("tickets", ticket);
          }));
        }
        return Promise.all(writes);
      });
    });
  }

  var syncTimer = null;
  function scheduleSync(delay) {
    if (syncTimer) clearTimeout(syncTimer);
    syncTimer = setTimeout(function () { syncTimer = null; sync(); }, delay);
  }

  function sync() {
    if (state.syncing || !state.device || state.device.refused) return Promise.resolve();
    state.syncing = true;
    return allScans().then(function (scans) {
      var waiting = scans.filter(function (s) { return s.state === "pending" && !state.inFlight[s.id]; });
      waiting.sort(function (a, b) { return a.scanned_at < b.scanned_at ? -1 : 1; });
      state.pending = scans.filter(function (s) { return s.state === "pending"; }).length;
      return sendAll(waiting.filter(function (s) { return s.kind === "ticket"; }), "/checkins", "checkins")
        .then(function () { return sendAll(waiting.filter(function (s) { return s.kind === "walkin"; }), "/walkins", "walkins"); })
        .then(function () {
          state.device.last_sync = new Date().toISOString();
          return saveDevice();
        })
        .then(refreshTickets).then(expireIfClosed);
    }).catch(function () {}).then(function () {
      state.syncing = false;
      render();
      if (state.pending > 0) scheduleSync(SYNC_EVERY_MS);
    });
  }

  function sendAll(records, path, name) {
    if (!records.length) return Promise.resolve();
    var batch = records.slice(0, BATCH), payload = {};
    payload[name] = batch.map(wire);
    return api(path, jsonBody(payload)).then(function (data) {
      var byId = {};
      batch.forEach(function (r) { byId[r.id] = r; });
      return Promise.all(data.results.map(function (answer) { return byId[answer.id] ? settle(byId[answer.id], answer) : null; }));
    }).then(function () { return sendAll(records.slice(BATCH), path, name); });
  }

  // ---- walk-ins ------------------------------------------------------------------------------------------------

  function fillWalkInForm() {
    var device = state.device, select = $("walk-in-commune"), sexes = $("walk-in-sexes");
    if (!device.units || select.dataset.filled === device.slug) return;
    select.dataset.filled = device.slug;
    select.textContent = "";
    select.appendChild(new Option("—", ""));
    device.units.forEach(function (unit) { select.appendChild(new Option(unit.name, unit.code)); });
    sexes.textContent = "";
    (device.sexes || []).forEach(function (sex, index) {
      var label = document.createElement("label"), input = document.createElement("input");
      input.type = "radio";
      input.name = "sex";
      input.value = sex.code;
      input.id = "walk-in-sex-" + index;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + sex.label));
      sexes.appendChild(label);
    });
    if (device.notice && device.notice.url) $("walk-in-notice").href = device.notice.url;
  }

  function fieldError(name, message) {
    var box = $("walk-in-" + name + "-error"), field = $("walk-in-" + name);
    box.textContent = message || "";
    box.hidden = !message;
    var holder = field || $("walk-in-sexes");
    if (message) holder.setAttribute("aria-invalid", "true");
    else holder.removeAttribute("aria-invalid");
  }

  function walkIn(form) {
    var data = {
      full_name: form.full_name.value.trim(), sex: (form.querySelector("input[name=sex]:checked") || {}).value || "",
      birth_year: form.birth_year.value.trim(), commune: form.commune.value, phone: form.phone.value.trim(),
      consent: form.consent.checked
    };
    var errors = {}, year = Number(data.birth_year), thisYear = new Date().getFullYear();
    if (data.full_name.length < 2) errors.full_name = T.field_required;
    if (!data.sex) errors.sex = T.sex_required;
    if (!/^\d{4}$/.test(data.birth_year) || year < thisYear - 120 || year > thisYear) errors.birth_year = T.year_bad;
    if (!data.commune) errors.commune = T.unit_required;
    if (data.phone && !/^\+?[\d\s.()-]{9,20}$/.test(data.phone)) errors.phone = T.phone_bad;
    if (!data.consent) errors.consent = T.consent_required;
    ["full_name", "sex", "birth_year", "commune", "phone", "consent"].forEach(function (name) { fieldError(name, errors[name]); });
    var summary = $("walk-in-summary");
    var names = Object.keys(errors);
    summary.hidden = !names.length;
    if (names.length) {
      summary.textContent = T.fix_fields;
      summary.focus();
      return Promise.resolve();
    }
    var refusal = windowRefusal(new Date());
    if (refusal) {
      showResult({ local: { status: "refused", message: refusal }, state: "pending" });
      return Promise.resolve();
    }
    data.notice_version = state.device.notice ? state.device.notice.version : null;
    var unit = state.device.units.filter(function (u) { return u.code === data.commune; })[0];
    var record = { id: newId(), kind: "walkin", scanned_at: new Date().toISOString(), state: "pending", data: data,
                   local: { status: "new", name: data.full_name, unit: unit ? unit.name : "", walk_in: true } };
    return database().then(function (db) { return db.put("scans", record); }).then(function () {
      state.pending += 1;
      form.reset();
      showResult(record);
      renderStatus();
      renderScans();
      $("scan-result").focus();
      scheduleSync(0);
    });
  }

  // ---- the screen ----------------------------------------------------------------------------------------------

  function line(parent, className, text) {
    var p = document.createElement("p");
    if (className) p.className = className;
    p.textContent = text;
    parent.appendChild(p);
    return p;
  }

  function showResult(record, elapsed) {
    var box = $("scan-result");
    var answer = record.state === "synced" ? record.server : record.local;
    var status = record.flag ? "already" : answer.status;
    box.className = "scan-result " + status;
    box.textContent = "";
    if (answer.status === "new") {
      line(box, "big", "✓ " + (record.local.walk_in ? T.walk_in_new : T.new));
      line(box, "who", answer.name || "");
      line(box, "", answer.unit || T.elsewhere);
    } else if (answer.status === "already") {
      line(box, "big", "! " + T.already);
      line(box, "who", answer.name || "");
      line(box, "", say(T.first_scan, { time: clockTime(parseLocal(answer.checked_in_at)) }));
    } else {
      line(box, "big", "✗ " + T.refused);
      line(box, "", answer.message || "");
    }
    line(box, "sync-mark", record.state === "synced" ? T.synced : T.not_synced);
    box.dataset.elapsed = elapsed ? String(Math.round(elapsed)) : "";
    box.dispatchEvent(new CustomEvent("desk:answered", { bubbles: true, detail: { id: record.id } }));
  }

  function describe(scan) {
    var answer = scan.state === "synced" ? scan.server : scan.local;
    var parts = [clockTime(new Date(scan.scanned_at)), answer.name || "—"];
    if (scan.flag === "already") parts.push(say(T.flag_other_desk, { time: clockTime(parseLocal(scan.server.checked_in_at)) }));
    else if (scan.flag) parts.push(say(T.flag_refused, { message: scan.server.message }));
    else if (scan.state === "synced" && scan.local.status !== "new" && scan.server.status === "new") parts.push(T.server_new);
    else if (answer.status === "already") parts.push(T.already);
    else if (answer.status === "refused") parts.push(T.refused + ": " + (answer.message || ""));
    parts.push(scan.state === "synced" ? T.synced : T.not_synced);
    return parts.join(" · ");
  }

  function renderScans() {
    return allScans().then(function (scans) {
      scans.sort(function (a, b) { return a.scanned_at < b.scanned_at ? 1 : -1; });
      var list = $("device-scans");
      list.textContent = "";
      scans.slice(0, SHOWN_SCANS).forEach(function (scan) {
        var item = document.createElement("li");
        item.textContent = describe(scan);
        item.className = scan.flag ? "flagged" : scan.state;
        list.appendChild(item);
      });
    });
  }

  function renderStatus() {
    if (!state.device) return;
    var net = $("net-state");
    net.textContent = state.online ? T.online : T.offline;
    net.className = "net " + (state.online ? "online" : "offline");
    $("pending-count").textContent = say(T.pending, { count: state.pending });
    $("last-sync").textContent = state.device.last_sync
      ? say(T.last_sync, { time: clockTime(new Date(state.device.last_sync)) }) : T.never_synced;
    problem(state.device.refused ? say(T.token_refused, { message: state.device.refused }) : state.message);
  }

  // From the device's list (counted again after each download; a scan only adds one).
  function renderCounts(known) {
    var counted = known ? Promise.resolve() : database().then(function (db) { return db.getAll("tickets"); })
      .then(function (tickets) {
        state.counted = true;
        state.tickets = tickets.length;
        state.done = tickets.filter(function (t) { return t.checked_in_at; }).length;
      });
    return counted.then(function () {
      $("tickets-here").textContent = say(T.tickets_here, { count: state.tickets, done: state.done });
    });
  }

  function render() {
    if (!state.device) return;
    var event = state.device.event;
    $("desk-setup").hidden = true;
    $("desk").hidden = false;
    if (event) {
      $("desk-title").textContent = event.title;
      document.title = event.title + " · " + document.title.split(" · ").slice(-1)[0];
      var starts = parseLocal(event.starts_at);
      var when = starts ? starts.toLocaleString("vi-VN", { hour: "2-digit", minute: "2-digit", day: "2-digit",
                                                            month: "2-digit", year: "numeric", hour12: false }) : "";
      $("desk-when").textContent = [when, event.venue || ""]
        .filter(Boolean).join(" · ");
      $("online-desk").href = body.dataset.onlineDesk.replace("__slug__", encodeURIComponent(state.device.slug));
      fillWalkInForm();
    }
    renderStatus();
    renderCounts(state.counted);  // counted in full once, then kept up by each scan and each download
    renderScans();
  }

  function showSetup(message) {
    $("desk").hidden = true;
    $("desk-setup").hidden = false;
    $("desk-setup-text").textContent = message || T.no_device;
  }

  // ---- starting --------------------------------------------------------------------------------------------------

  // The organiser's link carries the event and the token after '#': the browser never sends that part anywhere.
  function linkParts(text) {
    var hash = text.indexOf("#") === -1 ? "" : text.slice(text.indexOf("#") + 1);
    var params = new URLSearchParams(hash);
    var slug = params.get("e"), token = params.get("t");
    return slug && token && /^[A-Za-z0-9_-]{1,40}$/.test(slug) && /^[A-Za-z0-9_-]{20,200}$/.test(token)
      ? { slug: slug, token: token } : null;
  }

  function adopt(parts) {
    return database().then(function (db) {
      return Promise.all([db.get("meta", "device"), db.getAll("scans")]).then(function (found) {
        var current = found[0], scans = found[1];
        var pending = scans.filter(function (s) { return s.state === "pending"; }).length;
        if (current && current.slug !== parts.slug && pending) {
          state.device = current;
          state.message = say(T.other_event_pending, { count: pending });
          return;
        }
        var fresh = !current || current.slug !== parts.slug;
        state.device = fresh ? { slug: parts.slug, token: parts.token } : Object.assign(current, { token: parts.token, refused: null });
        var steps = fresh ? [db.clear("tickets"), db.clear("scans")] : [];
        state.counted = false;
        return Promise.all(steps).then(saveDevice);
      });
    });
  }

  function start() {
    var parts = linkParts(location.hash);
    if (location.hash) history.replaceState(null, "", location.pathname);  // the token leaves the address bar
    var ready = parts ? adopt(parts) : database().then(function (db) { return db.get("meta", "device"); })
      .then(function (device) { state.device = device || null; });
    return ready.then(function () {
      if (!state.device) { showSetup(); return; }
      return allScans().then(function (scans) {
        state.pending = scans.filter(function (s) { return s.state === "pending"; }).length;
        render();
        return expireIfClosed();
      }).then(function () {
        if (!state.device) return;
        return refreshEvent().catch(function () {}).then(sync);
      });
    });
  }

  // A new version of the desk waits (the service worker does not take over by itself) until the desk says so.
  function registerWorker() {
    if (!navigator.serviceWorker) return;
    var asked = false;
    navigator.serviceWorker.register(body.dataset.sw, { scope: body.dataset.scope }).then(function (registration) {
      function offer(worker) {
        // A worker installed while another controls the page is an update; the very first one is not.
        if (!worker || !navigator.serviceWorker.controller) return;
        $("desk-update").hidden = false;
        $("desk-reload").onclick = function () { asked = true; worker.postMessage("skip-waiting"); };
      }
      if (registration.waiting) offer(registration.waiting);
      registration.addEventListener("updatefound", function () {
        var worker = registration.installing;
        worker.addEventListener("statechange", function () { if (worker.state === "installed") offer(worker); });
      });
    }).catch(function () {});
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (asked) { asked = false; location.reload(); }
    });
  }

  $("scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = $("scan-code"), typed = this.contains(document.activeElement);
    var code = input.value;
    input.value = "";
    if (typed) input.focus();
    scan(code);
  });

  $("walk-in").addEventListener("submit", function (event) {
    event.preventDefault();
    walkIn(this);
  });

  $("device-link-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var parts = linkParts($("device-link").value.trim()), error = $("device-link-error");
    error.textContent = parts ? "" : T.link_bad;
    error.hidden = !!parts;
    if (!parts) { $("device-link").setAttribute("aria-invalid", "true"); $("device-link").focus(); return; }
    adopt(parts).then(start);
  });

  window.addEventListener("online", function () { setOnline(true); sync(); });
  window.addEventListener("offline", function () { setOnline(false); });
  window.addEventListener("beforeunload", function (event) {
    if (state.pending > 0) {
      event.preventDefault();
      event.returnValue = T.leave;
      return T.leave;
    }
  });
  setInterval(function () {
    if (!state.device) return;
    expireIfClosed();
    refreshTickets();  // also how the desk notices the server again after a failed request
  }, REFRESH_EVERY_MS);
  setInterval(function () { if (state.device && state.pending > 0) sync(); }, SYNC_EVERY_MS);

  registerWorker();
  start();
})();
