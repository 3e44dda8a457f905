// Passages: what a search result shows of a page, and how well a page answers the query.
//
// Pagefind finds the pages (one record per page, so a query fetches few and small files) and gives each
// page's text with the places of the elements that have an id. A document's page marks every paragraph of its
// text with such an element, whose text is the paragraph's label ("Sở Y tế — IV.3 ¶2", see document.html.j2);
// headings have ids too. Here the page is cut into passages at those places and each passage is scored
// against the query as a Vietnamese reader would:
// - a word typed with diacritics matches the same word first, and the same letters with other tones only a
//   little (`tảo hôn` is not `tạo hơn`); a word typed without diacritics matches every spelling, đ included;
// - the words of the query standing together, in order, count more than the same words scattered;
// - a page's best passages make its score, and the page keeps a share of Pagefind's own score.
// The search page shows the best passages of each page, each with its own link to its paragraph and an
// excerpt of whole words, and ranks the first results again by these scores.

var COMBINING = /[\u0300-\u036f]/g;
export var WORD = /[\p{L}\p{N}\u0300-\u036f]+/gu;

export function fold(text) {
  return text.normalize("NFD").replace(COMBINING, "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFC");
}

// Where a syllable ending in oa, oe or uy carries its tone is a matter of style: `hòa` and `hoà`, `thủy` and
// `thuỷ` are the same word, and the corpus writes both. A word, lower-cased and NFC, is compared with each such
// pair spelled one way: plansite/text/folding.py's rule and table (one_tone_placement), which the build writes
// on the next line (plansite/search/scripts.py: each spelling by the one it is compared as).
var ONE_TONE_PLACEMENT = {};
var TONE_PAIR = new RegExp(Object.keys(ONE_TONE_PLACEMENT).join("|") || "(?!)", "g");
export function oneTonePlacement(word) {
  return word.replace(TONE_PAIR, function (pair) { return ONE_TONE_PLACEMENT[pair]; });
}

// The words of a text, lower-cased, NFC, each tone where `oneTonePlacement` puts it: "188/KH-UBND," gives 188,
// kh, ubnd.
export function words(text) {
  return (text.normalize("NFC").toLowerCase().match(WORD) || []).map(oneTonePlacement);
}

// Whether a page holds a word the term begins, whatever its diacritics, as Pagefind matches a term: in its text,
// its title or its other fields (the index's own spellings), a word of a printed word, or the printed word's words
// joined from one of them on (Pagefind indexes `188/KH-UBND` as 188, kh, ubnd and 188khubnd, and takes the marks
// out of what is typed: `28ct`, `188/KHUBND`, `999` for `99,9%`). Pagefind, given a word that begins no word of
// the index, searches instead for the longest word of the index that begins it (`covid`: `có`): the page then
// holds no such word. `asTyped`: with the term's diacritics, as Pagefind's search with them (`exactDiacritics`)
// matches it, whichever vowel carries the tone of oa, oe, uy. `words`: the page's words (pageWords), split once
// for all the query's words.
export function holdsTerm(words, term, asTyped) {
  var exact = asTyped && !term.plain;
  var want = exact ? term.word : term.folded;
  return [words.text, words.fields].some(function (list) {
    for (var i = 0; i < list.length; i++) {
      var parts = exact ? list[i].tokens : list[i].folded;
      var joined = parts.join("");
      if (joined.indexOf(want) === -1) continue;
      for (var p = 0; p < parts.length; p++) {
        if (joined.lastIndexOf(want, 0) === 0) return true;
        joined = joined.slice(parts[p].length);
      }
    }
    return false;
  });
}

// The query's words, each with its folded form and whether it was typed with diacritics.
// Each word once; `typed` keeps them as typed, a repeated word repeated: what "together, as typed" asks and
// what a notice quotes (`tre em bi bao luc bao cho ai`).
export function queryTerms(query) {
  var byWord = Object.create(null), terms = [], typed = [];  // no inherited names: `constructor` is a word
  words(query || "").forEach(function (word) {
    if (!byWord[word]) {
      var folded = fold(word);
      terms.push(byWord[word] = { word: word, folded: folded, plain: folded === word });
    }
    typed.push(byWord[word]);
  });
  terms.typed = typed;
  return terms;
}

