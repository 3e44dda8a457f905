// Pagefind's own API as the site's search uses it:
// - filter values made safe for its interface, which writes them into the page as HTML. Filter values are
//   names from corpus files (localities, agencies), so they reach the interface escaped, and are turned back
//   into the indexed values when the interface filters a search with them;
// - filters only once asked for (wantFilters), and then searches wait for every filter chunk (below);
// - results show their best passages and the first ones are ranked again by them (passages.js).
import * as pagefind from "../../pagefind/pagefind.js";
import { holdsTerm, pageWords, queryTerms, rankPassages } from "./passages.js";
export * from "../../pagefind/pagefind.js";

var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
var indexed = new Map();  // escaped value -> the value in the index

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) { return ENTITIES[c]; });
}

function escapeCounts(filters) {
  if (!filters) return filters;
  var out = {};
  Object.keys(filters).forEach(function (name) {
    out[name] = {};
    Object.keys(filters[name]).forEach(function (value) {
      var shown = escapeHtml(value);
      indexed.set(shown, value);
      out[name][shown] = filters[name][value];
    });
  });
  return out;
}

function indexedFilters(filters) {
  if (!filters) return filters;
  var out = {};
  Object.keys(filters).forEach(function (name) {
    var values = filters[name];
    var map = function (value) { return indexed.has(value) ? indexed.get(value) : value; };
    out[name] = Array.isArray(values) ? values.map(map) : map(values);
  });
  return out;
}

// The filters are loaded only once the reader asks for them (the search page's button calls wantFilters) or a
// search uses one: Pagefind's filter files list every page under every value, so they grow with the corpus
// (347 KB at 10,000 plans, against 383 KB for everything else a first query fetches), and the header's
// search never shows them. Until then `filters()` and every search's counts are empty, and the interface
// draws no panel.
var filtersWanted = false;
export function wantFilters() {
  filtersWanted = true;
  return loadFilters();
}

// Every filter chunk, loaded once. A search that ends before they are loaded returns counts for the loaded
// groups only, and the interface then draws its panel from that partial list for good (a whole group, such
// as "Địa phương", went missing about one time in ten on a busy machine): searches wait for it.
var allFilters = null;
function loadFilters() {
  if (!allFilters) {
    if (starting) pagefind.options(startOptions({}));
    allFilters = pagefind.filters();
  }
  return allFilters;
}

// The counts of one search, with every group and value of the index (0 where the search has none).
function completeCounts(counts, all) {
  var out = {};
  Object.keys(all || {}).forEach(function (name) {
    out[name] = {};
    Object.keys(all[name]).forEach(function (value) { out[name][value] = 0; });
  });
  Object.keys(counts || {}).forEach(function (name) {
    out[name] = Object.assign(out[name] || {}, counts[name]);
  });
  return out;
}

export async function filters() {
  return filtersWanted ? escapeCounts(await loadFilters()) : {};
}

// The first results are ranked again by their passages (passages.js): these fragments are the ones the
// interface loads for its first page anyway.
var RERANK = 10;
var excerptLength = 30;

// Pagefind searches in the page itself rather than in a web worker: the worker's script is one more file
// (40 KB) for every first query, and a search takes milliseconds. The option counts only before Pagefind starts.
// Its ranking weighs how often a word is on a page against the page's length; but the index keeps one place of a
// word a page (PLACES_KEPT in plansite/search/pagefind.py), so every page seems to say it once and the length
// only pushes the long pages down: a plan that says `trẻ em` 300 times came after citation pages of 60 words
// (14th to 18th of 18 on the real corpus, Pagefind's default pageLength 0.75). A plan also holds the words in
// its title and in its text, at two weights, where a page known by its metadata holds them once: with length
// counting little, the first ten are plans whose text answers, the shorter first where all else is equal
// (0.02 to 0.4 gave the same first ten at 10,000 plans; the fixture's longest plan, 188/KH-UBND, stays among
// the first ten of its 18 results for `trẻ em` up to 0.05). Left out entirely (0), ties went to any ten plans,
// and their fragments (the whole text each) took the first query at 10,000 plans from 253 KB to 307; at 0.05,
// 283 KB (run_benchmark.py's count of Pagefind's files, `trẻ em`). Their passages then rank the ten (rerank).
var starting = true;
function startOptions(opts) {
  if (!starting) return opts;
  starting = false;
  return Object.assign({ noWorker: true, ranking: { pageLength: 0.05 } }, opts);
}

