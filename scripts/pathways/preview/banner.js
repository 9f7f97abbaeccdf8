// Live preview only (`pathways serve` adds this script; the published site never has it).
// After each save the preview reloads the page; if the save had problems, the page shown is the
// last good version, and this banner says so and lists the problems (file:line:column: message).
(function () {
  var here = document.currentScript.src;
  fetch(here.replace(/[^/]*$/, "pathways-preview.json"), { cache: "no-store" })
    .then(function (response) { return response.json(); })
    .then(function (state) {
      if (!state.problems.length) return;
      var banner = document.createElement("section");
      banner.id = "pathways-preview-problems";
      banner.setAttribute("role", "alert");
      banner.style.cssText = "position:sticky;top:0;z-index:1000;margin:0;padding:.8em 1.2em;" +
        "background:#fff4e5;color:#1a1a1a;border-bottom:3px solid #b3261e;font:15px/1.5 system-ui,sans-serif";
      var title = document.createElement("strong");
      title.textContent = "Your last save has " + state.problems.length +
        (state.problems.length === 1 ? " problem" : " problems") +
        ". This page is the last good version; fix these and save again:";
      var list = document.createElement("ul");
      list.style.cssText = "margin:.4em 0 0;padding-left:1.4em;font-family:ui-monospace,monospace;font-size:14px";
      state.problems.forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = problem;  // as text: an author's words are never run as HTML here either
        list.appendChild(item);
      });
      banner.appendChild(title);
      banner.appendChild(list);
      document.body.insertBefore(banner, document.body.firstChild);
    })
    .catch(function () {});
})();