// How well one word of the text matches one word of the query: 3 the same word (or, for a word typed without
// diacritics, any spelling of it), 1 the same letters with other diacritics, 0.3 a longer word it begins
// (the word being typed), 0 none.
export function matchLevel(token, folded, term) {
  if (token === term.word) return 3;
  if (folded === term.folded) return term.plain ? 3 : 1;
  if (term.folded.length >= 3 && folded.length > term.folded.length && folded.lastIndexOf(term.folded, 0) === 0) {
    return term.plain || token.lastIndexOf(term.word, 0) === 0 ? 0.3 : 0.1;
  }
  return 0;
}

var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
}

// Pagefind's `content` is the page's text as the reader sees it (`raw_content` is the same with `<` and `>`
// written as entities, so that a text saying `&lt;` as written cannot be told from one saying `<`): it is read
// as it is, and escaped once where an excerpt is written. Its words are separated by whitespace, and an
// element's `location` counts them.
// Score a run of text words (each: the word as printed, its tokens, their folded forms) against the terms.
function scoreWords(list, terms) {
  var n = terms.length;
  if (!n || !list.length) return { score: 0, levels: [] };
  // levels[i][k]: how well text word i matches term k (best of its tokens)
  var levels = list.map(function (w) {
    return terms.map(function (term) {
      var best = 0;
      for (var j = 0; j < w.tokens.length; j++) best = Math.max(best, matchLevel(w.tokens[j], w.folded[j], term));
      return best;
    });
  });
  var best = terms.map(function () { return 0; });
  var count = 0;
  levels.forEach(function (row) {
    row.forEach(function (level, k) {
      if (level > best[k]) best[k] = level;
      if (level >= 1) count++;
    });
  });
  var missing = best.filter(function (level) { return level < 1; }).length;
  if (missing === n) return { score: 0, levels: levels, complete: false };
  var coverage = best.reduce(function (a, b) { return a + b; }, 0) / (3 * n);
  // Neighbours: for each pair of consecutive query words, the best place where they stand together, in order
  // (both as typed: 1; with other diacritics: less).
  var pairs = 0, phrase = 1, run = 1;
  if (n > 1) {
    for (var k = 0; k + 1 < n; k++) {
      var pairBest = 0;
      for (var i = 0; i + 1 < levels.length; i++) {
        var a = levels[i][k], b = levels[i + 1][k + 1];
        if (a >= 1 && b >= 1 && a + b > pairBest) pairBest = a + b;
      }
      pairs += pairBest / 6;
      if (pairBest) { run++; if (run > phrase) phrase = run; } else { run = 1; }
    }
    pairs /= n - 1;
  }
  var score = 3 * coverage + 2 * pairs + (n > 1 ? phrase / n : 0) + Math.min(count, 8) * 0.01;
  if (missing) score *= Math.pow(0.5, missing);
  return { score: score, levels: levels, complete: !missing };
}

// Whether the query's words stand together somewhere, in order, each as typed: in consecutive printed words, or
// in consecutive tokens of one printed word (`188/KH-UBND` holds 188, kh, ubnd together), where a word typed
// without its marks may also be tokens of one printed word joined (`28ct` in `28-CT/TW`).
function isTogether(list, terms) {
  var seq = [];  // every token in order, with the printed word it is in
  list.forEach(function (w, i) {
    w.tokens.forEach(function (token, j) { seq.push({ token: token, folded: w.folded[j], word: i }); });
  });
  var n = terms.length;
  for (var start = 0; start < seq.length; start++) {
    var at = start, k = 0;
    while (k < n && at < seq.length) {
      var token = "", folded = "", end = at, found = false;
      for (; end < seq.length && seq[end].word === seq[at].word; end++) {
        token += seq[end].token;
        folded += seq[end].folded;
        if (matchLevel(token, folded, terms[k]) >= 3) { found = true; break; }
        if (folded.length >= terms[k].folded.length) break;
      }
      if (!found) break;
      at = end + 1;
      k++;
    }
    if (k === n) return true;
  }
  return false;
}

