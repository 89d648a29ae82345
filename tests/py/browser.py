"""Renders a report.html in headless Chromium (Debian's chromium, installed
by scripts/deps.sh) and returns what a reader's browser sees: the page's
scroll width at a window width, the images that did not load, and the
console errors. Standard library only: a copy of the page with a small
inline script (errors caught from the start, facts written into a <pre>
on load) is rendered with --dump-dom, and the <pre> read back.
"""

import html
import json
import os
import re
import shutil
import subprocess

PROBE = """<script>
window.__irqbench_errors = [];
window.addEventListener("error", function (e) {
  window.__irqbench_errors.push(e.message || ("failed to load " + (e.target && (e.target.src || e.target.href))));
}, true);
(function () {
  var error = console.error;
  console.error = function () {
    window.__irqbench_errors.push(Array.prototype.join.call(arguments, " "));
    error.apply(console, arguments);
  };
})();
window.addEventListener("load", function () {
  var broken = [];
  for (var i = 0; i < document.images.length; i++) {
    var img = document.images[i];
    if (!img.complete || img.naturalWidth === 0) broken.push(img.getAttribute("src"));
  }
  var pre = document.createElement("pre");
  pre.id = "irqbench-facts";
  pre.textContent = JSON.stringify({scrollWidth: document.documentElement.scrollWidth,
                                    innerWidth: window.innerWidth, broken: broken,
                                    errors: window.__irqbench_errors});
  document.body.appendChild(pre);
});
</script>"""


def chromium():
    """The Chromium command, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def facts(report, width=1400, timeout=90):
    """{scrollWidth, innerWidth, broken, errors} of report (a path to a
    report.html) rendered at width px; raises RuntimeError when Chromium
    gives no answer."""
    folder = os.path.dirname(os.path.abspath(report))
    with open(report, encoding="utf-8") as f:
        page = f.read()
    probe_copy = os.path.join(folder, ".browser-check.html")
    with open(probe_copy, "w", encoding="utf-8") as f:
        f.write(page.replace("<head>", "<head>\n" + PROBE, 1))
    try:
        out = subprocess.run([chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
                              "--window-size=%d,900" % width, "--virtual-time-budget=10000",
                              "--dump-dom", "file://" + probe_copy],
                             capture_output=True, timeout=timeout, text=True, errors="replace")
    finally:
        os.remove(probe_copy)
    found = re.search(r'<pre id="irqbench-facts">(.*?)</pre>', out.stdout, re.S)
    if not found:
        raise RuntimeError("chromium exited %d without the page's facts: %s"
                           % (out.returncode, out.stderr.strip().splitlines()[-1:] or "no message"))
    return json.loads(html.unescape(found.group(1)))


def problems(found, width):
    """What a reader would see wrong: overflow, broken images, errors."""
    out = []
    if found["scrollWidth"] > width:
        out.append("horizontal overflow at %d px: the page is %d px wide" % (width, found["scrollWidth"]))
    out += ["broken image: %s" % src for src in found["broken"]]
    out += ["console error: %s" % e for e in found["errors"]]
    return out
