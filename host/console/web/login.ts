// How the web page logs in to the SMCs of the site file: challenge-response
// AUTH (CHAL, then AUTH HMAC; docs/protocol.md), exactly as the CLI sends it
// (Session authenticates each SMC once per call, through Call.auth). The
// page, the API and the controller only call login() and show `name`.
import { authAgain } from "../operations";
import type { Session, SmcResult } from "../session";

export interface LoginMethod {
  /** What the page says the login is. */
  readonly name: string;
  /** Authenticates this call to every SMC of `ids`, in order; one result per SMC (never throws for an SMC's sake). */
  login(session: Session, ids: number[]): Promise<SmcResult[]>;
}

/** CHAL and AUTH HMAC with the credentials of the site file (the password never reaches the page, nor the line). */
export const challengeAuth: LoginMethod = {
  name: "challenge-response AUTH",
  login: async (session, ids) => {
    const results = await session.each(ids, "login", async () => undefined);
    // A failure on the way ended the permissions granted before it.
    await authAgain(session, results);
    return results;
  },
};
