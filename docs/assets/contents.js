// The theme's table of contents beside a document's text, built from the page's own contents ("Mục lục",
// written once in the page: overrides/partials/toc.html). This script runs where the page loads it, after
// both lists and before the theme's script, which then finds its entries as if the theme had written them:
// the same markup as overrides/partials/toc-item.html, a nested list under each entry that has one.
(function () {
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
      var item = document.createElement("li");
      item.className = "md-nav__item";
      var anchor = document.createElement("a");
      anchor.setAttribute("href", link.getAttribute("href"));
      anchor.className = "md-nav__link";
      var title = document.createElement("span");
      for (var node = link.firstChild; node; node = node.nextSibling) title.appendChild(node.cloneNode(true));
      anchor.appendChild(title);
      item.appendChild(anchor);
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
