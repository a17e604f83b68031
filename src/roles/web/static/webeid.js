/* Signing with an ID card in the page, through the Web eID browser extension: progressive
 * enhancement only. Without the extension (or without JavaScript) nothing here shows, and the
 * page's upload form (sign in DigiDoc4, upload the .asice) does the same job.
 *
 * The extension's content script talks to the page with window.postMessage: the page posts
 * {action: "web-eid:<name>", libraryVersion, ...}; the extension answers from the same window
 * with "web-eid:<name>-ack" at once, then "web-eid:<name>-success" with the result or
 * "web-eid:<name>-failure" with {error: {code, message}}. Used here: status (is the extension
 * and its native app there?), get-signing-certificate ({certificate: base64 DER}) and sign
 * ({certificate, hash, hashFunction} -> {signature: base64, raw r||s for EC keys}).
 *
 * Our flow: certificate from the card -> POST …/versions/{n}/signatures (the service answers
 * the digest and its hash function) -> the card signs the digest -> POST /api/signatures/{id}
 * -> back to the page, which shows the acknowledgement. */
(function () {
  "use strict";
  var PROTOCOL_VERSION = "2.1.0"; // the message format version the extension expects
  var ACK_TIMEOUT = 1000; // the extension acknowledges every request within this
  var REPLY_TIMEOUT = 4 * 60 * 1000 + 6000; // PIN entry may take minutes
  var LOAD_DELAY = 1000; // give the extension's content script time to load
  var started = Date.now();
  var sections = document.querySelectorAll("section.sign[data-begin]");
  if (!sections.length || !window.fetch || !window.Promise || !window.isSecureContext) { return; }

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

  function post(url, body, csrf) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.ok) { return response; }
      return response.json().then(
        function (problem) { throw { server: problem.detail || String(response.status) }; },
        function () { throw { server: String(response.status) }; }
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

  setTimeout(function () {
    ask("web-eid:status", {}, ACK_TIMEOUT + 5000).then(function () {
      for (var i = 0; i < sections.length; i++) { enable(sections[i]); }
    }, function () { /* no extension or no native app: the upload form stays the way */ });
  }, Math.max(0, started + LOAD_DELAY - Date.now()));
})();
