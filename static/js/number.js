// The Latvian number reader of the browser: the same rule as the server's
// submissions.validation.read_number, checked against the same table of cases
// (tests/number_cases.json) by the Python tests and, in Chromium, by
// tests/browser/test_number_reader.py.
//
// Read the same: "6,5" and "6.5"; "1 500", "1500" and "1 500" grouped with a non-breaking
// or narrow non-breaking space; "1 500,50", "1500.50". Refused, never guessed: a point or
// a comma followed by exactly three digits after one to three digits ("1.500", "1,500"),
// more than one separator ("1,500,5", "1.500,50"), a sign, letters.
(function (root) {
  "use strict";
  var SPACES = /[ \u00a0\u202f\u2009]/g;
  var GROUPED = /^\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+$/;
  var NUMBER = /^(\d+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+)(?:([.,])(\d+))?$/;
  var NEGATIVE = /^[-\u2212\u2013]\s*\d/;
  var SEPARATED = /^[\d.,\s\u00a0\u202f\u2009]+$/;

  // {value: "1500.50"} (the digits, exact; null when empty) or {error: "ambiguous" |
  // "negative" | "not_a_number"}, as read_number returns a Decimal or raises NumberError.
  function readNumber(text) {
    text = String(text === null || text === undefined ? "" : text).trim();
    if (text === "") { return {value: null}; }
    if (NEGATIVE.test(text)) { return {error: "negative"}; }
    var match = NUMBER.exec(text);
    if (!match) {
      var separators = text.replace(/[^.,]/g, "");
      if (separators.length > 1 && SEPARATED.test(text)) { return {error: "ambiguous"}; }
      return {error: "not_a_number"};
    }
    var whole = match[1], separator = match[2], decimals = match[3] || "";
    if (separator && decimals.length === 3 && !GROUPED.test(whole) && whole.length <= 3 &&
        whole !== "0") {
      return {error: "ambiguous"};
    }
    return {value: whole.replace(SPACES, "") + (decimals ? "." + decimals : "")};
  }

  root.libreportNumbers = {readNumber: readNumber};
})(window);
