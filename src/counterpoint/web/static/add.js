// Add page: send pasted text, files or URLs with the bearer token, then poll the job's progress.
// Results are written with textContent only: nothing from the server is parsed as HTML.
(function () {
  "use strict";
  var tokenInput = document.getElementById("token");
  var section = document.getElementById("progress");
  var bar = document.getElementById("bar");
  var statusLine = document.getElementById("status");
  var results = document.getElementById("results");
  tokenInput.value = sessionStorage.getItem("counterpoint-token") || "";
  tokenInput.addEventListener("change", function () {
    sessionStorage.setItem("counterpoint-token", tokenInput.value);
  });

  function headers(json) {
    var h = { "Authorization": "Bearer " + tokenInput.value, "Accept": "application/json" };
    if (json) { h["Content-Type"] = "application/json"; }
    return h;
  }

  function item(text, href) {
    var li = document.createElement("li");
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      li.appendChild(a);
    } else {
      li.textContent = text;
    }
    results.appendChild(li);
  }

  function show(job) {
    bar.max = Math.max(1, job.total);
    bar.value = job.processed;
    var words = job.state + ": " + job.processed + " of " + job.total + " read, " + job.added +
      " added, " + job.already_present + " already stored, " + job.rejected.length + " rejected";
    statusLine.textContent = job.message ? words + " (" + job.message + ")" : words;
  }

  function finish(job) {
    results.textContent = "";
    job.rejected.forEach(function (r) { item("rejected " + r.source + ": " + r.reason); });
    job.article_ids.forEach(function (id) { item("article " + id.slice(0, 12), "/articles/" + encodeURIComponent(id)); });
    job.stories.forEach(function (id) { item("story " + id, "/stories/" + encodeURIComponent(id)); });
  }

  function poll(id) {
    fetch("/api/v1/jobs/" + encodeURIComponent(id), { headers: headers(false) })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        if (job.error) { statusLine.textContent = job.error.message; return; }
        show(job);
        if (job.state === "done" || job.state === "failed") { finish(job); }
        else { setTimeout(function () { poll(id); }, 700); }
      })
      .catch(function (e) { statusLine.textContent = "lost contact with the server: " + e; });
  }

  function body(form) {
    var endpoint = form.getAttribute("data-endpoint");
    if (form.id === "form-files") { return new FormData(form); }
    if (form.id === "form-urls") {
      var urls = form.elements.urls.value.split(/\s+/).filter(function (u) { return u; });
      return JSON.stringify({ urls: urls });
    }
    var data = {};
    ["text", "title", "outlet", "url", "published"].forEach(function (k) {
      var v = form.elements[k].value;
      if (v) { data[k] = v; }
    });
    return JSON.stringify(data);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.add"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      section.hidden = false;
      results.textContent = "";
      bar.value = 0;
      statusLine.textContent = "sending…";
      var isFiles = form.id === "form-files";
      fetch(form.getAttribute("data-endpoint"), {
        method: "POST", headers: headers(!isFiles), body: body(form)
      })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (job.error) { statusLine.textContent = "refused: " + job.error.message; return; }
          show(job);
          poll(job.id);
        })
        .catch(function (e) { statusLine.textContent = "could not send: " + e; });
    });
  });
})();
