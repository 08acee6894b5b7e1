// The site's cable tap (host/dut/cableTap.ts) keeps each line whole when
// another cable's bytes come between its pieces, as the real interpreters'
// writes do under load (a search's line split round a neighbour's line was
// found once instead of once per hop, and auth-plain.real failed in CI).
import { describe, expect, it } from "vitest";
import { cableTap } from "../host/dut/cableTap";

describe("the cable tap", () => {
  it("records each direction's lines whole, in the order they ended, and only grows", () => {
    const tap = cableTap();
    const [a, b] = [tap.stream(), tap.stream()];
    a("#A 1 admin 0123");
    b("#H 0\r\n#K 1");
    expect(tap.text()).toBe("#H 0\r\n");
    a("456789abcdef P\r\n");
    b(" ok\r\n");
    expect(tap.text()).toBe("#H 0\r\n#A 1 admin 0123456789abcdef P\r\n#K 1 ok\r\n");
    const at = tap.text().length;
    a("AT\r");
    a("\r\nOK");
    expect(tap.text().slice(at)).toBe("AT\r\r\n");
    b("\n");
    a("\r\n");
    expect(tap.text().slice(at)).toBe("AT\r\r\n\nOK\r\n");
  });
});
