/* The side-by-side page (plansite/render/pages/alignment.py, `doi-chieu/?vb=…&cap-tren=…`) first fetches the part
   that shows the pair the address names, compressed, and puts it in place (`load`). That part holds neither the
   rows nor the words of the two plans: each paragraph of the plan is an empty item with its id and its data (`data-r`: kind, label, slot, then the
   node, label and slot of each of the parent's paragraphs it takes from), each paragraph of the parent it does
   not take the same (label, slot). A slot is written as its attributes are: "length;window;marks;cut". This script builds the rows from that (consecutive added paragraphs in one row), each
   paragraph under a link to its place in its plan, and draws each `plan-words` element from the paragraph its
   label links to, as the slot says: it takes the paragraph from that page, with its links and uncertain readings
   as printed there, keeps the part in `data-window`, marks the spans of `data-marks` (<ins> in the plan, <del>
   in the other) and writes "…" where `data-cut` says. Positions count the paragraph's own words (UTF-16 code
   units, as `Slot` gives them): not its label, its permalink or the "(?)" after an uncertain reading. The words
   are the tail of what the element holds, `data-length` long (before them: a heading's printed marker). The
   plan's page must carry the stamp the side-by-side page names (its words as this build wrote them); a
   paragraph that cannot be found as the slot says is left empty, and the status line says how many. What is
   the same for every pair (how the alignment is made, the legend, the status line) is this page's own
   template `alignment-method`, put after the pair's summary (`said`).
   Everything is built as DOM nodes and text, never from markup strings: the titles and labels are the
   corpus's. */