export async function options(opts) {
  if (opts && typeof opts.excerptLength === "number") excerptLength = opts.excerptLength;
  return pagefind.options(startOptions(opts || {}));
}

// The page a result opens marks the words as typed (search.js, highlightPage): Pagefind's link carries them
// without diacritics (`?highlight=bao&highlight=luc` for `bạo lực`, which then marked every `bảo` and `lực`).
function withTypedWords(url, terms) {
  var parts = url.split("#");
  var base = new URL(parts[0], "https://x/");
  base.searchParams.delete("highlight");
  terms.forEach(function (term) { base.searchParams.append("highlight", term.word); });
  var local = /^https:\/\/x\//.test(base.href) && !/^https?:/.test(parts[0]) ? base.pathname + base.search : base.href;
  return local + (parts.length > 1 ? "#" + parts.slice(1).join("#") : "");
}

// A search's pages split into words once for all its uses (passages.js, pageWords): by the data Pagefind gives
// (one object a page, which it keeps), for as long as the search's results are held.
function wordSplitter() {
  var split = new WeakMap();
  return function (data) {
    if (!split.has(data)) split.set(data, pageWords(data));
    return split.get(data);
  };
}

// Each result's data, read once and rewritten for the query: its best passages become its sub-results.
function withPassages(result, terms, wordsOf) {
  var promise = null;
  var own = Object.assign({}, result);
  own.data = function () {
    if (!promise) {
      promise = result.data().then(function (data) {
        var words = wordsOf(data);
        own.holds = terms.map(function (term) { return holdsTerm(words, term); });
        data.url = withTypedWords(data.url, terms);
        own.passages = rankPassages(data, terms, { excerptLength: excerptLength, words: words });
        return data;
      });
    }
    return promise;
  };
  return own;
}

// The query's words in the order typed, a repeated one repeated (queryTerms): as typed (`word`) or folded.
function typedWords(terms, form) {
  return terms.typed.map(function (t) { return t[form]; }).join(" ");
}

// Pagefind ranks pages by their words wherever they stand, so the pages that hold the words together may all be
// past the first ten (`Phú Quốc`: 15th and 24th of 31). Its phrase search (the words in double quotes, side by
// side in its index) names them: they come first. Asked only when none of the first ten holds them together,
// so a query whose first pages answer (the usual one) costs nothing more.
async function phraseFirst(results, terms, opts, exact) {
  var found = await searchWith("\"" + typedWords(terms, "word") + "\"", opts, exact);
  var ids = new Set((found && found.results || []).slice(0, RERANK).map(function (r) { return r.id; }));
  var keep = function (r) { return ids.has(r.id); };
  return ids.size ? results.filter(keep).concat(results.filter(function (r) { return !keep(r); })) : results;
}