// The words to mark: for each query word, its matches as typed if the text has any, else its other spellings.
function marks(levels, n) {
  var exact = [];
  for (var k = 0; k < n; k++) exact.push(levels.some(function (row) { return row[k] >= 3; }));
  return levels.map(function (row) {
    return row.some(function (level, k) { return level >= 3 || (level >= 1 && !exact[k]); });
  });
}

function textWords(content) {
  return content.split(/[\r\n\s]+/g).map(function (printed) {
    var tokens = words(printed);
    return { printed: printed, tokens: tokens, folded: tokens.map(fold) };
  });
}

// A page's words (a Pagefind result's data), split once for the query's words (holdsTerm) and the passages
// (rankPassages): those of its text, whose places the anchors count, and those of its other fields.
export function pageWords(data) {
  var meta = data.meta || {};
  return { text: textWords(data.content || ""), fields: textWords(Object.keys(meta).map(function (key) { return meta[key]; }).join(" ")) };
}

// The window of at most `length` words of a passage where the query's words are densest and closest; where
// none is marked, the window from a little before word `focus` (0: the passage's start).
function excerpt(list, levels, length, n, focus) {
  var start = 0;
  var marked = marks(levels, n);
  if (list.length > length) {
    var weight = levels.map(function (row, i) { return marked[i] ? row.reduce(function (a, b) { return a + (b >= 1 ? b : 0); }, 0) : 0; });
    var best = -1;
    for (var s = 0; s + length <= list.length; s++) {
      var sum = 0;
      for (var i = s; i < s + length; i++) sum += weight[i] + (weight[i] && i + 1 < s + length && weight[i + 1] ? 2 : 0);
      if (sum > best) { best = sum; start = s; }
    }
    // Start a little before the first match, so the excerpt reads as a sentence.
    var first = focus || 0;
    for (var j = start; j < start + length; j++) {
      if (weight[j]) { first = j; break; }
    }
    if (first) start = Math.max(0, Math.min(first - 3, list.length - length));
  }
  var end = Math.min(list.length, start + length);
  var out = [];
  for (var w = start; w < end; w++) {
    out.push(marked[w] ? "<mark>" + escapeHtml(list[w].printed) + "</mark>" : escapeHtml(list[w].printed));
  }
  return (start > 0 ? "… " : "") + out.join(" ") + (end < list.length ? " …" : "");
}

function withHash(url, id) {
  return url.split("#")[0] + "#" + encodeURIComponent(id);
}

