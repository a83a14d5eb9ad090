// Casebook serve: reloads this tab when its page is rebuilt, and shows the build's
// problems over the page while the site is broken. Only `casebook serve` adds it.
(function () {
  "use strict";
  var here = location.pathname.replace(/index\.html$/, "");
  var events = new EventSource("/__casebook/events");
  function overlay() {
    return document.getElementById("casebook-overlay");
  }
  events.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    if (data.all || data.paths.indexOf(here) >= 0) {
      location.reload();
    }
  });
  events.addEventListener("problems", function (e) {
    var data = JSON.parse(e.data);
    var old = overlay();
    var holder = document.createElement("div");
    holder.innerHTML = data.html;
    var fresh = holder.firstElementChild;
    if (old) {
      old.replaceWith(fresh);
    } else {
      document.body.appendChild(fresh);
    }
  });
  events.addEventListener("fixed", function () {
    var old = overlay();
    if (old) {
      old.remove();
    }
  });
})();
