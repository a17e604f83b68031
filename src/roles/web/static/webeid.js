/* Signing with an ID card in the page, through the Web eID browser extension: progressive
 * enhancement only. Without JavaScript nothing here runs: /me keeps its upload form (sign in
 * DigiDoc4, upload the .asice) and the approval page says the ID card needs the extension and
 * script, Smart-ID and Mobile-ID do not.
 *
 * The extension's content script talks to the page with window.postMessage: the page posts
 * {action: "web-eid:<name>", libraryVersion, ...}; the extension answers from the same window
 * with "web-eid:<name>-ack" at once, then "web-eid:<name>-success" with the result or
 * "web-eid:<name>-failure" with {error: {code, message}}. Used here: status (is the extension
 * and its native app there?), get-signing-certificate ({certificate: base64 DER}) and sign
 * ({certificate, hash, hashFunction} -> {signature: base64, raw r||s for EC keys}).
 *
 * Two flows share it:
 * - acknowledging on /me (section.sign[data-begin]): certificate -> POST …/versions/{n}/signatures
 *   (the service answers the digest and its hash function) -> the card signs the digest ->
 *   POST /api/signatures/{id} -> back to the page, which shows the acknowledgement;
 * - approving by one's own signature (section.sign-approval[data-approve]): certificate -> POST
 *   …/versions/{n}/approval-signatures with the approver's position and the draft's ETag ->
 *   the card signs the digest -> POST /api/signing-sessions/{id}/value -> the session's page,
 *   which says, in the page's language, whether the version was approved. Without the
 *   extension this section says so. */
