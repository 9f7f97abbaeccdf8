/* The resolver at /connect/ (outputs/connect.py). An EHR's Infobutton link (HL7's URL-based
   implementation guide, as MedlinePlus Connect reads it) names a diagnosis code:
     ?mainSearchCriteria.v.cs=2.16.840.1.113883.6.90&mainSearchCriteria.v.c=M54.16
      &informationRecipient.languageCode.c=es&knowledgeResponseType=application/json
   This opens the best page for the code, or for its nearest parent (M54.16, then M54.1, then
   M54): in Spanish where the page has a Spanish twin; the JSON answer when JSON is asked for.
   Its data is the page's own table (a row per code, its pages best first), which a reader
   without JavaScript sees as it is. Nothing is sent anywhere: the code never leaves the page. */
(function () {
  "use strict";
  var ICD10CM = "2.16.840.1.113883.6.90";

  // "m5416" -> "M54.16": the dot after the category, as the code set writes codes.
  function tidy(code) {
    code = code.trim().toUpperCase();
    return code.length > 3 && code.indexOf(".") < 0 ? code.slice(0, 3) + "." + code.slice(3) : code;
  }

  // M54.16 -> M54.1 -> M54 -> "" (a category has three characters).
  function parent(code) {
    return code.length > 3 ? code.slice(0, -1).replace(/\.$/, "") : "";
  }

  function show(id, code) {
    var box = document.getElementById(id);
    box.querySelectorAll(".pw-connect-code").forEach(function (el) { el.textContent = code; });
    box.hidden = false;
  }

  function open(row, spanish, json) {
    var target;
    if (json) {
      target = (spanish && row.getAttribute("data-pw-json-es")) || row.getAttribute("data-pw-json");
    } else {
      var pages = [].slice.call(row.querySelectorAll("a.pw-connect-page"));
      var twin = spanish && pages.filter(function (a) { return a.hasAttribute("data-pw-es"); })[0];
      target = twin ? twin.getAttribute("data-pw-es") : pages[0].getAttribute("href");
    }
    location.replace(new URL(target, location.href).href);
  }

  var query = new URLSearchParams(location.search), asked = query.getAll("mainSearchCriteria.v.c");
  if (!asked.length) return;
  var system = query.get("mainSearchCriteria.v.cs");
  if (system && system.trim() !== ICD10CM) { show("pw-connect-other-system", ""); return; }
  var spanish = /^(es|spa)([-_]|$)/i.test(query.get("informationRecipient.languageCode.c") || "");
  var json = /json/i.test(query.get("knowledgeResponseType") || "");
  for (var i = 0; i < asked.length; i++) {
    for (var code = tidy(asked[i]); code; code = parent(code)) {
      var row = document.getElementById("code-" + code);
      if (row) { open(row, spanish, json); return; }
    }
  }
  show("pw-connect-not-found", tidy(asked[0]));
})();
