// Pagefind's own API with filter values made safe for its interface, which writes them into the page as
// HTML. Filter values are names from corpus files (localities, agencies), so they reach the interface
// escaped, and are turned back into the indexed values when the interface filters a search with them.
import * as pagefind from "../../pagefind/pagefind.js";
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

// Every filter chunk, loaded once. A search that ends before they are loaded returns counts for the loaded
// groups only, and the interface then draws its panel from that partial list for good (a whole group, such
// as "Địa phương", went missing about one time in ten on a busy machine): searches wait for it.
var allFilters = null;
function loadFilters() {
  if (!allFilters) allFilters = pagefind.filters();
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
  return escapeCounts(await loadFilters());
}

export async function search(term, options) {
  var own = Object.assign({}, options || {});
  if (own.filters) own.filters = indexedFilters(own.filters);
  var all = await loadFilters();
  var result = await pagefind.search(term, own);
  if (result && result.filters) result.filters = escapeCounts(completeCounts(result.filters, all));
  if (result && result.totalFilters) result.totalFilters = escapeCounts(result.totalFilters);
  return result;
}
