/* The PDF status page (reports/pdf_status.html) follows its job politely: it asks the
   server for the page again after 2 s, then less and less often (at most every 15 s),
   not at all while the tab is hidden, and stops once the job is finished. Only the
   #pdf-job part is replaced, so the focus and the rest of the page stay as they are.

   Without JavaScript the page has a "Refresh" link instead (no meta refresh). */
(function () {
  "use strict";

  var box = document.getElementById("pdf-job");
  if (!box || box.dataset.finished === "true" || !window.fetch || !window.DOMParser) {
    return;
  }
  var delay = 2000;
  var timer = null;
  var busy = false;

  function schedule() {
    if (document.hidden) { return; }  // resumed by visibilitychange
    timer = window.setTimeout(check, delay);
    delay = Math.min(Math.round(delay * 1.5), 15000);
  }

  function check() {
    timer = null;
    busy = true;
    window.fetch(window.location.href, {credentials: "same-origin",
                                        headers: {"Accept": "text/html"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        busy = false;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("pdf-job");
        if (!fresh) { return; }
        box.innerHTML = fresh.innerHTML;
        box.dataset.finished = fresh.dataset.finished;
        if (fresh.dataset.finished !== "true") { schedule(); }
      })
      .catch(function () { busy = false; schedule(); });  // a hiccup: try again later
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && timer === null && !busy && box.dataset.finished !== "true") {
      delay = 2000;
      schedule();
    }
  });
  schedule();
})();