async function rerank(results, terms) {
  var head = results.slice(0, RERANK);
  if (!head.length || !terms.length) return results;
  await Promise.all(head.map(function (r) { return r.data(); }));
  // A word of the query that no page of the first ten holds matched nothing: Pagefind searched for a shorter
  // word in its place (holdsTerm), and every page it gives is an answer to another query (`covid` gave 135
  // pages holding `có`). Pagefind gives a word either its own pages or that shorter word's, for all its
  // results alike, so the first ten tell: null.
  var absent = terms.some(function (_, k) { return !head.some(function (r) { return r.holds[k]; }); });
  if (absent) return null;
  if (head.length < 2) return results;
  var top = Math.max.apply(null, head.map(function (r) { return r.score || 0; })) || 1;
  var order = head.map(function (r, i) {
    var p = r.passages;
    // Pagefind's score keeps a share: it knows the weight of titles, numbers and names in the whole index.
    var value = p.score + 3 * (r.score || 0) / top;
    // A page of metadata only comes after the pages whose text answers, unless its own title does.
    if (p.stub && !p.titleAnswers) value *= 0.5;
    // Words typed together are asked together: a page that holds them so comes before one that holds them apart
    // (`Phú Quốc`: the page naming Thành phố Phú Quốc came after pages of Phú Thọ and of "Tổ quốc").
    return { result: r, value: value, index: i, together: terms.length > 1 && p.together ? 1 : 0 };
  });
  order.sort(function (a, b) { return b.together - a.together || b.value - a.value || a.index - b.index; });
  return order.map(function (o) { return o.result; }).concat(results.slice(RERANK));
}

// Pagefind's option `exactDiacritics` holds for every search until changed: searches run one after the other,
// each with its own setting. A query costs one Pagefind search when its words are all typed with diacritics or
// all without, two when it mixes them (three with filters), and one more when no page holds the words as typed
// (`search`, below); the index chunks are the same for all (Pagefind requests them by the folded words), so the
// searches after the first fetch nothing: they take milliseconds. Pagefind's `preload`, which the interface calls
// as the reader types, runs with the last search's setting: it only loads those chunks, so that does not matter.
var queue = Promise.resolve();
function searchWith(term, opts, exact) {
  var run = queue.then(function () {
    return pagefind.options(startOptions({ exactDiacritics: exact })).then(function () { return pagefind.search(term, opts); });
  });
  queue = run.catch(function () {});
  return run;
}

// What the last searches found of the words as typed: the interface says so above the results (search.js).
var notices = new Map();
export function notice(term) {
  return notices.get(String(term || "").normalize("NFC")) || "";
}

// Pagefind counts the filter values of all the pages its search finds; a query that mixes words typed with and
// without diacritics shows some of them (`search`), whose values filter-pages.js counts (`bao vệ`: 7 pages known
// by their metadata only were counted beside 13 results that held 6). Loaded for the first such query with the
// filters shown; if it cannot be, the counts stay Pagefind's.
var filterCounter = null;
function loadFilterCounter() {
  if (!filterCounter) {
    filterCounter = import("./filter-pages.js").then(function (module) {
      return module.filterCounter(new URL("../../pagefind/", import.meta.url).href);
    }).catch(function () { return null; });
  }
  return filterCounter;
}

// The pages that hold every word of `words` as typed, by id (the index holds each oa, oe, uy word in both tone
// placements: plansite/search/pagefind.py, other_tone_placements).
async function pagesAsTyped(words) {
  var exact = await searchWith(words.join(" "), {}, true);
  return new Set(((exact && exact.results) || []).map(function (r) { return r.id; }));
}

// Whether the pages found hold the words typed with diacritics as typed. Pagefind, given a word that no page
// holds so, may search the others alone (`đuối nước` gave the 41 pages of `nước`): the first ten tell, as in
// `rerank`, and they are the fragments the interface loads anyway.
async function heldAsTyped(result, terms, wordsOf) {
  if (!result.unfilteredResultCount) return false;
  var head = result.results.slice(0, RERANK);
  if (!head.length) return true;  // the filters leave none: the count without them says
  var pages = await Promise.all(head.map(function (r) { return r.data(); }));
  return terms.every(function (term) {
    return term.plain || pages.some(function (data) { return holdsTerm(wordsOf(data), term, true); });
  });
}

