// Story page: clicking a finding brings its evidence into view in every column and highlights it.
// Served as a file so the Content-Security-Policy can forbid inline script.
(function () {
  "use strict";
  var status = document.getElementById("selection-status");
  var columns = Array.prototype.slice.call(document.querySelectorAll("article.column"));

  function marksOf(root, fid) {
    return Array.prototype.filter.call(root.querySelectorAll("mark[data-f]"), function (m) {
      return m.getAttribute("data-f").split(" ").indexOf(fid) !== -1;
    });
  }

  function select(fid, fromText) {
    Array.prototype.forEach.call(document.querySelectorAll("mark.active"), function (m) {
      m.classList.remove("active");
    });
    Array.prototype.forEach.call(document.querySelectorAll("button.finding.selected"), function (b) {
      b.classList.remove("selected");
      b.setAttribute("aria-pressed", "false");
    });
    var button = document.querySelector('button.finding[data-finding="' + fid + '"]');
    if (button) {
      button.classList.add("selected");
      button.setAttribute("aria-pressed", "true");
      if (fromText) { button.scrollIntoView({ block: "nearest" }); }
    }
    var shown = 0;
    columns.forEach(function (col) {
      var box = col.querySelector(".text");
      var marks = marksOf(col, fid);
      marks.forEach(function (m) { m.classList.add("active"); });
      col.classList.toggle("has-evidence", marks.length > 0);
      if (marks.length && box) {
        shown += 1;
        // .text is the offset parent (position: relative): scroll the column, not the page.
        box.scrollTop = Math.max(0, marks[0].offsetTop - box.clientHeight / 3);
      }
    });
    if (status) {
      status.textContent = shown
        ? "Evidence highlighted in " + shown + " of " + columns.length + " articles."
        : "This finding has no passage short enough to highlight; see its evidence below it.";
    }
    var wrap = document.getElementById("columns");
    if (wrap && !fromText) {
      var top = wrap.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.6) { wrap.scrollIntoView({ block: "start" }); }
    }
    if (history.replaceState) { history.replaceState(null, "", "#" + fid); }
  }

  document.addEventListener("click", function (event) {
    var trigger = event.target.closest("[data-finding]");
    if (trigger) {
      event.preventDefault();
      select(trigger.getAttribute("data-finding"), false);
      return;
    }
    var mark = event.target.closest("article.column mark[data-f]");
    if (mark) { select(mark.getAttribute("data-f").split(" ")[0], true); }
  });

  var m = /^#(f\d+)$/.exec(location.hash);
  if (m) { select(m[1], false); }
})();
