// Pagefind's own API as the site's search uses it:
// - filter values made safe for its interface, which writes them into the page as HTML. Filter values are
//   names from corpus files (localities, agencies), so they reach the interface escaped, and are turned back
//   into the indexed values when the interface filters a search with them;
// - filters only once asked for (wantFilters), and then searches wait for every filter chunk (below);
// - results show their best passages and the first ones are ranked again by them (passages.js).
import * as pagefind from "../../pagefind/pagefind.js";
import { queryTerms, rankPassages } from "./passages.js";
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
var starting = true;
function startOptions(opts) {
  if (!starting) return opts;
  starting = false;
  return Object.assign({ noWorker: true }, opts);
}

export async function options(opts) {
  if (opts && typeof opts.excerptLength === "number") excerptLength = opts.excerptLength;
  return pagefind.options(startOptions(opts || {}));
}

// Each result's data, read once and rewritten for the query: its best passages become its sub-results.
function withPassages(result, terms) {
  var promise = null;
  var own = Object.assign({}, result);
  own.data = function () {
    if (!promise) {
      promise = result.data().then(function (data) {
        own.passages = rankPassages(data, terms, { excerptLength: excerptLength });
        return data;
      });
    }
    return promise;
  };
  return own;
}

async function rerank(results, terms) {
  var head = results.slice(0, RERANK);
  if (head.length < 2 || !terms.length) return results;
  await Promise.all(head.map(function (r) { return r.data(); }));
  var top = Math.max.apply(null, head.map(function (r) { return r.score || 0; })) || 1;
  var order = head.map(function (r, i) {
    var p = r.passages;
    // Pagefind's score keeps a share: it knows the weight of titles, numbers and names in the whole index.
    var value = p.score + 3 * (r.score || 0) / top;
    // A page of metadata only comes after the pages whose text answers, unless its own title does.
    if (p.stub && !p.titleAnswers) value *= 0.5;
    return { result: r, value: value, index: i };
  });
  order.sort(function (a, b) { return b.value - a.value || a.index - b.index; });
  return order.map(function (o) { return o.result; }).concat(results.slice(RERANK));
}

export async function search(term, options) {
  var own = Object.assign({}, options || {});
  if (own.filters) own.filters = indexedFilters(own.filters);
  if (own.filters && Object.keys(own.filters).length) filtersWanted = true;
  var all = filtersWanted ? await loadFilters() : null;
  var result = await pagefind.search(term, own);
  if (result && result.filters) result.filters = all ? escapeCounts(completeCounts(result.filters, all)) : {};
  if (result && result.totalFilters) result.totalFilters = all ? escapeCounts(result.totalFilters) : {};
  if (result && result.results) {
    var terms = queryTerms(term);
    result.results = await rerank(result.results.map(function (r) { return withPassages(r, terms); }), terms);
  }
  return result;
}
