// Expressions whose answers differ between Espruino's String indexOf and
// Node's, with Espruino 2v29's answers: the emulation and the real
// interpreter are both checked against them.
export const CASES = `["|BYE:00c|".indexOf("|FROB:"), "@2 POWER ON".indexOf("NO CARRIER"), "abcN".indexOf("NO"), "hello".indexOf("lo!"), "NO CARRIE".indexOf("NO CARRIER"), "N".indexOf("NO CARRIER"), "NO CARRIER!".indexOf("NO CARRIER"), "aNO CARRIER".indexOf("NO CARRIER"), "abcdefNO".indexOf("NO CARRIER"), "abcN".includes("NO"), "ab".indexOf("bc"), "abc".indexOf("cd", 1), "abc".indexOf(""), "a\\nb".indexOf("\\n"), "xxN".lastIndexOf("NO")].join(" ")`;
export const EXPECTED = "8 10 3 3 -1 -1 0 1 -1 true 1 2 0 1 -1";
