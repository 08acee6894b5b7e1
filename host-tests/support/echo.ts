// What an SMC echoes of a typed line: the line, with the password word of
// AUTH, AUTH HMAC, CONFIG PASSWORD and [SYS PWD -U|-N] as "*" (docs/
// protocol.md, "Typed lines"). Written from the rule in the docs, not from
// the firmware's code, so a test of the echo checks the firmware against it.

/** The echo of `line` as typed (without its CR LF). */
export function echoOf(line: string): string {
  const parts = line.split(/( +)/);
  const words = parts.filter((p, i) => i % 2 === 0 && p !== "").map((w) => w.toUpperCase());
  const o = words[0]?.startsWith("@") ? 1 : 0;
  let secret = -1;
  if (words[o] === "AUTH") secret = o + (words[o + 1] === "HMAC" ? 3 : 2);
  else if (words[o] === "CONFIG" && words[o + 1] === "PASSWORD") secret = o + 2;
  else if (words[0] === "[SYS" && words[1] === "PWD") secret = words[2] === "-U" ? 4 : words[2] === "-N" ? 3 : -1;
  let n = -1;
  return parts
    .map((p, i) => {
      if (i % 2 === 1 || p === "") return p;
      n++;
      if (n !== secret) return p;
      return p.replace(/[^\]]/g, "*");
    })
    .join("");
}