(function () {
  "use strict";
  var PROTOCOL_VERSION = "2.1.0"; // the message format version the extension expects
  var ACK_TIMEOUT = 1000; // the extension acknowledges every request within this
  var REPLY_TIMEOUT = 4 * 60 * 1000 + 6000; // PIN entry may take minutes
  var LOAD_DELAY = 1000; // give the extension's content script time to load
  var started = Date.now();
  var sections = document.querySelectorAll("section.sign[data-begin]");
  var approvals = document.querySelectorAll("section.sign-approval[data-approve]");
  if (!sections.length && !approvals.length) { return; }
  function each(list, f) { Array.prototype.forEach.call(list, f); }
  each(approvals, function (section) { // said for a page without script only
    var note = section.querySelector(".webeid-needs-script");
    if (note) { note.hidden = true; }
  });
  function missing() {
    each(approvals, function (section) {
      var looking = section.querySelector(".webeid-looking");
      if (looking) { looking.hidden = true; }
      section.querySelector(".webeid-missing").hidden = false;
    });
  }
  if (!window.fetch || !window.Promise || !window.isSecureContext) { missing(); return; }
  each(approvals, function (section) {
    var looking = section.querySelector(".webeid-looking");
    if (looking) { looking.hidden = false; }
  });

  var waiting = {}; // action -> {resolve, reject, ackTimer, replyTimer}

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== window || event.origin !== window.location.origin) { return; }
    if (!data || typeof data.action !== "string") { return; }
    var found = /^(web-eid:[a-z-]+?)-(ack|success|failure)$/.exec(data.action);
    if (!found || !waiting[found[1]]) { return; }
    var pending = waiting[found[1]];
    if (found[2] === "ack") { clearTimeout(pending.ackTimer); return; }
    clearTimeout(pending.ackTimer);
    clearTimeout(pending.replyTimer);
    delete waiting[found[1]];
    if (found[2] === "success") { pending.resolve(data); } else { pending.reject(data.error || {}); }
  });

  function ask(action, fields, replyTimeout) {
    return new Promise(function (resolve, reject) {
      if (waiting[action]) { reject({ code: "ERR_WEBEID_ACTION_PENDING" }); return; }
      var pending = { resolve: resolve, reject: reject };
      function fail(code) {
        clearTimeout(pending.ackTimer);
        clearTimeout(pending.replyTimer);
        delete waiting[action];
        reject({ code: code });
      }
      pending.ackTimer = setTimeout(function () { fail("ERR_WEBEID_EXTENSION_UNAVAILABLE"); }, ACK_TIMEOUT);
      pending.replyTimer = setTimeout(function () { fail("ERR_WEBEID_ACTION_TIMEOUT"); }, replyTimeout);
      waiting[action] = pending;
      var message = { action: action, libraryVersion: PROTOCOL_VERSION };
      for (var key in fields) { message[key] = fields[key]; }
      window.postMessage(message, window.location.origin);
    });
  }

  function post(url, body, csrf, headers) {
    var sent = { "Content-Type": "application/json", "X-CSRF-Token": csrf };
    for (var name in headers || {}) { sent[name] = headers[name]; }
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: sent,
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.ok) { return response; }
      return response.json().then(
        function (problem) { throw { server: problem.detail || String(response.status), status: response.status }; },
        function () { throw { server: String(response.status), status: response.status }; }
      );
    });
  }

  function enable(section) {
    var box = section.querySelector(".webeid");
    var button = box && box.querySelector("button");
    var status = box && box.querySelector("[role=status]");
    if (!button || !status) { return; }
    var lang = document.documentElement.lang || "et";
    var csrf = section.querySelector("input[name=_csrf]").value;
    box.hidden = false;
    button.addEventListener("click", function () {
      var certificate;
      button.disabled = true;
      status.textContent = box.getAttribute("data-msg-working");
      ask("web-eid:get-signing-certificate", { options: { lang: lang } }, REPLY_TIMEOUT)
        .then(function (reply) {
          certificate = reply.certificate;
          return post(section.getAttribute("data-begin"), { certificate: certificate }, csrf);
        })
        .then(function (response) { return response.json(); })
        .then(function (started) {
          return ask("web-eid:sign", {
            certificate: certificate,
            hash: started.digest,
            hashFunction: started.algorithm,
            options: { lang: lang }
          }, REPLY_TIMEOUT).then(function (reply) {
            return post("/api/signatures/" + encodeURIComponent(started.id), { signature: reply.signature }, csrf);
          });
        })
        .then(function (response) {
          var done = response.headers.get("X-Acknowledgement") ? "signed_acknowledged" : "webeid_signed";
          window.location.assign(window.location.pathname + "?done=" + done);
        })
        .catch(function (problem) {
          button.disabled = false;
          if (problem && problem.server) {
            status.textContent = box.getAttribute("data-msg-failed") + " " + problem.server;
          } else if (problem && problem.code === "ERR_WEBEID_USER_CANCELLED") {
            status.textContent = box.getAttribute("data-msg-cancelled");
          } else {
            status.textContent = box.getAttribute("data-msg-failed") + " " +
              ((problem && (problem.message || problem.code)) || "");
          }
        });
    });
  }

  // Approving by one's own signature. Messages are the page's own (data-msg-*): the API's
  // problem texts are English, so they are not shown on an Estonian page.
  function approve(section) {
    var box = section.querySelector(".webeid");
    var button = box.querySelector("button");
    var status = box.querySelector("[role=status]");
    var lang = document.documentElement.lang || "et";
    var csrf = section.getAttribute("data-csrf");
    var by = document.getElementById(section.getAttribute("data-by"));
    var looking = section.querySelector(".webeid-looking");
    if (looking) { looking.hidden = true; }
    box.hidden = false;
    function say(name) { status.textContent = box.getAttribute("data-msg-" + name); }
    button.addEventListener("click", function () {
      var position = by ? by.value.trim() : "";
      if (!position) {
        say("by");
        if (by) { by.focus(); }
        return;
      }
      var certificate;
      button.disabled = true;
      say("working");
      ask("web-eid:get-signing-certificate", { options: { lang: lang } }, REPLY_TIMEOUT)
        .then(function (reply) {
          certificate = reply.certificate;
          return post(section.getAttribute("data-approve"),
            { method: "web-eid", certificate: certificate, by: position, lang: lang },
            csrf, { "If-Match": section.getAttribute("data-etag") });
        })
        .then(function (response) { return response.json(); })
        .then(function (started) {
          return ask("web-eid:sign", {
            certificate: certificate,
            hash: started.digest,
            hashFunction: started.algorithm,
            options: { lang: lang }
          }, REPLY_TIMEOUT).then(function (reply) {
            var value = "/api/signing-sessions/" + encodeURIComponent(started.id) + "/value";
            return post(value, { signature: reply.signature }, csrf).then(function () {
              // signed or failed, the session's page tells which in the page's language
              window.location.assign("/signing/" + encodeURIComponent(started.id));
            });
          });
        })
        .catch(function (problem) {
          button.disabled = false;
          if (problem && problem.status) {
            say([409, 412, 428].indexOf(problem.status) >= 0 ? "changed" : "refused");
          } else if (problem && problem.code === "ERR_WEBEID_USER_CANCELLED") {
            say("cancelled");
          } else {
            status.textContent = box.getAttribute("data-msg-failed") + " " +
              ((problem && (problem.message || problem.code)) || "");
          }
        });
    });
  }

  setTimeout(function () {
    ask("web-eid:status", {}, ACK_TIMEOUT + 5000).then(function () {
      each(sections, enable);
      each(approvals, approve);
    }, missing); // /me keeps its upload form; the approval page says the extension is missing
  }, Math.max(0, started + LOAD_DELAY - Date.now()));
})();
