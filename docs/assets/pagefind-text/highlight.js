// The page a search result opens marks the words searched for (search.js), by passages.js's rules. Apart from
// passages.js so that a search does not fetch it: the first search at 10,000 plans fetched it for nothing
// (1,777 bytes as served).

import { WORD, fold, matchLevel, oneTonePlacement } from "./passages.js";

// Mark the whole words of the query (from `?highlight=`), nothing inside words.
export function highlightPage(terms, root) {
  if (!terms.length || !root) return 0;
  var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: function (node) {
      var parent = node.parentElement;
      // What the index leaves out is not marked either: the served page keeps that attribute, but for the notes
      // under a plan's paragraphs (plansite/search/pagefind.py, for_reading).
      if (!parent || parent.closest("script, style, mark, [aria-hidden='true'], [data-pagefind-ignore='all'], .reuse-note")) {
        return NodeFilter.FILTER_REJECT;
      }
      return /\S/.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
    }
  });
  var nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  // First the words as typed; a query word that has none on the page marks its other spellings.
  var found = [];
  nodes.forEach(function (node) {
    var pattern = new RegExp(WORD.source, "gu"), match, text = node.nodeValue, hits = [];
    while ((match = pattern.exec(text))) {
      var token = oneTonePlacement(match[0].normalize("NFC").toLowerCase());
      var folded = fold(token);
      hits.push([match.index, match.index + match[0].length, terms.map(function (term) { return matchLevel(token, folded, term); })]);
    }
    found.push(hits);
  });
  var exact = terms.map(function (_, k) {
    return found.some(function (hits) { return hits.some(function (hit) { return hit[2][k] >= 3; }); });
  });
  var marked = 0;
  nodes.forEach(function (node, index) {
    var text = node.nodeValue;
    var pieces = [], last = 0;
    found[index].forEach(function (hit) {
      if (!hit[2].some(function (level, k) { return level >= 3 || (level >= 1 && !exact[k]); })) return;
      pieces.push([last, hit[0], hit[1]]);
      last = hit[1];
    });
    if (!pieces.length) return;
    var fragment = document.createDocumentFragment();
    pieces.forEach(function (piece) {
      if (piece[1] > piece[0]) fragment.appendChild(document.createTextNode(text.slice(piece[0], piece[1])));
      var mark = document.createElement("mark");
      mark.className = "pagefind-highlight";
      mark.textContent = text.slice(piece[1], piece[2]);
      fragment.appendChild(mark);
      marked++;
    });
    if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
    node.parentNode.replaceChild(fragment, node);
  });
  return marked;
}
