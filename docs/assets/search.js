/* Site search: Pagefind's UI in the header of every page and on the search page, in Vietnamese.
   Pagefind fetches only the index chunks and fragments a query needs, and folds Vietnamese tones. */
(function () {
  "use strict";
  var script = document.currentScript;
  var siteRoot = new URL("../", script.src);  // this file lives in <site>/assets/
  var bundlePath = new URL("pagefind/", siteRoot).pathname;
  // The interface loads Pagefind through a wrapper that keeps names in its filters as text (see there).
  var interfaceBundlePath = new URL("assets/pagefind-text/", siteRoot).pathname;
  var searchPage = new URL("tim-kiem/", siteRoot);

  var translations = {
    placeholder: "Tìm văn bản, cơ quan, số hiệu… (có dấu hay không dấu đều được)",
    clear_search: "Xóa",
    load_more: "Xem thêm kết quả",
    search_label: "Tìm kiếm trong kho văn bản",
    filters_label: "Lọc kết quả",
    zero_results: "Không tìm thấy kết quả cho [SEARCH_TERM]. Hãy thử bớt từ, viết không dấu, hoặc tra theo danh mục văn bản, địa phương, cơ quan.",
    many_results: "[COUNT] kết quả cho [SEARCH_TERM]",
    one_result: "1 kết quả cho [SEARCH_TERM]",
    alt_search: "Không có kết quả cho [SEARCH_TERM]. Đang hiện kết quả cho [DIFFERENT_TERM]",
    search_suggestion: "Không có kết quả cho [SEARCH_TERM]. Hãy thử một trong các cách tìm sau:",
    searching: "Đang tìm [SEARCH_TERM]…"
  };

  // Document numbers are typed loosely ("188/KH-UBND", "188 kh ubnd"): search their parts as words. A run of
  // separators (/ - –) between two letters or digits (combining accents count as letters) becomes a space:
  // the rule of `parts` in plansite/text/numbers.py, which gives the index the same words
  // (tests/test_numbers.py checks both on one table).
  var NUMBER_JOIN = /(?<=[\p{L}\p{N}\u0300-\u036f])[\/\-–]+(?=[\p{L}\p{N}\u0300-\u036f])/gu;
  function processTerm(term) {
    return term.replace(NUMBER_JOIN, " ").trim();
  }

  // Exposed so that tests and other scripts search exactly as the interface does: `search` goes through the
  // interface's own module (filters, passages, ranking) and returns each result's data.
  window.siteSearch = {
    processTerm: processTerm,
    bundlePath: bundlePath,
    search: function (query, options) {
      return import(interfaceBundlePath + "pagefind.js").then(function (pagefind) {
        return pagefind.search(processTerm(query), options || {});
      });
    }
  };

  // When no page holds the words as typed with their diacritics, the results are for the words without them
  // (pagefind-text/pagefind.js, `notice`): a line under the count says so, so that `dưới nước` is not taken
  // for `đuối nước`. The interface redraws its results area as it likes: the line is put back after its
  // message whenever that changes. The module is asked for only once a search has begun, as the interface
  // itself loads it: loaded with every page, it and what it imports were 80,076 of the 625,789 bytes a
  // plan's page fetched, for a reader who never searches.
  function showNotices(element) {
    var note = document.createElement("p");
    note.className = "search-note";
    note.setAttribute("role", "status");
    note.hidden = true;
    var module = null, loading = false;
    function update() {
      var message = element.querySelector(".pagefind-ui__message");
      var input = element.querySelector("input.pagefind-ui__search-input");
      var searched = message && input && input.value.trim() && !/^Đang tìm/.test(message.textContent);
      if (searched && !module && !loading) {
        loading = true;
        import(interfaceBundlePath + "pagefind.js").then(function (loaded) { module = loaded; update(); },
                                                         function () { loading = false; });  // asked again on the next search
      }
      var text = "";
      if (module && searched) {
        text = module.notice(processTerm(input.value));
      }
      if (note.textContent !== text) note.textContent = text;
      if (note.hidden !== !text) note.hidden = !text;
      if (message && note.previousSibling !== message) message.parentNode.insertBefore(note, message.nextSibling);
    }
    new MutationObserver(update).observe(element, { childList: true, subtree: true, characterData: true });
  }

  function makeUI(element, extra) {
    var options = {
      element: element,
      bundlePath: interfaceBundlePath,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      excerptLength: 30,
      highlightParam: "highlight",
      processTerm: processTerm,
      translations: translations
    };
    for (var key in extra) options[key] = extra[key];
    var ui = new PagefindUI(options);
    // Pagefind names its form (search_label) but gives the box only a placeholder: name the box itself.
    var input = element.querySelector("input.pagefind-ui__search-input");
    if (input) input.setAttribute("aria-label", translations.search_label);
    showNotices(element);
    return ui;
  }

  // The filters weigh more than the rest of a first search (see pagefind-text/pagefind.js): they are loaded
  // when the reader asks, and the interface then searches again to draw its panel with every count.
  function addFilterButton(container, ui) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button search-filters";
    button.textContent = "Lọc kết quả theo địa phương, cơ quan, năm…";
    container.parentNode.insertBefore(button, container);
    button.addEventListener("click", function () {
      button.disabled = true;
      button.textContent = "Đang tải bộ lọc…";
      import(interfaceBundlePath + "pagefind.js").then(function (pagefind) {
        return pagefind.wantFilters();
      }).then(function () {
        ui.triggerFilters({});  // the same words, searched again: now with the filters' counts
        var input = container.querySelector("input");
        if (input && input.value.trim()) {
          button.remove();
          input.focus();  // the pressed button is gone: focus stays on the search, not lost to the page
        } else {
          button.textContent = "Bộ lọc đã tải: gõ từ cần tìm, bộ lọc hiện cùng kết quả.";
        }
      }).catch(function () {
        button.disabled = false;
        button.textContent = "Chưa tải được bộ lọc. Bấm để thử lại";
      });
    });
  }

  function resultLinks(container) {
    return Array.prototype.slice.call(container.querySelectorAll("a.pagefind-ui__result-link"));
  }

  // Arrow keys walk from the search box through the result links; Enter follows the focused link.
  function enableArrowKeys(container) {
    container.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var links = resultLinks(container);
      if (!links.length) return;
      var index = links.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? index + 1 : index - 1;
      event.preventDefault();
      if (next < 0) {
        container.querySelector("input").focus();
      } else {
        links[Math.min(next, links.length - 1)].focus();
      }
    });
  }

  function init() {
    if (typeof PagefindUI === "undefined") return;  // no index yet: the header keeps its link to the search page
    var pageContainer = document.querySelector("[data-search-page]");
    var header = document.querySelector("[data-site-search]");
    if (pageContainer) {
      // On a phone the filter groups stay closed: open, they pushed the first result two screens down.
      var wide = window.matchMedia("(min-width: 45em)").matches;
      var pageUI = makeUI(pageContainer, { pageSize: 10, openFilters: wide ? ["Địa phương", "Cơ quan"] : [] });
      addFilterButton(pageContainer, pageUI);
      enableArrowKeys(pageContainer);
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) {
        var input = pageContainer.querySelector("input");
        input.value = query;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
    if (header && !pageContainer) {
      var box = document.createElement("div");
      box.className = "site-search__box";
      header.appendChild(box);
      makeUI(box, { pageSize: 5 });
      header.classList.add("is-ready");
      enableArrowKeys(box);
      var input = box.querySelector("input");
      // Enter with no result chosen opens the full search page with its filters.
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && input.value.trim()) {
          window.location.href = searchPage.pathname + "?q=" + encodeURIComponent(input.value.trim());
        }
      });
      document.addEventListener("keydown", function (event) {
        var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
        if ((event.key === "/" && !typing) || (event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey))) {
          event.preventDefault();
          input.focus();
        }
        if (event.key === "Escape" && box.contains(document.activeElement)) {
          input.value = "";
          input.dispatchEvent(new Event("input", { bubbles: true }));
          input.blur();
        }
      });
    }
    highlightSearchedWords();
  }

  // On the page a result leads to, mark the whole words that were searched for (passages.js), never parts of
  // words: Pagefind's own highlighter marks every word that begins with a searched one.
  function highlightSearchedWords() {
    var searched = new URLSearchParams(window.location.search).getAll("highlight");
    var root = document.querySelector(".md-content__inner");
    if (!searched.length || !root) return;
    Promise.all([import(new URL("pagefind-text/passages.js", script.src).href),
                 import(new URL("pagefind-text/highlight.js", script.src).href)]).then(function (modules) {
      modules[1].highlightPage(modules[0].queryTerms(searched.join(" ")), root);
    }).catch(function () {});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
