// The web page in chromium: host-tests/support/webBrowser.ts.
import { browserSuite } from "./support/webBrowser";

browserSuite({ name: "chromium", command: "chromium", pkg: "chromium" });
