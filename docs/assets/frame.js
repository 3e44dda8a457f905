// The frame's lists that repeat another list of the same page, built from it here rather than written twice in
// every page. This script runs at the end of the page, before the theme's script, which then finds them as if
// the theme had written them.
(function () {
  function entry(href) {
    var item = document.createElement("li");
    item.className = "md-nav__item";
    var link = document.createElement("a");
    link.setAttribute("href", href);
    link.className = "md-nav__link";
    item.appendChild(link);
    return item;
  }

  // The headings' permalinks share one tooltip, given here rather than written into each of them (11.1 MB of the
  // 10,000-plan site): plansite/render/outline.py and the `toc` extension (mkdocs.yml) write none.
  var permalinks = document.querySelectorAll("a.headerlink:not([title])");
  for (var p = 0; p < permalinks.length; p++) permalinks[p].title = "Liên kết đến mục này";

  // A "(?)" (plansite/text/uncertain.py) or a "(suy luận)" (document.html.j2) says why in its title, which
  // neither a tap nor a keyboard reaches: each becomes a control that writes its note after it, made so here
  // rather than in each mark of every page. A mark inside a link keeps its title alone: a control inside a link
  // would follow the link too.
  var CONTROLS = '.uncertain[role="button"], .inferred[role="button"]';  // the marks made controls below
  var marks = document.querySelectorAll(".uncertain[title], .inferred[title]");
  for (var m = 0; m < marks.length; m++) {
    if (marks[m].closest("a")) continue;
    marks[m].tabIndex = 0;
    marks[m].setAttribute("role", "button");
    marks[m].setAttribute("aria-expanded", "false");
  }
  function toggleNote(mark) {
    var shown = mark.getAttribute("aria-expanded") === "true";
    var next = mark.nextElementSibling;
    if (shown && next && next.classList.contains("uncertain-note")) next.remove();
    if (!shown) {
      var note = document.createElement("span");
      note.className = "uncertain-note";
      note.textContent = mark.title;  // text, never markup
      mark.after(note);
    }
    mark.setAttribute("aria-expanded", shown ? "false" : "true");
  }
  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest(CONTROLS);
    if (mark) toggleNote(mark);
  });
  document.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.matches && event.target.matches(CONTROLS)) {
      event.preventDefault();
      toggleNote(event.target);
    }
  });

  // The drawer's sections (a narrow screen's navigation), from the tabs (a wide screen's): the same links, in the
  // same order (plansite/mkdocs_plugin/frame.py, drawer_from_tabs).
  var drawer = document.querySelector("ul[data-nav-from-tabs]");
  if (drawer && !drawer.firstElementChild) {
    var tabs = document.querySelectorAll(".md-tabs__list > .md-tabs__item > a");
    for (var t = 0; t < tabs.length; t++) {
      var item = entry(tabs[t].getAttribute("href"));
      item.firstChild.textContent = tabs[t].textContent.trim();
      drawer.appendChild(item);
    }
  }

  // The table of contents beside a document's text, from the page's own contents ("Mục lục", written once in the
  // page: overrides/partials/toc.html): the markup of overrides/partials/toc-item.html, nested as the list is.
  var list = document.querySelector("ul[data-contents-from]");
  var contents = list && document.getElementById(list.getAttribute("data-contents-from"));
  var top = contents && contents.querySelector("ul");
  if (!top || list.firstElementChild) return;

  function entries(target, from) {
    for (var i = 0; i < from.children.length; i++) {
      var source = from.children[i];
      var link = source.querySelector(":scope > a");
      var nested = source.querySelector(":scope > ul");
      if (!link) continue;
      var item = entry(link.getAttribute("href"));
      var title = document.createElement("span");
      for (var node = link.firstChild; node; node = node.nextSibling) title.appendChild(node.cloneNode(true));
      item.firstChild.appendChild(title);
      if (nested) {
        var nav = document.createElement("nav");
        nav.className = "md-nav";
        nav.setAttribute("aria-label", link.textContent);
        var sublist = document.createElement("ul");
        sublist.className = "md-nav__list";
        entries(sublist, nested);
        nav.appendChild(sublist);
        item.appendChild(nav);
      }
      target.appendChild(item);
    }
  }
  entries(list, top);
})();
