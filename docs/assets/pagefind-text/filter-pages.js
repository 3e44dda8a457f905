// The pages of each filter value, read from Pagefind's bundle: the files Pagefind itself fetched for the filter
// panel (its metadata and filter files, then in the browser's cache), which its API gives only as counts. The
// search page counts with them the results of a query that mixes words typed with and without diacritics
// (pagefind.js, `search`), which are some of the pages of Pagefind's search: Pagefind's counts are for all of
// them. Loaded only for such a query with the filters shown.
//
// A bundle file is gzip'd `pagefind_dcd` and CBOR: the metadata [version, pages [[fragment name, …]…], chunks,
// filters [[filter, file name]…], …], a filter file [filter, [[value, [page number…]]…]] (as
// plansite/search/pagefind.py reads them). A result's id is its page's fragment name.

var SIGNATURE = "pagefind_dcd";

// One CBOR item of the kinds Pagefind writes: integers, text, arrays. [value, next position].
function item(bytes, at, text) {
  var major = bytes[at] >> 5, info = bytes[at] & 31;
  at++;
  var argument = info;
  if (info >= 24) {
    if (info > 27) throw new Error("CBOR: indefinite length or special value");
    argument = 0;
    for (var size = 1 << (info - 24); size > 0; size--) argument = argument * 256 + bytes[at++];
  }
  if (major === 0) return [argument, at];
  if (major === 1) return [-1 - argument, at];
  if (major === 3) return [text.decode(bytes.subarray(at, at + argument)), at + argument];
  if (major === 4) {
    var items = [];
    for (var i = 0; i < argument; i++) {
      var read = item(bytes, at, text);
      items.push(read[0]);
      at = read[1];
    }
    return [items, at];
  }
  throw new Error("CBOR: major type " + major);
}

async function read(url) {
  var response = await fetch(url);
  if (!response.ok) throw new Error(url + ": " + response.status);
  var bytes = new Uint8Array(await response.arrayBuffer());
  var text = new TextDecoder();
  if (text.decode(bytes.subarray(0, SIGNATURE.length)) !== SIGNATURE) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  if (text.decode(bytes.subarray(0, SIGNATURE.length)) !== SIGNATURE) throw new Error(url + ": not a Pagefind file");
  return item(bytes, SIGNATURE.length, text)[0];
}

// The counts of the filter values of some results ({filter: {value: count}}), by the filter files of the bundle
// at `bundlePath` in the page's language: each page's values are held as indexes into the list of every value
// (small numbers, one a page and filter value).
export async function filterCounter(bundlePath) {
  var entry = await (await fetch(bundlePath + "pagefind-entry.json?ts=" + Date.now())).json();
  var languages = entry.languages || {};
  var language = languages[document.documentElement.lang] || languages[Object.keys(languages)[0]];
  var meta = await read(bundlePath + "pagefind." + language.hash + ".pf_meta");
  var ids = meta[1].map(function (page) { return page[0]; });
  var files = await Promise.all(meta[3].map(function (filter) { return read(bundlePath + "filter/" + filter[1] + ".pf_filter"); }));
  var pairs = [], byPage = new Map();
  files.forEach(function (file, i) {
    file[1].forEach(function (value) {
      var pair = pairs.push([meta[3][i][0], value[0]]) - 1;
      value[1].forEach(function (number) {
        var list = byPage.get(ids[number]);
        if (!list) byPage.set(ids[number], list = []);
        list.push(pair);
      });
    });
  });
  return function (results) {
    var counts = {};
    results.forEach(function (r) {
      (byPage.get(r.id) || []).forEach(function (index) {
        var group = counts[pairs[index][0]] = counts[pairs[index][0]] || {};
        group[pairs[index][1]] = (group[pairs[index][1]] || 0) + 1;
      });
    });
    return counts;
  };
}
