/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // The heat map: say who acts for the focused cell in a live region (hover has the title).
  var status = document.getElementById("cell-status");
  var map = document.querySelector(".map");
  if (status && map) {
    map.addEventListener("focusin", function (e) {
      var label = e.target.getAttribute && e.target.getAttribute("aria-label");
      if (label && e.target.tagName === "TD") { status.textContent = label; }
    });
  }
})();
