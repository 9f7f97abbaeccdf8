/* The decision flow. The design of its addresses is docs/adr/0021-answers-in-the-fragment.md:
   a step's address is its static page, /<pathway>/<step>/, and the answers so far are
   in the fragment, #answers=<question>.<n>,... On /<pathway>/decide/ this script shows
   each step in place; on a step page it only lists the answers and passes them on.
   Pathway text only ever reaches the page through textContent; every word it adds comes from
   the catalogue (scripts/pathways/locales/<language>.yaml, `flow`), in the page as #pw-flow-words. */
(function () {
  "use strict";

  var flow = null; // the pathway on the current page: {data, nodes, base, host, suffix, url}
  // Opened from a disk (the offline edition, scripts/pathways/offline.py), a folder's address
  // shows a file listing: step addresses then name the step's index.html.
  var PAGE = location.protocol === "file:" ? "index.html" : "";
  var words = {}; // the catalogue's words for the flow

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // "#answers=q.2,r.1" -> [["q", 1], ["r", 0]]; null when the fragment holds no answers.
  function parseAnswers(hash) {
    var match = /^#answers=([a-z0-9.,-]+)$/.exec(hash);
    if (!match) return null;
    var answers = [];
    var parts = match[1].split(",");
    for (var i = 0; i < parts.length; i++) {
      var part = /^([a-z0-9-]+)\.([1-9][0-9]{0,3})$/.exec(parts[i]);
      if (!part) return null;
      answers.push([part[1], Number(part[2]) - 1]);
    }
    return answers;
  }

  function address(id, answers) {
    var hash = answers && answers.length
      ? "#answers=" + answers.map(function (a) { return a[0] + "." + (a[1] + 1); }).join(",") : "";
    return new URL(id + "/" + PAGE + hash, flow.base).href;
  }

  // Follow the answers from the start. Returns the steps passed, each with how many answers
  // were given before it, ending at `target` (or where the answers run out); null if they
  // do not fit this pathway.
  function replay(answers, target) {
    var route = [], id = flow.data.start, used = 0;
    while (route.length <= flow.nodes.size + answers.length) {
      var node = flow.nodes.get(id);
      if (!node) return null;
      route.push({id: id, given: used});
      if (used === answers.length && (target === undefined || target === id)) return route;
      if (node.next) { id = node.next; continue; } // one way on (information): no answer needed
      if (!node.answers || used === answers.length) return null;
      var answer = answers[used];
      if (answer[0] !== id || !node.answers[answer[1]]) return null;
      id = node.answers[answer[1]].next;
      used++;
    }
    return null;
  }

  // The state an address stands for: {id, answers, route}; answers are null when unknown
  // (a step opened without them). Null when the address is not a step of this pathway.
  function stateAt(url) {
    if (url.origin !== flow.base.origin || url.pathname.indexOf(flow.base.pathname) !== 0) return null;
    var id = url.pathname.slice(flow.base.pathname.length).replace(/\/(index\.html)?$/, "");
    if (!flow.nodes.has(id)) return null;
    var answers = parseAnswers(url.hash) || [];
    var route = replay(answers, id);
    return route ? {id: id, answers: answers, route: route} : {id: id, answers: null, route: null};
  }

  function title(id) { return flow.nodes.get(id).title; }

  // A link whose #answers= cannot be followed (cut short, or the pathway changed): say so, and
  // offer the first question, instead of quietly showing something else.
  function explain(broken) {
    var old = document.querySelector(".pw-flow-problem"), heading = document.getElementById("step-title");
    if (old) old.remove();
    if (!broken || !heading) return;
    var box = el("div", "", "pw-flow-problem"), start = el("a", words.start_again);
    box.setAttribute("role", "alert");
    start.href = address(flow.data.start, null);
    box.append(el("p", words.broken_link), el("p", words.answer_from_here));
    box.lastChild.append(start, ".");
    heading.after(box);
  }

  // On paper, the decide page is the shown step's own page: its address, QR code and running footer.
  function printAs(id) {
    var url = document.querySelector("[data-pw-print-url]"), qr = document.querySelector(".pw-print-head img");
    var footer = document.getElementById("pw-print-footer");
    if (!url) return;
    var own = new URL(id + "/", new URL("../", url.getAttribute("data-pw-print-url"))).href;
    url.textContent = own;
    if (qr) {
      qr.src = new URL(id + ".qr.svg", flow.base).href;
      qr.alt = words.qr_alt + own;
    }
    if (footer) footer.textContent = footer.textContent.replace(/(@bottom-left \{ content: )"[^"]*"/, '$1"' + own + '"');
  }

  // Make the links of a step carry the reader's answers, and list those answers.
  function decorate(root, state) {
    var node = flow.nodes.get(state.id), known = state.answers !== null;
    if (node.answers) {
      root.querySelectorAll(".pw-answers li").forEach(function (item, i) {
        var link = item.querySelector("a");
        if (link && node.answers[i]) {
          link.href = address(node.answers[i].next, known ? state.answers.concat([[node.id, i]]) : null);
        }
      });
    } else if (node.next) {
      root.querySelectorAll("a.md-button").forEach(function (link) {
        if (stateAt(new URL(link.href)) !== null) link.href = address(node.next, state.answers);
      });
    }
    var back = document.querySelector(".pw-back"), previous = known && state.route[state.route.length - 2];
    if (back && previous) {
      back.href = address(previous.id, state.answers.slice(0, previous.given));
      back.textContent = words.back_to + title(previous.id);
    } else if (back) {
      back.href = node.back ? address(node.back, null) : flow.base.href;
      back.textContent = words.back_to + (node.back ? title(node.back) : flow.data.title);
    }
    var panel = root.querySelector(".pw-given");
    if (!panel) return;
    panel.textContent = "";
    panel.hidden = !known || state.answers.length === 0;
    if (panel.hidden) return;
    var list = el("ol");
    state.answers.forEach(function (answer, k) {
      var question = flow.nodes.get(answer[0]), item = el("li"), change = el("a", words.change);
      change.href = address(answer[0], state.answers.slice(0, k));
      change.appendChild(el("span", words.your_answer_to + question.title, "visually-hidden"));
      item.append(el("span", question.title, "pw-given__question"), " ",
        el("strong", question.answers[answer[1]].label), " ", change);
      list.appendChild(item);
    });
    panel.append(el("h2", state.answers.length === 1 ? words.your_answer : words.your_answers), list);
  }

  // Tell the reader the step changed: heading focus, page title and a polite announcement.
  function arrive(id) {
    var heading = document.getElementById("step-title"), node = flow.nodes.get(id);
    var live = document.getElementById("pw-flow-status");
    if (!live) { // in the body, outside the content, so it is still there after instant navigation
      live = el("p", "", "visually-hidden");
      live.id = "pw-flow-status";
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = (node.answers || node.next ? words.next_step : words.result) + node.title;
    if (heading) {
      window.scrollTo(0, 0);
      heading.focus({preventScroll: true});
    }
  }

  // On the decide page: show the step `state` stands for; `how` says what to do with the address.
  function show(state, how) {
    var section = null, waiting = flow.host.querySelector('noscript.pw-lazy[data-node="' + state.id + '"]');
    if (waiting) window.pwUnfold(waiting); // the decide page's other steps wait there (decide.md.j2)
    flow.host.querySelectorAll("section.pw-step").forEach(function (step) {
      step.hidden = step.getAttribute("data-node") !== state.id;
      if (!step.hidden) section = step;
    });
    decorate(section, state);
    document.getElementById("step-title").textContent = title(state.id);
    document.title = title(state.id) + flow.suffix;
    printAs(state.id);
    explain(false);
    var from = flow.url;
    flow.url = address(state.id, state.answers);
    // Remember where each step was reached from, so that its Back link can go back in history.
    // From a disk the address cannot become another file's: the step is shown in place.
    if (how === "push" && !PAGE) history.pushState({pwFrom: from}, "", flow.url);
    if (how === "replace" && !PAGE) history.replaceState(null, "", flow.url);
    if (how !== "replace") arrive(state.id);
  }

  function follow(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest("a[href]");
    if (!link || link.target || link.getAttribute("href").charAt(0) === "#") return;
    if (link.classList.contains("pw-back") && history.state && history.state.pwFrom === link.href) {
      event.preventDefault(); // the step before is the last page in history: go back, adding nothing
      event.stopPropagation();
      history.back();
      return;
    }
    var state = stateAt(new URL(link.href));
    if (!state) return;
    event.preventDefault();
    event.stopPropagation(); // instant navigation would load the step's own page instead
    show(state, "push");
  }

  function init() {
    var source = document.getElementById("pw-flow-data");
    flow = null;
    if (!source) return;
    var data = JSON.parse(source.textContent);
    words = JSON.parse(document.getElementById("pw-flow-words").textContent);
    var here = document.title, cut = here.lastIndexOf(" - ");
    flow = {
      data: data,
      nodes: new Map(data.nodes.map(function (node) { return [node.id, node]; })),
      base: new URL("../", location.href),
      host: document.getElementById("pw-flow"),
      suffix: cut >= 0 ? here.slice(cut) : ""
    };
    if (!flow.host) { // a step page
      var state = stateAt(new URL(location.href));
      if (!state) return;
      decorate(document, state);
      flow.url = location.href;
      if (state.answers && state.answers.length) arrive(state.id);
      explain(state.answers === null && /^#answers=/.test(location.hash));
      return;
    }
    flow.host.addEventListener("click", follow);
    var answers = parseAnswers(location.hash), at = /^#at=([a-z0-9-]+)$/.exec(location.hash);
    var route = answers && replay(answers);
    var start = route ? {id: route[route.length - 1].id, answers: answers, route: route}
      : at && flow.nodes.has(at[1]) ? stateAt(new URL(at[1] + "/", flow.base))
        : stateAt(new URL(data.start + "/", flow.base));
    var broken = /^#answers=/.test(location.hash) && !route; // before show() replaces the address
    show(start, "replace");
    explain(broken);
  }

  // Back and Forward through steps shown in place. The head's listener (theme/main.html) calls
  // this before the theme's bundle sees the event, so it can keep instant navigation from
  // loading the step's own page over the flow.
  window.pwFlowPopstate = function (event) {
    if (!flow || !flow.host || !document.contains(flow.host) || location.href === flow.url) return;
    var url = new URL(location.href), state = stateAt(url);
    if (!state || (url.hash && parseAnswers(url.hash) === null && url.pathname === new URL(flow.url).pathname)) return;
    event.stopImmediatePropagation();
    show(state, "pop");
  };

  // Loaded once the page is parsed (theme/main.html), after the theme's bundle: follow its
  // document$, which gives the current page and each page that instant navigation swaps in.
  if (window.document$) window.document$.subscribe(init);
  else init();
})();