// A word typed with diacritics matches the same word: `đuối nước` is not `dưới nước`, `bạo lực` not `bảo`
// or `lục`; one typed without matches every spelling, each word by its own rule. Pagefind folds them all alike,
// or none (`exactDiacritics`): a query whose words all carry diacritics is searched as typed; one that mixes them
// is searched without, and only the pages that hold its words with diacritics as typed are kept (`bao lực`: any
// `bao`, `bảo`, `báo` with `lực`). Only when no page holds the words as typed are the words searched without
// their diacritics, and the interface says so (`notice`).
export async function search(term, options) {
  // As typed: a keyboard may send a letter and its marks apart (NFD), and the index holds NFC.
  if (typeof term === "string") term = term.normalize("NFC");
  var own = Object.assign({}, options || {});
  if (own.filters) own.filters = indexedFilters(own.filters);
  var filtered = !!(own.filters && Object.keys(own.filters).length);
  if (filtered) filtersWanted = true;
  var all = filtersWanted ? await loadFilters() : null;
  var terms = queryTerms(term);
  var wordsOf = wordSplitter();
  var typed = terms.filter(function (t) { return !t.plain; }).map(function (t) { return t.word; });
  var mixed = typed.length > 0 && typed.length < terms.length;
  var exact = typed.length > 0 && !mixed;
  var result = await searchWith(term, own, exact);
  var counted = null;  // the pages a mixed query keeps, with the filters and without: the filters count them
  if (mixed && result && result.results) {
    var kept = await pagesAsTyped(typed);
    var keep = function (r) { return kept.has(r.id); };
    result.results = result.results.filter(keep);
    var unfiltered = filtered ? (await searchWith(term, {}, false)).results.filter(keep) : result.results;
    result.unfilteredResultCount = unfiltered.length;
    counted = [result.results, unfiltered];
  }
  var message = "";
  if (typed.length && result && !(await heldAsTyped(result, terms, wordsOf))) {
    result = await searchWith(term, own, exact = false);
    counted = null;
    message = "Không trang nào có “" + typedWords(terms, "word") +
      "” đúng như đã gõ: dưới đây là kết quả cho các từ viết không dấu (“" + typedWords(terms, "folded") + "”).";
  }
  var count = counted && all && result.filters ? await loadFilterCounter() : null;
  if (count) {
    result.filters = count(counted[0]);
    result.totalFilters = completeCounts(count(counted[1]), all);
  }
  if (result && result.filters) result.filters = all ? escapeCounts(completeCounts(result.filters, all)) : {};
  if (result && result.totalFilters) result.totalFilters = all ? escapeCounts(result.totalFilters) : {};
  if (result && result.results) {
    var ranked = await rerank(result.results.map(function (r) { return withPassages(r, terms, wordsOf); }), terms);
    if (ranked && terms.length > 1 && !ranked.slice(0, RERANK).some(function (r) { return r.passages.together; })) {
      ranked = await rerank(await phraseFirst(ranked, terms, own, exact), terms);
    }
    if (ranked === null) {  // a word no page holds: nothing found, with or without filters
      result.results = [];
      message = "";
      result.unfilteredResultCount = 0;
      if (result.filters) result.filters = all ? escapeCounts(completeCounts({}, all)) : {};
    } else {
      result.results = ranked;
    }
    var head = result.results.slice(0, RERANK);
    if (!message && terms.length > 1 && head.length && !head.some(function (r) { return r.passages.together; })) {
      // Pagefind finds the pages that hold every word, wherever they stand: `điều tra` found `điều kiện` and
      // `kiểm tra`. The passages rank the words standing together first; when none of the first pages has
      // them so, the reader is told rather than shown other words as matches.
      message = "Các kết quả đầu không có “" + typedWords(terms, "word") +
        "” liền nhau như đã gõ, chỉ có từng từ ở những chỗ khác nhau.";
    }
  }
  notices.set(term, message);
  if (notices.size > 50) notices.delete(notices.keys().next().value);
  return result;
}
