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

export async function filters() {
  return escapeCounts(await pagefind.filters());
}

export async function search(term, options) {
  var own = Object.assign({}, options || {});
  if (own.filters) own.filters = indexedFilters(own.filters);
  var result = await pagefind.search(term, own);
  if (result && result.filters) result.filters = escapeCounts(result.filters);
  if (result && result.totalFilters) result.totalFilters = escapeCounts(result.totalFilters);
  return result;
}
