/* The sources page (plansite/render/pages/sources.py): shows the source text named in the address
   (`?tep=name.txt&vb=document-id`), fetched compressed from beside this page (`name.txt.gz`) and decompressed
   by the browser. The name and the id are checked against the patterns the corpus allows before they are
   used; the text is set as text. */
(function () {
  "use strict";
  var status = document.querySelector("[data-source-status]");
  var links = document.querySelector("[data-source-links]");
  var shown = document.querySelector("[data-source-text]");
  if (!status || !shown) return;
  var query = new URLSearchParams(location.search);
  var name = query.get("tep") || "", documentId = query.get("vb") || "";
  // corpus/schema/document.schema.json: a source is a bare file name; this page shows the .txt ones.
  var NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*\.txt$/, ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function say(text) {
    status.textContent = text;
    document.documentElement.setAttribute("data-source", "failed");
  }

  function link(href, text, download) {
    var made = document.createElement("a");
    made.setAttribute("href", href);
    made.textContent = text;
    if (download) made.setAttribute("download", "");
    return made;
  }

  if (!name) return say("Chưa chọn bản gốc nào: mở bản gốc từ mục “Nguồn gốc” trên trang của văn bản.");
  if (!NAME.test(name)) return say("Tên tệp trong địa chỉ không phải tên một bản gốc dạng văn bản của kho.");
  if (typeof DecompressionStream === "undefined") return say("Trình duyệt này không giải nén được bản gốc: hãy tải tệp nén về.");
  var file = encodeURIComponent(name) + ".gz";
  links.append("Tệp: " + name + " (", link(file, "tải về, nén gzip", true), ")");
  if (ID.test(documentId)) links.append(" · ", link("../van-ban/" + documentId + "/", "trang của văn bản"));
  links.hidden = false;
  fetch(file).then(function (response) {
    if (!response.ok) throw new Error(String(response.status));
    return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).text();
  }).then(function (text) {
    shown.textContent = text;
    shown.hidden = false;
    status.hidden = true;
    document.documentElement.setAttribute("data-source", "shown");
  }, function () {
    say("Không lấy được bản gốc " + name + ": tệp không có trên trang web hoặc không giải nén được.");
  });
})();