(function () {
  "use strict";
  var view = document.querySelector("[data-alignment-view]");
  if (!view) return;
  var rows = null, status = view.querySelector("[data-alignment-load]"), loading = status;
  var NOT_WORDS = ".node-anchor, .headerlink";  // the permalinks: removed
  var NOT_COUNTED = ".uncertain";  // the "(?)" after an uncertain reading: kept, not counted

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }

  // The element a paragraph's words are drawn into, its slot ("length;window;marks;cut") as attributes.
  function slotted(tag, slot) {
    var made = element(tag, "plan-words"), fields = slot.split(";");
    ["data-length", "data-window", "data-marks", "data-cut"].forEach(function (name, index) {
      if (fields[index]) made.setAttribute(name, fields[index]);
    });
    return made;
  }

  function linkTo(page, node, text) {
    var link = element("a", "", text);
    link.setAttribute("href", page + "#" + encodeURIComponent(node));
    return link;
  }

  // The rows from the items' data: each paragraph under its label, a link to it in its plan.
  function build() {
    var titles = JSON.parse(rows.getAttribute("data-titles")), kinds = JSON.parse(rows.getAttribute("data-kinds"));
    var child = rows.getAttribute("data-child"), parent = rows.getAttribute("data-parent"), run = null;
    Array.prototype.slice.call(rows.children).forEach(function (item) {
      var data = JSON.parse(item.getAttribute("data-r")), node = item.id.slice(2), kind = data[0];
      item.removeAttribute("data-r");
      var meta = element("p", "alignment-meta");
      meta.append(linkTo(child, node, titles[0] + ", " + data[1]), " — ", element("span", "alignment-kind", kinds[kind]));
      if (kind === "added" && run) {  // a run of added paragraphs: one row, each paragraph with its id
        meta.id = item.id;
        item.remove();
        run.append(meta, slotted("p", data[2]));
        return;
      }
      item.className = "alignment-row kind-" + kind;
      var mine = element("div", "alignment-child"), theirs = element("div", "alignment-parent");
      mine.append(meta, slotted("p", data[2]));
      for (var at = 3; at < data.length; at += 3) {  // the parent's paragraphs: node, label, slot
        var label = element("p", "alignment-meta");
        label.append(linkTo(parent, data[at], titles[1] + ", " + data[at + 1]));
        theirs.append(label, slotted("p", data[at + 2]));
      }
      if (data.length === 3) theirs.append(element("p", "alignment-none", "Không có đoạn tương ứng trong " + titles[1] + "."));
      item.append(mine, theirs);
      run = kind === "added" ? mine : null;
    });
    document.querySelectorAll(".alignment-dropped > li[data-r]").forEach(function (item) {
      var data = JSON.parse(item.getAttribute("data-r"));
      item.removeAttribute("data-r");
      item.append(linkTo(parent, item.id.slice(2), data[0]), ": ", slotted("div", data[1]));
    });
  }

  // The paragraph the address names, once its row is there: the browser followed the address before, so it is
  // followed again (a move within the page, not a load), and the row is the page's target, highlighted and clear
  // of the header (site.css, :target).
  function reveal() {
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return;  // not an address this site writes
    }
    var target = id && document.getElementById(id);
    if (target && target.closest(".alignment-rows, .alignment-dropped")) location.replace(location.href);
  }

  function pageOf(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.text();
    }).then(function (text) {
      return new DOMParser().parseFromString(text, "text/html");
    });
  }

  function countedTexts(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(NOT_COUNTED) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var found = [];
    while (walker.nextNode()) found.push(walker.currentNode);
    return found;
  }

  function spans(value) {
    return (value || "").split(" ").filter(Boolean).map(function (span) {
      return span.split("-").map(Number);
    });
  }

  // The text nodes of `texts`, split so that none straddles a position of `cuts` (offsets in their sum).
  function splitAt(texts, cuts) {
    var out = [], position = 0;
    texts.forEach(function (node) {
      var start = position;
      position += node.data.length;
      var inside = cuts.filter(function (cut) { return cut > start && cut < position; })
        .sort(function (a, b) { return b - a; });
      var pieces = [];
      inside.forEach(function (cut) { pieces.unshift(node.splitText(cut - start)); });
      out.push(node);
      Array.prototype.push.apply(out, pieces);
    });
    return out;
  }

  // Elements left without a counted word (an uncertain reading or a link outside the window) go with their
  // "(?)" or their href.
  function prune(root) {
    root.querySelectorAll("*").forEach(function (element) {
      if (root.contains(element) && !element.matches(NOT_COUNTED) && !countedTexts(element).some(function (node) { return node.data; })) {
        element.remove();
      }
    });
  }

  function draw(slot, page, base, node, tag) {
    var found = page.getElementById(node);
    if (!found) return false;
    var holder = document.importNode(found, true);
    holder.querySelectorAll(NOT_WORDS).forEach(function (element) { element.remove(); });
    holder.querySelectorAll("a[href]").forEach(function (link) {  // links relative to the plan's page
      var target = new URL(link.getAttribute("href"), base);
      link.setAttribute("href", target.pathname + target.search + target.hash);
    });
    var texts = countedTexts(holder);
    var total = texts.reduce(function (sum, node) { return sum + node.data.length; }, 0);
    var length = Number(slot.getAttribute("data-length"));
    var at = total - length;  // where the paragraph's words begin
    if (!(at >= 0)) return false;
    var window = spans(slot.getAttribute("data-window"))[0] || [0, length];
    var start = at + window[0], end = at + window[1];
    var marks = spans(slot.getAttribute("data-marks")).map(function (span) { return [at + span[0], at + span[1]]; });
    var cuts = [start, end];
    marks.forEach(function (span) { cuts.push(span[0], span[1]); });
    var position = 0;
    splitAt(texts, cuts).forEach(function (node) {
      var from = position, to = position + node.data.length;
      position = to;
      if (from >= end || to <= start) {
        node.remove();
        return;
      }
      var marked = marks.some(function (span) { return from >= span[0] && to <= span[1]; });
      if (marked && from < to) {
        var wrapper = document.createElement(tag);
        node.parentNode.replaceChild(wrapper, node);
        wrapper.appendChild(node);
      }
    });
    prune(holder);
    var cut = slot.getAttribute("data-cut") || "00";
    if (cut[0] === "1") slot.append("… ");
    slot.append.apply(slot, Array.prototype.slice.call(holder.childNodes));
    if (cut[1] === "1") slot.append(" …");
    return true;
  }

  // The pair the address names (`?vb=child&cap-tren=parent`, ids as the corpus allows them): its part, fetched
  // compressed from beside this page, in place of this page's words; then its rows, then its words.
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  function fail(text) {
    if (!status || !status.isConnected) {  // the part took the page's words before a status line was put in: the page's, back
      status = loading;
      view.append(status);
    }
    status.textContent = text;
    status.hidden = false;
    document.documentElement.setAttribute("data-alignment", "failed");
  }

  function load() {
    var query = new URLSearchParams(location.search);
    var childId = query.get("vb") || "", parentId = query.get("cap-tren") || "";
    if (!childId && !parentId) return fail("Chưa chọn cặp văn bản nào: mở trang đối chiếu từ mục “Thực hiện” trên trang của một kế hoạch.");
    if (!ID.test(childId) || !ID.test(parentId)) return fail("Địa chỉ không nêu hai văn bản theo cách kho đặt tên văn bản.");
    if (typeof DecompressionStream === "undefined") return fail("Trình duyệt này không giải nén được phần đối chiếu.");
    status.textContent = "Đang tải phần đối chiếu…";
    fetch(encodeURIComponent(childId) + "/" + encodeURIComponent(parentId) + ".html.gz").then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).text();
    }).then(function (text) {
      var part = new DOMParser().parseFromString(text, "text/html");
      view.replaceChildren.apply(view, Array.prototype.map.call(part.body.childNodes, function (node) {
        return document.importNode(node, true);
      }));
      var heading = view.querySelector("h1"), summary = view.querySelector(".alignment-summary");
      rows = view.querySelector(".alignment-rows[data-child]");
      if (!heading || !rows || !summary) throw new Error("not a pair");
      said(summary);
      var named = heading.cloneNode(true);
      named.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
      document.title = [named.textContent].concat(document.title.split(" - ").slice(1)).join(" - ");
      show();
    }).catch(function () {
      fail(rows ? "Không dựng được các hàng đối chiếu của cặp văn bản này."
        : "Trang web không có phần đối chiếu của cặp văn bản này, hoặc không giải nén được nó.");
    });
  }

  // What this page says of every pair (the template `alignment-method`: how the alignment is made, how to read
  // the marks, the status line), after the pair's summary; the legend's link leads to the pair's plan.
  // A part an older build wrote (a cache may keep one) held these itself: its own go, so they come once.
  function said(summary) {
    view.querySelectorAll(".computed-note, .alignment-legend, .alignment-status").forEach(function (old) { old.remove(); });
    var template = document.getElementById("alignment-method");
    var method = template ? template.content.cloneNode(true) : document.createDocumentFragment();
    var plan = method.querySelector("a[data-pair-child]");
    if (plan) {
      plan.removeAttribute("data-pair-child");
      plan.setAttribute("href", rows.getAttribute("data-child"));
      plan.textContent = JSON.parse(rows.getAttribute("data-titles"))[0];
    }
    status = method.querySelector(".alignment-status");
    if (!status) {
      status = element("p", "alignment-status");
      status.setAttribute("role", "status");
    }
    rows.before(status);
    summary.after(method);
  }

  // Once the pair's part is in place.
  function show() {
    build();
    reveal();
    var bases = {c: new URL(rows.getAttribute("data-child"), location.href), p: new URL(rows.getAttribute("data-parent"), location.href)};
    var stamps = (rows.getAttribute("data-stamps") || "").split(" ");
    // A plan's page of another build (an older copy a cache kept) is not drawn from: its words may have moved.
    function current(page, stamp) {
      var text = page.querySelector(".plan-text[data-text-stamp]");
      return text && text.getAttribute("data-text-stamp") === stamp ? page : null;
    }
    // The page and paragraph a slot shows: those its label links to.
    function linkedFrom(slot) {
      var label = slot.previousElementSibling;
      var link = label && (label.matches("a[href]") ? label : label.querySelector("a[href]"));
      if (!link) return null;
      var target = new URL(link.getAttribute("href"), location.href);
      var side = target.pathname === bases.c.pathname ? "c" : target.pathname === bases.p.pathname ? "p" : null;
      return side && {side: side, node: decodeURIComponent(target.hash.slice(1))};
    }
    Promise.all([pageOf(bases.c), pageOf(bases.p)]).then(function (pages) {
      var from = {c: current(pages[0], stamps[0]), p: current(pages[1], stamps[1])}, missing = 0;
      document.querySelectorAll(".alignment-rows .plan-words, .alignment-dropped .plan-words").forEach(function (slot) {
        var linked = linkedFrom(slot);
        var page = linked && from[linked.side];
        if (!page || !draw(slot, page, bases[linked.side], linked.node, linked.side === "c" ? "ins" : "del")) missing += 1;
      });
      if (missing) {
        status.textContent = "Không lấy được chữ của " + missing + " đoạn từ trang của văn bản: xem đoạn đó theo liên kết.";
      } else {
        status.hidden = true;
      }
      document.documentElement.setAttribute("data-alignment", missing ? "partial" : "drawn");
      reveal();
    }, function () {
      status.textContent = "Không lấy được chữ của hai văn bản từ trang của chúng: xem từng đoạn theo liên kết.";
      document.documentElement.setAttribute("data-alignment", "failed");
    });
  }

  load();
})();
