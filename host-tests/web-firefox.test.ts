// The web page in firefox: host-tests/support/webBrowser.ts.
import { browserSuite } from "./support/webBrowser";

browserSuite({ name: "firefox", command: "firefox-esr", pkg: "firefox-esr" });
