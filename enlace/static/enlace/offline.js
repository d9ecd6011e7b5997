/*
 * Enlace — screening without a connection (the page /screening/offline/ only).
 *
 * Drafts are kept in IndexedDB, encrypted (docs/decisions.md, the key design):
 *  - each draft: AES-GCM under a fresh key, that key wrapped with the officer's RSA-OAEP public key
 *    (kept on the device: it can seal, never open);
 *  - the private key is kept only wrapped (AES-GCM) under the officer's draft key, which the server
 *    hands to a signed-in session and which is never stored; unwrapped, it lives in this page's
 *    memory as a non-extractable key and is dropped after the idle timeout.
 * So a new draft can be saved offline at any time, and drafts are read and sent only after a sign-in.
 * A draft leaves the device only when the server answers "saved".
 *
 * Texts come translated from the page (json_script "offline-config"); no inline script (CSP).
 * The department and municipality pickers follow the country picker here, on the device: the
 * page carries every country's departments and municipalities (json_script "offline-places").
 */
(function () {
  "use strict";

  var root = document.getElementById("offline-screening");
  var configNode = document.getElementById("offline-config");
  if (!root || !configNode) { return; }
  var cfg = JSON.parse(configNode.textContent);
  var placesNode = document.getElementById("offline-places");
  var places = placesNode ? JSON.parse(placesNode.textContent) : {subdivisions: {}, municipalities: {}};
  var T = cfg.texts;
  var form = document.getElementById("offline-form");
  var statusNode = document.getElementById("offline-status");
  var listNode = document.getElementById("offline-drafts");
  var emptyNode = document.getElementById("offline-drafts-empty");
  var resultsNode = document.getElementById("offline-results");
  var subtle = window.crypto && window.crypto.subtle;
  var privateKey = null;  // in memory only, after a signed-in unlock
  var csrf = "";
  var editing = null;     // {id, token} of the draft opened in the form
  var syncing = false;
  var IDLE_MS = 30 * 60 * 1000;
  var idleTimer = null;
  var RETRY_MS = 10 * 1000;
  var retryTimer = null;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(cfg.swUrl, {scope: cfg.scope}).catch(function () { /* page still works */ });
  }

  function say(text) { statusNode.textContent = text; }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return values[k] === undefined ? m : values[k]; });
  }
  function randomToken() {
    var bytes = crypto.getRandomValues(new Uint8Array(18));
    return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_");
  }
  function b64bytes(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }

  // ---- IndexedDB -------------------------------------------------------------
  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open("enlace-screening", 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore("keys", {keyPath: "user"});
        req.result.createObjectStore("drafts", {keyPath: "id"}).createIndex("user", "user");
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function store(name, mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode), result;
        var req = work(tx.objectStore(name));
        if (req) { req.onsuccess = function () { result = req.result; }; }
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function myDrafts() {
    return store("drafts", "readonly", function (s) { return s.index("user").getAll(cfg.user); });
  }

  // ---- keys ------------------------------------------------------------------
  var RSA = {name: "RSA-OAEP", hash: "SHA-256"};

  function fetchKey() {
    return fetch(cfg.keyUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) {
        var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!r.ok || r.redirected || !json) { throw new Error("locked"); }
        return r.json();
      })
      .then(function (data) {
        if (data.user !== cfg.user) { throw new Error("locked"); }  // another officer signed in
        csrf = data.csrf;
        return subtle.importKey("raw", b64bytes(data.key), "AES-GCM", false, ["wrapKey", "unwrapKey"]);
      });
  }

  function unlock() {
    return fetchKey().then(function (userKey) {
      return store("keys", "readonly", function (s) { return s.get(cfg.user); }).then(function (record) {
        if (record) {
          return subtle.unwrapKey("pkcs8", record.wrapped, userKey, {name: "AES-GCM", iv: record.iv}, RSA, false,
                                  ["unwrapKey"]);
        }
        return subtle.generateKey({name: "RSA-OAEP", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]),
                                   hash: "SHA-256"}, true, ["wrapKey", "unwrapKey"]).then(function (pair) {
          var iv = crypto.getRandomValues(new Uint8Array(12));
          return subtle.wrapKey("pkcs8", pair.privateKey, userKey, {name: "AES-GCM", iv: iv}).then(function (wrapped) {
            var kept = {user: cfg.user, publicKey: pair.publicKey, wrapped: wrapped, iv: iv};
            return store("keys", "readwrite", function (s) { return s.put(kept); });
          }).then(function () {
            // The extractable copy goes out of scope here; the page keeps a non-extractable one.
            return subtle.exportKey("pkcs8", pair.privateKey);
          }).then(function (pkcs8) {
            return subtle.importKey("pkcs8", pkcs8, RSA, false, ["unwrapKey"]);
          });
        });
      });
    }).then(function (key) { privateKey = key; touch(); return key; });
  }

  function touch() {
    if (idleTimer) { clearTimeout(idleTimer); }
    idleTimer = setTimeout(function () { privateKey = null; render(); }, IDLE_MS);
  }

  function seal(data) {
    return store("keys", "readonly", function (s) { return s.get(cfg.user); }).then(function (record) {
      if (!record) { throw new Error("unprepared"); }
      return subtle.generateKey({name: "AES-GCM", length: 256}, true, ["encrypt", "decrypt"]).then(function (key) {
        var iv = crypto.getRandomValues(new Uint8Array(12));
        var plain = new TextEncoder().encode(JSON.stringify(data));
        return Promise.all([subtle.encrypt({name: "AES-GCM", iv: iv}, key, plain),
                            subtle.wrapKey("raw", key, record.publicKey, {name: "RSA-OAEP"})])
          .then(function (parts) { return {iv: iv, data: parts[0], key: parts[1]}; });
      });
    });
  }

  function open(draft) {
    return subtle.unwrapKey("raw", draft.key, privateKey, {name: "RSA-OAEP"}, "AES-GCM", false, ["decrypt"])
      .then(function (key) { return subtle.decrypt({name: "AES-GCM", iv: draft.iv}, key, draft.data); })
      .then(function (plain) { return JSON.parse(new TextDecoder().decode(plain)); });
  }

  // ---- the form ----------------------------------------------------------------
  function chosen(name) {
    var el = form.querySelector("[name='" + name + "']:checked");
    return el ? el.value : "";
  }

  function showQuestions() {
    var exploitation = chosen("exploitation");
    var ageText = form.elements.age_at_exploitation.value.trim();
    var populations = ageText === "" ? ["adult", "child"] : (parseInt(ageText, 10) >= 18 ? ["adult"] : ["child"]);
    form.querySelectorAll("[data-lists]").forEach(function (choice) {
      var lists = choice.getAttribute("data-lists").split(" ");
      var shown = !!exploitation && populations.some(function (p) { return lists.indexOf(exploitation + "-" + p) >= 0; });
      choice.hidden = !shown;
      choice.querySelector("input").disabled = !shown;  // disabled answers are not sent
    });
  }

  // Replace a select's options by rows [value, label, ...], after its empty first option; keep the
  // value chosen if it is still offered.
  function offer(select, rows) {
    if (!select) { return; }
    var current = select.value;
    var empty = select.options.length && select.options[0].value === "" ? select.options[0] : null;
    while (select.options.length) { select.remove(0); }
    if (empty) { select.add(empty); }
    rows.forEach(function (row) { select.add(new Option(row[1], String(row[0]))); });
    select.value = current;
    if (select.value !== current) { select.value = ""; }
  }

  function followSubdivision() {
    var country = form.elements.country.value;
    var subdivision = form.elements.subdivision.value;
    offer(form.elements.municipality, (places.municipalities[country] || []).filter(function (row) {
      return !subdivision || row[2] === subdivision;
    }));
  }

  function followCountry() {
    offer(form.elements.subdivision, places.subdivisions[form.elements.country.value] || []);
    followSubdivision();
  }

  function placeChanged(event) {
    var name = event.target && event.target.name;
    if (name === "country") { followCountry(); } else if (name === "subdivision") { followSubdivision(); }
  }

  function readForm() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "yes" || form.querySelectorAll("[name='" + name + "']").length > 1 &&
          form.querySelector("[name='" + name + "']").type === "checkbox") {
        (data[name] = data[name] || []).push(value);
      } else {
        data[name] = value;
      }
    });
    return data;
  }

  function resetForm() {
    form.reset();
    followCountry();  // the options may be another country's: back to the default country's
    if (form.elements.subdivision.value === "" && form.elements.country.value === initialPlace[0]) {
      form.elements.subdivision.value = initialPlace[1];
      followSubdivision();
    }
  }

  function writeForm(data) {
    resetForm();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data)) { return; }
      var value = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Array.isArray(value) ? value.indexOf(el.value) >= 0 : value === el.value;
      } else {
        el.value = value;
        // The country comes before its department, the department before its municipality.
        if (el.name === "country") { followCountry(); } else if (el.name === "subdivision") { followSubdivision(); }
      }
    });
    showQuestions();
  }

  // ---- drafts on the device ------------------------------------------------------
  function render() {
    return myDrafts().then(function (drafts) {
      listNode.textContent = "";
      emptyNode.hidden = drafts.length > 0;
      drafts.sort(function (a, b) { return a.saved - b.saved; }).forEach(function (draft) {
        var item = document.createElement("li");
        item.className = "cluster";
        item.setAttribute("data-draft", draft.id);
        var label = document.createElement("span");
        label.textContent = fill(T.draft_of, {date: new Date(draft.saved).toLocaleString()});
        item.appendChild(label);
        if (privateKey) {
          item.appendChild(button(T.open, "btn btn--small", function () { edit(draft); }));
        }
        item.appendChild(button(T["delete"], "btn btn--small btn--link", function () {
          if (window.confirm(T.confirm_delete)) { forget(draft.id).then(render); }
        }));
        listNode.appendChild(item);
      });
    });
  }

  function button(text, className, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = text;
    b.addEventListener("click", action);
    return b;
  }

  function forget(id) { return store("drafts", "readwrite", function (s) { return s["delete"](id); }); }

  function edit(draft) {
    open(draft).then(function (data) {
      // After a conflict the server keeps its version: saved again, the draft becomes a screening of its own.
      editing = {id: draft.id, token: draft.hold === "conflict" ? randomToken() : draft.token};
      writeForm(data);
      form.scrollIntoView();
    });
  }

  function saveDraft(event) {
    event.preventDefault();
    var data = readForm();
    var kept = editing || {id: randomToken(), token: randomToken()};
    seal(data).then(function (sealed) {
      var record = {id: kept.id, token: kept.token, user: cfg.user, saved: Date.now(),
                    iv: sealed.iv, data: sealed.data, key: sealed.key};
      return store("drafts", "readwrite", function (s) { return s.put(record); });
    }).then(function () {
      editing = null;
      resetForm();
      showQuestions();
      window.scrollTo(0, 0);
      say(T.saved_local);
      return render();
    }).then(function () {
      if (navigator.onLine) { sync(); }
    }).catch(function (error) {
      say(error && error.message === "unprepared" ? T.unprepared : T.no_crypto);
    });
  }

  // ---- sync ------------------------------------------------------------------------
  function report(text, url) {
    var item = document.createElement("li");
    item.className = "notice";
    item.textContent = text + " ";
    if (url) {
      var link = document.createElement("a");
      link.href = url;
      link.textContent = T.open_result;
      item.appendChild(link);
    }
    resultsNode.appendChild(item);
  }

  function send(draft) {
    return open(draft).then(function (data) {
      return fetch(cfg.syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json"},
        body: JSON.stringify({token: draft.token, draft: data})
      });
    }).then(function (r) {
      var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (r.redirected || !json) { throw new Error("locked"); }
      return r.json();
    }).then(function (answer) {
      if (answer.status === "saved") {
        return forget(draft.id).then(function () { report(fill(T.saved, {code: answer.code}), answer.url); });
      }
      // Held until the officer opens and saves it again: sent unchanged, it would meet the same answer.
      draft.hold = answer.status === "conflict" ? "conflict" : "rejected";
      return store("drafts", "readwrite", function (s) { return s.put(draft); }).then(function () {
        if (draft.hold === "conflict") {
          report(fill(T.conflict, {code: answer.code}), answer.url);
        } else {
          report(fill(T.rejected, {reason: (answer.reasons || []).join(" ")}));
        }
      });
    });
  }

  function sync() {
    if (syncing) { return Promise.resolve(); }
    if (!navigator.onLine) { say(T.offline); return Promise.resolve(); }
    syncing = true;
    resultsNode.textContent = "";
    return unlock().then(function () {
      return myDrafts();
    }).then(function (drafts) {
      if (drafts.length) { say(T.sending); }
      drafts = drafts.filter(function (draft) { return !draft.hold; });
      return drafts.reduce(function (chain, draft) {
        return chain.then(function () { return send(draft); });
      }, Promise.resolve());
    }).then(function () {
      // The connection may have dropped while this ran: say what is true now, not when it began.
      say(navigator.onLine ? T.online : T.offline);
    }).catch(function (error) {
      var locked = error && error.message === "locked";
      say(locked ? T.locked : T.not_sent);
      // The browser may think it is online on a network that leads nowhere: try again in a while.
      if (!locked && !retryTimer) {
        retryTimer = setTimeout(function () { retryTimer = null; sync(); }, RETRY_MS);
      }
    }).then(function () {
      syncing = false;
      return render();
    });
  }

  function connection() {
    if (navigator.onLine) { say(T.online); sync(); } else { say(T.offline); }
  }

  if (!subtle || !window.indexedDB) { say(T.no_crypto); return; }
  var initialPlace = [form.elements.country.value, form.elements.subdivision.value];
  followSubdivision();  // the municipalities of the officer's department only
  form.addEventListener("change", placeChanged);
  form.addEventListener("change", showQuestions);
  form.addEventListener("input", touch);
  form.addEventListener("submit", saveDraft);
  form.querySelector("button[type=submit]").disabled = false;  // only where drafts can be sealed
  document.getElementById("offline-sync").addEventListener("click", sync);
  window.addEventListener("online", connection);
  window.addEventListener("offline", connection);
  showQuestions();
  render().then(connection);
}());