// A page's passages: [from, to) word ranges of its text, cut at its anchors.
function passagesOf(data, list) {
  var anchors = (data.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
  var out = [];
  var first = anchors.length ? anchors[0].location : list.length;
  if (first > 0) out.push({ from: 0, to: first, anchor: null });
  var SPELLINGS_ID = "pf-spellings";
  anchors.forEach(function (anchor, i) {
    if (anchor.id === SPELLINGS_ID) return;  // the index's own spellings (plansite/search/pagefind.py)
    var to = i + 1 < anchors.length ? anchors[i + 1].location : list.length;
    var from = anchor.location;
    // A paragraph's label is the first words of its passage: its title, not its text.
    if (anchor.element === "span" && anchor.text) from += anchor.text.split(/\s+/).length;
    if (to > from || /^h\d$/i.test(anchor.element)) out.push({ from: from, to: Math.max(to, from), anchor: anchor });
  });
  return out;
}

function shortTitle(data) {
  var title = (data.meta && data.meta.title) || "";
  return title.split(" – ")[0];
}

function passageTitle(data, anchor) {
  if (!anchor) return (data.meta && data.meta.title) || "";
  var text = anchor.text || "";
  if (anchor.element === "span") {
    var parts = text.split(" — ");
    var label = parts.pop();
    var agencies = parts.join(" — ");
    return (agencies ? agencies + " — " : "") + shortTitle(data) + ", " + label;
  }
  if (text.length > 80) text = text.slice(0, 78) + "…";
  return /^\/van-ban\//.test(new URL(data.url, "https://x/").pathname) ? shortTitle(data) + ", " + text : text;
}

// The filter and its value for a page known by its metadata only (plansite/corpus/model.py, CONTENT_LABELS).
var STUB_FILTER = "Toàn văn", STUB_VALUE = "Chỉ có thông tin mô tả";

// A page none of whose passages holds a word of the query as a word (Pagefind matched the beginning of a word,
// `tin` in `tình`, a number's parts joined, `28ct` in `28-CT/TW`, or the page's spellings alone): the passage that
// holds the first place Pagefind found, else the page's first, and the place in it. The result shows it, rather
// than nothing, or the first words of the page's text: the index's own spellings (`dap dat 28 ct tw`).
function foundPassage(scored, data) {
  var places = (data.weighted_locations || []).map(function (l) { return l.location; }).sort(function (a, b) { return a - b; });
  var shown = scored.filter(function (s) { return s.span.length; });
  for (var i = 0; i < places.length; i++) {
    for (var k = 0; k < shown.length; k++) {
      var p = shown[k].passage;
      if (places[i] >= p.from && places[i] < p.to) return { scored: shown[k], at: places[i] - p.from };
    }
  }
  return shown.length ? { scored: shown[0], at: 0 } : null;
}

export function isStub(data) {
  var values = data.filters && data.filters[STUB_FILTER];
  return !!(values && values.indexOf(STUB_VALUE) !== -1);
}

// Rewrites `data` (a Pagefind result's data) for the query: its excerpt and sub-results become its best
// passages, with whole words marked; returns its score and the score of its best passage. `options.words`: the
// page's words (pageWords) if split already.
export function rankPassages(data, terms, options) {
  var excerptLength = (options && options.excerptLength) || 30;
  var list = ((options && options.words) || pageWords(data)).text;
  var scored = passagesOf(data, list).map(function (p) {
    var span = list.slice(p.from, p.to);
    var result = scoreWords(span, terms);
    return { passage: p, span: span, score: result.score, levels: result.levels };
  });
  var titleWords = textWords((data.meta && data.meta.title) || "");
  var title = scoreWords(titleWords, terms);
  var ranked = scored.filter(function (s) { return s.score > 0 && s.span.length; })
    .sort(function (a, b) { return b.score - a.score || a.passage.from - b.passage.from; });
  // The best three, leaving out those far weaker than the best.
  var top = ranked.slice(0, 3).filter(function (s) { return s.score >= 0.45 * ranked[0].score; });
  var focus = 0;
  var found = top.length ? null : foundPassage(scored, data);
  if (found) {
    top = [found.scored];
    focus = found.at;
  }
  var url = data.url;
  var subs = top.map(function (s) {
    var anchor = s.passage.anchor;
    var isRoot = !anchor || anchor.id === "top";
    return {
      title: passageTitle(data, isRoot ? null : anchor),
      url: isRoot ? url : withHash(url, anchor.id),
      anchor: anchor,
      excerpt: excerpt(s.span, s.levels, excerptLength, terms.length, focus),
      locations: [],
      weighted_locations: [],
      score: s.score
    };
  });
  // A passage at the top of the page is the page itself: the interface shows it as the result's excerpt.
  var rootIndex = subs.findIndex(function (s) { return s.url === url; });
  if (rootIndex > 0) subs.unshift(subs.splice(rootIndex, 1)[0]);
  data.sub_results = subs;
  data.excerpt = subs.length ? subs[0].excerpt : "";
  if (data.meta) delete data.meta.spellings;  // the index's own spellings: never shown
  var best = ranked.length ? ranked[0].score : 0;
  var second = ranked.length > 1 ? ranked[1].score : 0;
  // Asked of the title, then of each passage until one says yes: not of every passage as it is scored.
  var sequence = terms.typed || terms;
  var together = terms.length > 0 && (isTogether(titleWords, sequence) || scored.some(function (s) { return isTogether(s.span, sequence); }));
  return { best: best, score: best + 0.1 * second + 0.6 * title.score, titleAnswers: title.complete, stub: isStub(data),
           together: together };
}
